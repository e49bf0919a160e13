import type { Dispatcher } from 'undici';
import type { ServiceBusMessage } from '../../domain/job.js';
import type { PlainSecret } from '../../domain/secret.js';
import type { Clock } from '../../ports/clock.js';
import type { AttemptContext, AttemptResult } from '../../ports/executor.js';
import { maskSecrets, sasSignatureForms } from '../common/mask-secrets.js';
import { result } from '../common/result.js';
import { trackingHeaders } from '../common/tracking.js';
import type { AttemptSignal } from '../net/deadline.js';
import { failureReason } from '../net/failure-reason.js';
import { send } from '../net/send.js';
import { statusText } from '../net/status-text.js';
import { asciiJson, brokerProperties } from './broker-properties.js';
import { errorDetail, errorResponse, noResponse, sent, type Entity } from './messages.js';
import { sasToken } from './sas.js';

export interface ServiceBusExecutorDeps {
  readonly clock: Clock;
  readonly dispatcher: Dispatcher;
  readonly timeoutMs: number;
  readonly userAgent: string;
  /** `outbound.serviceBusEndpointTemplate`: `{namespace}` is replaced. */
  readonly endpointTemplate: string;
}

/** `{endpoint}/{entity}` with each path segment of the entity percent-encoded. */
export function entityUri(template: string, namespace: string, entity: string): string {
  const endpoint = template.replaceAll('{namespace}', encodeURIComponent(namespace)).replace(/\/+$/, '');
  return `${endpoint}/${entity.split('/').map(encodeURIComponent).join('/')}`;
}

/**
 * The request headers of a send: Authorization, Content-Type, BrokerProperties, then custom
 * properties and tracking properties as JSON string literals (tracking ones win on a name clash).
 */
export function serviceBusHeaders(
  m: ServiceBusMessage<PlainSecret>,
  ctx: AttemptContext,
  authorization: string,
  userAgent: string,
): [string, string][] {
  const tracking = trackingHeaders(ctx);
  const reserved = new Set([
    'authorization',
    'content-type',
    'brokerproperties',
    'user-agent',
    'host',
    'content-length',
  ]);
  const trackingNames = new Set(tracking.map(([n]) => n.toLowerCase()));
  const headers: [string, string][] = [
    ['Authorization', authorization],
    ['Content-Type', m.brokeredMessageProperties?.contentType ?? 'text/plain; charset=utf-8'],
    ['BrokerProperties', brokerProperties(m.brokeredMessageProperties, ctx.executionTag)],
    ['User-Agent', userAgent],
  ];
  for (const [name, value] of m.customMessageProperties ?? []) {
    const lower = name.toLowerCase();
    if (trackingNames.has(lower) || reserved.has(lower)) continue;
    headers.push([name, asciiJson(value)]);
  }
  for (const [name, value] of tracking) headers.push([name, asciiJson(value)]);
  return headers;
}

/**
 * Runs `serviceBusQueue` and `serviceBusTopic` actions over the REST send protocol
 * (docs/reference/scheduling-rules.md §6.3).
 */
export class ServiceBusExecutor {
  constructor(private readonly deps: ServiceBusExecutorDeps) {}

  async execute(
    m: ServiceBusMessage<PlainSecret>,
    entity: Entity,
    ctx: AttemptContext,
    signal: AttemptSignal,
  ): Promise<AttemptResult> {
    const { clock } = this.deps;
    const startedAt = clock.now();
    // The secrets sent, in the forms sent: a front end may echo the Authorization it got in its body,
    // its reason phrase or a reason phrase cut off mid-body; none of them reaches history.
    const secrets = [m.authentication.sasKey];
    try {
      const uri = entityUri(this.deps.endpointTemplate, m.namespace, entity.name);
      const token = sasToken(uri, m.authentication.sasKeyName, m.authentication.sasKey, clock.now());
      secrets.push(token, ...sasSignatureForms(token));
      const res = await send(this.deps.dispatcher, {
        url: new URL(`${uri}/messages`),
        method: 'POST',
        headers: serviceBusHeaders(m, ctx, token, this.deps.userAgent),
        body: Buffer.from(m.message, 'utf8'),
        maxBodyBytes: 64 * 1024,
        signal,
      });
      const text = maskSecrets(statusText(res.status, res.reason), secrets);
      if (res.status >= 200 && res.status <= 299)
        return result(clock, startedAt, true, sent(entity, m.namespace, text));
      // Masked before errorDetail cuts it, so that no part of a secret is kept.
      const detail = errorDetail(maskSecrets(res.body.toString('utf8'), secrets));
      return result(clock, startedAt, false, errorResponse(entity, m.namespace, text, detail));
    } catch (err) {
      const reason = maskSecrets(failureReason(err), secrets);
      return result(clock, startedAt, false, noResponse(entity, m.namespace, reason));
    }
  }
}
