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

export const ACTION_LABELS: Record<ActionDoc['type'], string> = {
  http: 'HTTP',
  https: 'HTTPS',
  storageQueue: 'Storage Queue',
  serviceBusQueue: 'Service Bus queue',
  serviceBusTopic: 'Service Bus topic',
};
