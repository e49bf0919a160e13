import type { ActionBody } from '../domain/job.js';

/** The target an action talks to, for per-host limits. */
export function targetHost(action: ActionBody<unknown>): string {
  switch (action.type) {
    case 'http':
    case 'https':
      try {
        return `http:${new URL(action.request.uri).host.toLowerCase()}`;
      } catch {
        return 'http:?';
      }
    case 'storageQueue':
      return `queue:${action.queueMessage.storageAccount.toLowerCase()}`;
    case 'serviceBusQueue':
      return `sb:${action.serviceBusQueueMessage.namespace.toLowerCase()}`;
    case 'serviceBusTopic':
      return `sb:${action.serviceBusTopicMessage.namespace.toLowerCase()}`;
  }
}
