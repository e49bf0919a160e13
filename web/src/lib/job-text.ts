/** One-line descriptions of a job's action. */
import type { ActionDoc } from '../api/types.js';

export function targetText(a: ActionDoc | undefined): string {
  if (!a) return '';
  if (a.request) return `${a.request.method} ${a.request.uri}`;
  if (a.queueMessage) return `Storage queue ${a.queueMessage.storageAccount}/${a.queueMessage.queueName}`;
  const sb = a.serviceBusQueueMessage ?? a.serviceBusTopicMessage;
  if (sb) return `Service Bus ${sb.namespace}/${sb.queueName ?? sb.topicPath ?? ''}`;
  return a.type;
}

/**
 * The action with its kind, for the job's summary: `HTTP: GET https://…`, `Storage Queue: acct/queue`,
 * `Service Bus topic: ns/path` (the kind once, where `targetText` names it for lists).
 */
export function actionLine(a: ActionDoc): string {
  const sb = a.serviceBusQueueMessage ?? a.serviceBusTopicMessage;
  const where = a.request
    ? `${a.request.method} ${a.request.uri}`
    : a.queueMessage
      ? `${a.queueMessage.storageAccount}/${a.queueMessage.queueName}`
      : sb
        ? `${sb.namespace}/${sb.queueName ?? sb.topicPath ?? ''}`
        : '';
  return where === '' ? ACTION_LABELS[a.type] : `${ACTION_LABELS[a.type]}: ${where}`;
}

export const ACTION_LABELS: Record<ActionDoc['type'], string> = {
  http: 'HTTP',
  https: 'HTTPS',
  storageQueue: 'Storage Queue',
  serviceBusQueue: 'Service Bus queue',
  serviceBusTopic: 'Service Bus topic',
};
