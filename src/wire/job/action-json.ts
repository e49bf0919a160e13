/**
 * `action` and `errorAction` (docs/reference/classic-operations.md §6.3): the sub-object matching `type` is
 * required; sub-objects of other types are ignored and not stored.
 */
import { badRequest } from '../../domain/errors.js';
import { extend } from '../../domain/extend.js';
import type { ActionBody, ActionType, ErrorAction, JobAction } from '../../domain/job.js';
import type { PlainSecret } from '../../domain/secret.js';
import { JsonFields } from '../json-object.js';
import type { ActionParseContext, FormatMode } from './context.js';
import { formatHttpRequest, parseHttpRequest } from './http-request-json.js';
import { formatQueueMessage, parseQueueMessage } from './queue-json.js';
import { formatRetryPolicy, parseRetryPolicy } from './retry-policy-json.js';
import { formatServiceBusMessage, parseEntity, parseServiceBusMessage } from './service-bus-json.js';

export const ACTION_TYPES: readonly ActionType[] = [
  'http',
  'https',
  'storageQueue',
  'serviceBusQueue',
  'serviceBusTopic',
];

/** The member holding the type's details. */
export const SUB_OBJECT: Readonly<Record<ActionType, string>> = {
  http: 'request',
  https: 'request',
  storageQueue: 'queueMessage',
  serviceBusQueue: 'serviceBusQueueMessage',
  serviceBusTopic: 'serviceBusTopicMessage',
};

function parseBody(f: JsonFields, ctx: ActionParseContext): ActionBody<PlainSecret> {
  const type = f.requiredEnum('type', ACTION_TYPES);
  const member = SUB_OBJECT[type];
  const sub = f.get(member);
  if (sub === undefined) throw badRequest(`${f.at(member)}: is required for action type ${type}`);
  const at = f.at(member);
  switch (type) {
    case 'http':
    case 'https':
      return { type, request: parseHttpRequest(sub, at, type, ctx.limits) };
    case 'storageQueue':
      return { type, queueMessage: parseQueueMessage(sub, at, ctx.limits) };
    case 'serviceBusQueue':
      return {
        type,
        serviceBusQueueMessage: {
          queueName: parseEntity(sub, at, 'queueName'),
          ...parseServiceBusMessage(sub, at, ctx.limits),
        },
      };
    case 'serviceBusTopic':
      return {
        type,
        serviceBusTopicMessage: {
          topicPath: parseEntity(sub, at, 'topicPath'),
          ...parseServiceBusMessage(sub, at, ctx.limits),
        },
      };
  }
}

export function parseJobAction(
  value: unknown,
  path: string,
  ctx: ActionParseContext,
): JobAction<PlainSecret> {
  const f = JsonFields.of(value, path);
  const body = parseBody(f, ctx);
  const retry = f.get('retryPolicy');
  const error = f.get('errorAction');
  return extend(
    body,
    retry !== undefined ? { retryPolicy: parseRetryPolicy(retry, f.at('retryPolicy'), ctx) } : {},
    error !== undefined ? { errorAction: parseErrorAction(error, f.at('errorAction'), ctx) } : {},
  );
}

function parseErrorAction(value: unknown, path: string, ctx: ActionParseContext): ErrorAction<PlainSecret> {
  const f = JsonFields.of(value, path);
  // Rejected rather than ignored: silently dropping it would hide that it never runs.
  if (f.has('errorAction'))
    throw badRequest(`${f.at('errorAction')}: an error action cannot have its own error action`);
  const body = parseBody(f, ctx);
  const retry = f.get('retryPolicy');
  return extend(
    body,
    retry !== undefined ? { retryPolicy: parseRetryPolicy(retry, f.at('retryPolicy'), ctx) } : {},
  );
}

export function formatActionBody(
  a: ActionBody<unknown>,
  mode: FormatMode,
  secret: (s: unknown) => string,
): Record<string, unknown> {
  switch (a.type) {
    case 'http':
    case 'https':
      return { request: formatHttpRequest(a.request, mode, secret), type: a.type };
    case 'storageQueue':
      return { queueMessage: formatQueueMessage(a.queueMessage, mode, secret), type: a.type };
    case 'serviceBusQueue': {
      const { queueName, ...m } = a.serviceBusQueueMessage;
      return {
        serviceBusQueueMessage: formatServiceBusMessage(m, { queueName }, mode, secret),
        type: a.type,
      };
    }
    case 'serviceBusTopic': {
      const { topicPath, ...m } = a.serviceBusTopicMessage;
      return {
        serviceBusTopicMessage: formatServiceBusMessage(m, { topicPath }, mode, secret),
        type: a.type,
      };
    }
  }
}

export function formatJobAction(
  a: JobAction<unknown>,
  mode: FormatMode,
  secret: (s: unknown) => string,
): Record<string, unknown> {
  const out = formatActionBody(a, mode, secret);
  if (a.retryPolicy) out['retryPolicy'] = formatRetryPolicy(a.retryPolicy);
  if (a.errorAction) {
    const e = formatActionBody(a.errorAction, mode, secret);
    if (a.errorAction.retryPolicy) e['retryPolicy'] = formatRetryPolicy(a.errorAction.retryPolicy);
    out['errorAction'] = e;
  }
  return out;
}
