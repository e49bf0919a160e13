import type { BrokeredMessageProperties } from '../../domain/job.js';
import { TICKS_PER_MS } from '../../domain/time.js';
import { rfc1123 } from '../common/time-format.js';

/**
 * The `BrokerProperties` header JSON (docs/reference/scheduling-rules.md §6.3), keys in the REST protocol's casing
 * and in a fixed order. MessageId defaults to the execution tag so Service Bus duplicate detection drops
 * re-deliveries of one occurrence. A TimeToLive that was not a duration is ignored.
 */
export function brokerProperties(props: BrokeredMessageProperties | undefined, executionTag: string): string {
  const p = props ?? {};
  const out: Record<string, string | number | boolean> = {};
  const put = (key: string, value: string | number | boolean | undefined): void => {
    if (value !== undefined) out[key] = value;
  };
  put('CorrelationId', p.correlationId);
  put('ForcePersistence', p.forcePersistence);
  put('Label', p.label);
  put('MessageId', p.messageId ?? executionTag);
  put('PartitionKey', p.partitionKey);
  put('ReplyTo', p.replyTo);
  put('ReplyToSessionId', p.replyToSessionId);
  put(
    'ScheduledEnqueueTimeUtc',
    p.scheduledEnqueueTimeUtc ? rfc1123(p.scheduledEnqueueTimeUtc.ms) : undefined,
  );
  put('SessionId', p.sessionId);
  put('TimeToLive', typeof p.timeToLive === 'number' ? p.timeToLive / TICKS_PER_MS / 1000 : undefined);
  put('To', p.to);
  put('ViaPartitionKey', p.viaPartitionKey);
  return asciiJson(out);
}

/** JSON with every non-ASCII character escaped, so it is a valid HTTP header value. */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
