/**
 * `serviceBusQueueMessage` / `serviceBusTopicMessage` (docs/reference/classic-operations.md §6.6). Every member is
 * echoed as stored except `sasKey`. `timeToLive` is a TimeSpan; a value that is not a duration (the .NET
 * model types it as a date-time) is kept verbatim, echoed and ignored when sending.
 */
import { badRequest } from '../../domain/errors.js';
import type {
  BrokeredMessageProperties,
  ServiceBusMessage,
  ServiceBusTransportType,
} from '../../domain/job.js';
import type { WireLimits } from '../../domain/limits.js';
import type { PlainSecret } from '../../domain/secret.js';
import { formatDateTime, parsePreciseTime } from '../datetime.js';
import { formatTimeSpan, parseDuration } from '../duration.js';
import { checkString, JsonFields } from '../json-object.js';
import type { FormatMode } from './context.js';
import { HTTP_TOKEN } from './http-request-json.js';
import { requireDnsLabel, requireEntityName } from './queue-json.js';
import { extend } from '../../domain/extend.js';

const TRANSPORTS: readonly ServiceBusTransportType[] = ['NetMessaging', 'AMQP', 'NotSpecified'];
const STRING_PROPS = [
  'contentType',
  'correlationId',
  'label',
  'messageId',
  'partitionKey',
  'replyTo',
  'replyToSessionId',
  'sessionId',
  'to',
  'viaPartitionKey',
] as const;

export function parseServiceBusMessage(
  value: unknown,
  path: string,
  limits: WireLimits,
): ServiceBusMessage<PlainSecret> {
  const f = JsonFields.of(value, path);
  const auth = f.requiredObject('authentication');
  const transportType = f.optionalEnum('transportType', TRANSPORTS);
  const brokered = f.optionalObject('brokeredMessageProperties');
  const brokeredMessageProperties = brokered ? parseBrokered(brokered) : undefined;
  const custom = parseCustomProperties(f.get('customMessageProperties'), f.at('customMessageProperties'));
  return {
    namespace: requireDnsLabel(f.requiredString('namespace', { nonEmpty: true }), f.at('namespace')),
    ...(transportType !== undefined ? { transportType } : {}),
    authentication: {
      type: auth.optionalEnum('type', ['SharedAccessKey', 'NotSpecified'] as const) ?? 'SharedAccessKey',
      sasKeyName: auth.requiredString('sasKeyName', { nonEmpty: true }),
      sasKey: auth.requiredString('sasKey', { nonEmpty: true }),
    },
    message: f.requiredString('message', { max: limits.maxMessageChars }),
    ...(brokeredMessageProperties ? { brokeredMessageProperties } : {}),
    ...(custom.length > 0 ? { customMessageProperties: custom } : {}),
  };
}

/** The queue or topic name member, checked like the other entity names. */
export function parseEntity(value: unknown, path: string, member: 'queueName' | 'topicPath'): string {
  const f = JsonFields.of(value, path);
  return requireEntityName(f.requiredString(member, { nonEmpty: true }), f.at(member));
}

function parseBrokered(f: JsonFields): BrokeredMessageProperties | undefined {
  const out: { -readonly [K in keyof BrokeredMessageProperties]: BrokeredMessageProperties[K] } = {};
  for (const name of STRING_PROPS) {
    const v = f.optionalString(name);
    if (v !== undefined) out[name] = v;
  }
  const persist = f.optionalBoolean('forcePersistence');
  if (persist !== undefined) out.forcePersistence = persist;
  const enqueue = f.get('scheduledEnqueueTimeUtc');
  // "Utc" by name: a value without an offset is UTC, never the recurrence time zone.
  if (enqueue !== undefined)
    out.scheduledEnqueueTimeUtc = parsePreciseTime(enqueue, f.at('scheduledEnqueueTimeUtc'));
  const ttl = f.optionalString('timeToLive');
  if (ttl !== undefined) out.timeToLive = parseTimeToLive(ttl, f.at('timeToLive'));
  return Object.keys(out).length > 0 ? out : undefined;
}

function parseTimeToLive(text: string, path: string): BrokeredMessageProperties['timeToLive'] {
  try {
    const ticks = parseDuration(text, path);
    if (ticks >= 0) return ticks;
  } catch {
    // Not a duration (or beyond 2^53 ticks, e.g. TimeSpan.MaxValue): kept verbatim, echoed exactly.
  }
  return { verbatim: text };
}

/** Custom properties travel as HTTP headers, so names follow header rules. Order kept. */
function parseCustomProperties(value: unknown, path: string): [string, string][] {
  if (value === undefined) return [];
  const f = JsonFields.of(value, path);
  const seen = new Map<string, string>();
  const out: [string, string][] = [];
  for (const [name, raw] of Object.entries(value as Record<string, unknown>)) {
    const at = f.at(name);
    if (!HTTP_TOKEN.test(name)) throw badRequest(`${at}: the property name must be an HTTP token`);
    const earlier = seen.get(name.toLowerCase());
    if (earlier !== undefined)
      throw badRequest(`${at}: repeats the property '${earlier}' (names are case-insensitive)`);
    seen.set(name.toLowerCase(), name);
    out.push([name, checkString(raw, at)]);
  }
  return out;
}

export function formatServiceBusMessage(
  m: ServiceBusMessage<unknown>,
  entity: { readonly queueName: string } | { readonly topicPath: string },
  mode: FormatMode,
  secret: (s: unknown) => string,
): Record<string, unknown> {
  const out: Record<string, unknown> = extend(entity, { namespace: m.namespace });
  if (m.transportType !== undefined) out['transportType'] = m.transportType;
  out['authentication'] =
    mode === 'internal'
      ? {
          sasKeyName: m.authentication.sasKeyName,
          sasKey: secret(m.authentication.sasKey),
          type: m.authentication.type,
        }
      : { sasKeyName: m.authentication.sasKeyName, type: m.authentication.type };
  out['message'] = m.message;
  if (m.brokeredMessageProperties)
    out['brokeredMessageProperties'] = formatBrokered(m.brokeredMessageProperties);
  if (m.customMessageProperties?.length)
    out['customMessageProperties'] = Object.fromEntries(m.customMessageProperties);
  return out;
}

function formatBrokered(p: BrokeredMessageProperties): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const put = (k: string, v: unknown): void => {
    if (v !== undefined) out[k] = v;
  };
  put('contentType', p.contentType);
  put('correlationId', p.correlationId);
  put('forcePersistence', p.forcePersistence);
  put('label', p.label);
  put('messageId', p.messageId);
  put('partitionKey', p.partitionKey);
  put('replyTo', p.replyTo);
  put('replyToSessionId', p.replyToSessionId);
  put('scheduledEnqueueTimeUtc', p.scheduledEnqueueTimeUtc && formatDateTime(p.scheduledEnqueueTimeUtc));
  put('sessionId', p.sessionId);
  const ttl = p.timeToLive;
  put(
    'timeToLive',
    ttl === undefined ? undefined : typeof ttl === 'number' ? formatTimeSpan(ttl) : ttl.verbatim,
  );
  put('to', p.to);
  put('viaPartitionKey', p.viaPartitionKey);
  return out;
}
