/**
 * `queueMessage` of a storageQueue action (docs/reference/classic-operations.md §6.5): all four members required;
 * `sasToken` is write-only and kept exactly as sent (a leading `?` is the executor's concern, but a
 * token that is only that `?` is empty). `queueName` follows Azure Storage's rule for queue names,
 * so a name every run would fail with (InvalidResourceName, OutOfRangeInput) is refused when written,
 * and so is a `message` holding characters the request's XML cannot carry.
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

/** Azure Storage queue names: 3–63 lower-case letters, digits and single hyphens, a letter or digit at each end. */
const STORAGE_QUEUE_NAME = /^(?=.{3,63}$)[a-z0-9](?:[a-z0-9]|-(?!-))*[a-z0-9]$/;

function requireStorageQueueName(value: string, path: string): string {
  if (!STORAGE_QUEUE_NAME.test(value)) {
    throw badRequest(
      `${path}: must be 3 to 63 lower-case letters, digits or hyphens, starting and ending with a letter or digit, with no two hyphens in a row (Azure Storage's rule for queue names)`,
    );
  }
  return value;
}

/**
 * Characters XML 1.0 cannot carry: C0 controls other than tab, line feed and carriage return,
 * U+FFFE, U+FFFF and unpaired surrogates. The message goes out inside the Put Message request's XML
 * (`<QueueMessage><MessageText>`), which Azure Storage refuses (400) when it holds one. Answers the
 * index of the first such character, or -1.
 */
function firstNonXmlChar(value: string): number {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 ? c !== 0x09 && c !== 0x0a && c !== 0x0d : c === 0xfffe || c === 0xffff) return i;
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return i;
      i++; // a pair
    } else if (c >= 0xdc00 && c <= 0xdfff) return i;
  }
  return -1;
}

function requireXmlText(value: string, path: string): string {
  const at = firstNonXmlChar(value);
  if (at >= 0) {
    const code = value.charCodeAt(at).toString(16).toUpperCase().padStart(4, '0');
    throw badRequest(
      `${path}: must not contain U+${code} at position ${at}: the message is sent inside XML, which cannot carry control characters other than tab and line breaks, U+FFFE, U+FFFF or unpaired surrogates`,
    );
  }
  return value;
}

function requireSasToken(value: string, path: string): string {
  if (value === '?') throw badRequest(`${path}: must not be empty (the leading '?' is optional)`);
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
    queueName: requireStorageQueueName(f.requiredString('queueName', { nonEmpty: true }), f.at('queueName')),
    sasToken: requireSasToken(f.requiredString('sasToken', { nonEmpty: true }), f.at('sasToken')),
    message: requireXmlText(f.requiredString('message', { max: limits.maxMessageChars }), f.at('message')),
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
