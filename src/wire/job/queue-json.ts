/**
 * `queueMessage` of a storageQueue action (docs/reference/classic-operations.md §6.5): all four members required;
 * `sasToken` is write-only and kept exactly as sent (a leading `?` is the executor's concern).
 */
import { badRequest } from '../../domain/errors.js';
import type { QueueMessage } from '../../domain/job.js';
import type { WireLimits } from '../../domain/limits.js';
import type { PlainSecret } from '../../domain/secret.js';
import { JsonFields } from '../json-object.js';
import { hasSpaceOrControl } from '../text.js';
import type { FormatMode } from './context.js';

/**
 * Account and namespace names are substituted into a host name (`{account}.queue.core.windows.net`),
 * so they must be one DNS label: anything else could point the request at another host.
 */
export const DNS_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

export function requireDnsLabel(value: string, path: string): string {
  if (!DNS_LABEL.test(value)) {
    throw badRequest(
      `${path}: must be 1 to 63 letters, digits or hyphens, starting and ending with a letter or digit`,
    );
  }
  return value;
}

/** Queue, topic and entity names end up in a URL path: no separators, whitespace or controls. */
export function requireEntityName(value: string, path: string): string {
  if (hasSpaceOrControl(value) || /[?#\\]/.test(value)) {
    throw badRequest(`${path}: must not contain whitespace, control characters, '?', '#' or '\\'`);
  }
  return value;
}

export function parseQueueMessage(
  value: unknown,
  path: string,
  limits: WireLimits,
): QueueMessage<PlainSecret> {
  const f = JsonFields.of(value, path);
  return {
    storageAccount: requireDnsLabel(
      f.requiredString('storageAccount', { nonEmpty: true }),
      f.at('storageAccount'),
    ),
    queueName: requireEntityName(f.requiredString('queueName', { nonEmpty: true }), f.at('queueName')),
    sasToken: f.requiredString('sasToken', { nonEmpty: true }),
    message: f.requiredString('message', { max: limits.maxMessageChars }),
  };
}

export function formatQueueMessage(
  q: QueueMessage<unknown>,
  mode: FormatMode,
  secret: (s: unknown) => string,
): Record<string, unknown> {
  return mode === 'internal'
    ? {
        storageAccount: q.storageAccount,
        queueName: q.queueName,
        sasToken: secret(q.sasToken),
        message: q.message,
      }
    : { storageAccount: q.storageAccount, queueName: q.queueName, message: q.message };
}
