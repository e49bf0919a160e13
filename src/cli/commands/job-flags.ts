/**
 * Flags of `takt jobs create|set` → a wire job document (docs/reference/classic-operations.md §6). Only the members the
 * flags name are written, so the same builder serves a full definition (create) and a partial one
 * (set = PATCH merge). Flag errors name the flag.
 */
import { UsageError } from '../client/api-error.js';
import { parseChoice, parsePositiveInt } from './remote.js';
import { recurrenceFromFlags, recurrencePatch, type ScheduleFlags } from './schedule-flags.js';
import { obj } from '../output/wire-values.js';
import { authentication, authenticationPatch, refuseOtherKinds, type AuthFlags } from './auth-flags.js';
import { flagName, need, readText } from './flag-values.js';
import { errorActionFromFlags, type ErrorActionFlags } from './error-action-flags.js';
import { headerFlag, mergedHeaderFlags, methodFlag, uriFlag } from './http-flags.js';

export interface JobFlags extends ScheduleFlags, ErrorActionFlags, AuthFlags {
  readonly uri?: string;
  readonly method?: string;
  readonly header?: readonly string[];
  readonly body?: string;
  readonly bodyFile?: string;
  readonly queueAccount?: string;
  readonly queueName?: string;
  readonly sasToken?: string;
  readonly message?: string;
  readonly sbNamespace?: string;
  readonly sbQueue?: string;
  readonly sbTopic?: string;
  readonly sasKeyName?: string;
  readonly sasKey?: string;
  readonly startTime?: string;
  readonly retry?: string;
  readonly retryInterval?: string;
  readonly retryCount?: string;
  readonly disabled?: boolean;
}

type Doc = Record<string, unknown>;

export const collect = (value: string, previous: readonly string[] = []): string[] => [...previous, value];

/** Flags that describe another kind of action than the one being written are refused, not dropped. */
function refuseFlags(f: JobFlags, keys: readonly (keyof JobFlags)[], only: string): void {
  for (const key of keys) {
    const v = f[key];
    if (v !== undefined && !(Array.isArray(v) && v.length === 0))
      throw new UsageError(`${flagName(key)}: only for ${only}`);
  }
}

/** An HTTP action: the flags of queue and Service Bus messages do not fit it. */
function refuseMessageFlags(f: JobFlags): void {
  refuseFlags(f, ['message', 'sasToken', 'sasKeyName', 'sasKey'], 'Storage Queue or Service Bus jobs');
}

/** A Storage Queue or Service Bus action (`type` lower case): HTTP flags and the other's key do not fit. */
function refuseNonMessageFlags(f: JobFlags, type: string): void {
  refuseFlags(f, ['method', 'header', 'body', 'bodyFile', 'auth'], 'HTTP jobs');
  refuseOtherKinds(f, 'none', ' (HTTP jobs)');
  if (type === 'storagequeue') refuseFlags(f, ['sasKeyName', 'sasKey'], 'Service Bus jobs');
  else refuseFlags(f, ['sasToken'], 'Storage Queue jobs');
}

/** The action sub-object and type the flags describe, or undefined when no action flag was given. */
function action(f: JobFlags): Doc | undefined {
  const kinds = [
    f.uri !== undefined ? '--uri' : undefined,
    f.queueName !== undefined || f.queueAccount !== undefined ? '--queue-name' : undefined,
    f.sbQueue !== undefined || f.sbTopic !== undefined || f.sbNamespace !== undefined
      ? '--sb-queue/--sb-topic'
      : undefined,
  ].filter((k) => k !== undefined);
  if (kinds.length > 1)
    throw new UsageError(
      `${kinds.join(', ')}: choose one kind of action (HTTP, Storage Queue or Service Bus)`,
    );
  if (f.uri !== undefined) {
    uriFlag(f.uri, '--uri');
    refuseMessageFlags(f);
    if (f.body !== undefined && f.bodyFile !== undefined)
      throw new UsageError('--body-file: cannot be combined with --body');
    const body = f.bodyFile !== undefined ? readText(f.bodyFile, '--body-file') : f.body;
    const headers =
      f.header && f.header.length > 0
        ? Object.fromEntries(f.header.map((h) => headerFlag(h, '--header')))
        : undefined;
    const auth = authentication(f);
    const method = methodFlag(f.method ?? 'GET', '--method');
    return {
      type: /^https:/i.test(f.uri) ? 'https' : 'http',
      request: {
        uri: f.uri,
        method,
        ...(headers ? { headers } : {}),
        ...(body !== undefined ? { body } : {}),
        ...(auth ? { authentication: auth } : {}),
      },
    };
  }
  if (f.queueName !== undefined || f.queueAccount !== undefined) {
    const why = 'for a Storage Queue action';
    refuseNonMessageFlags(f, 'storagequeue');
    return {
      type: 'storageQueue',
      queueMessage: {
        storageAccount: need(f.queueAccount, '--queue-account', why),
        queueName: need(f.queueName, '--queue-name', why),
        sasToken: need(f.sasToken, '--sas-token', why),
        message: f.message ?? '',
      },
    };
  }
  if (f.sbQueue !== undefined || f.sbTopic !== undefined || f.sbNamespace !== undefined) {
    if (f.sbQueue !== undefined && f.sbTopic !== undefined)
      throw new UsageError('--sb-topic: cannot be combined with --sb-queue');
    const why = 'for a Service Bus action';
    refuseNonMessageFlags(f, 'servicebus');
    const common = {
      namespace: need(f.sbNamespace, '--sb-namespace', why),
      authentication: {
        sasKeyName: need(f.sasKeyName, '--sas-key-name', why),
        sasKey: need(f.sasKey, '--sas-key', why),
        type: 'SharedAccessKey',
      },
      message: f.message ?? '',
    };
    if (f.sbTopic !== undefined)
      return { type: 'serviceBusTopic', serviceBusTopicMessage: { topicPath: f.sbTopic, ...common } };
    return {
      type: 'serviceBusQueue',
      serviceBusQueueMessage: { queueName: need(f.sbQueue, '--sb-queue', 'or --sb-topic'), ...common },
    };
  }
  return undefined;
}

function httpPatch(f: JobFlags, stored: Doc): Doc | undefined {
  const req: Doc = {};
  const out: Doc = {};
  if (f.uri !== undefined) {
    req['uri'] = uriFlag(f.uri, '--uri');
    out['type'] = /^https:/i.test(f.uri) ? 'https' : 'http';
  }
  if (f.method !== undefined) req['method'] = methodFlag(f.method, '--method');
  if (f.header !== undefined && f.header.length > 0)
    req['headers'] = mergedHeaderFlags(f.header, '--header', obj(obj(stored['action'])?.['request']));
  if (f.body !== undefined && f.bodyFile !== undefined)
    throw new UsageError('--body-file: cannot be combined with --body');
  if (f.bodyFile !== undefined) req['body'] = readText(f.bodyFile, '--body-file');
  else if (f.body !== undefined) req['body'] = f.body;
  const auth = authenticationPatch(f, stored);
  if (auth !== undefined) req['authentication'] = auth;
  if (Object.keys(req).length > 0) out['request'] = req;
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Members of a queue or Service Bus message the flags name (`--message` alone, `--sas-token` …). */
function messagePatch(f: JobFlags, type: string): Doc | undefined {
  const m: Doc = {};
  if (f.message !== undefined) m['message'] = f.message;
  if (type === 'storagequeue') {
    if (f.sasToken !== undefined) m['sasToken'] = f.sasToken;
    return Object.keys(m).length > 0 ? { queueMessage: m } : undefined;
  }
  if (f.sasKeyName !== undefined || f.sasKey !== undefined)
    m['authentication'] = {
      type: 'SharedAccessKey',
      ...(f.sasKeyName !== undefined ? { sasKeyName: f.sasKeyName } : {}),
      ...(f.sasKey !== undefined ? { sasKey: f.sasKey } : {}),
    };
  const key = type === 'servicebustopic' ? 'serviceBusTopicMessage' : 'serviceBusQueueMessage';
  return Object.keys(m).length > 0 ? { [key]: m } : undefined;
}

/**
 * The action members the flags name, for `jobs set`. A flag of another kind of action (`--uri` on
 * a queue job) replaces the whole action, as on create; otherwise each flag changes its member.
 */
function actionPatch(f: JobFlags, stored: Doc): Doc | undefined {
  const storedType = obj(stored['action'])?.['type'];
  const type = (typeof storedType === 'string' ? storedType : 'http').toLowerCase();
  const http = type === 'http' || type === 'https';
  const queueFlags = f.queueName !== undefined || f.queueAccount !== undefined;
  const sbFlags = f.sbQueue !== undefined || f.sbTopic !== undefined || f.sbNamespace !== undefined;
  if (
    (f.uri !== undefined && !http) ||
    (queueFlags && type !== 'storagequeue') ||
    (sbFlags && !type.startsWith('servicebus'))
  )
    return action(f);
  if (queueFlags || sbFlags) return action(f);
  if (http) {
    refuseMessageFlags(f);
    return httpPatch(f, stored);
  }
  refuseNonMessageFlags(f, type);
  return messagePatch(f, type);
}

const SHORT_DURATION = /^(\d+)\s*(s|sec|secs|seconds?|m|min|mins|minutes?|h|hours?|d|days?)$/i;

/**
 * `30s`, `5m`, `2h`, `1d` (the shorthand `--every` takes) as the ISO 8601 duration the API stores;
 * anything else goes as written (ISO 8601 or a TimeSpan), and the API names what is wrong with it.
 */
export function retryInterval(text: string): string {
  const m = SHORT_DURATION.exec(text.trim());
  if (m === null) return text;
  const unit = (m[2] ?? '').toLowerCase();
  const n = String(Number(m[1]));
  if (unit.startsWith('d')) return `P${n}D`;
  return `PT${n}${unit.startsWith('h') ? 'H' : unit.startsWith('m') ? 'M' : 'S'}`;
}

function retryPolicy(f: JobFlags, mode: 'create' | 'set'): Doc | undefined {
  const details = f.retryInterval !== undefined || f.retryCount !== undefined;
  if (f.retry === undefined && !details) return undefined;
  // On set, --retry-count or --retry-interval alone means a fixed policy with that member changed.
  if (f.retry === undefined && mode === 'create')
    throw new UsageError('--retry-interval/--retry-count: need --retry fixed');
  const type = parseChoice(f.retry ?? 'fixed', '--retry', ['none', 'fixed'] as const);
  if (type === 'none') {
    if (details) throw new UsageError('--retry-interval/--retry-count: only with --retry fixed');
    return mode === 'set'
      ? { retryType: 'none', retryInterval: null, retryCount: null }
      : { retryType: 'none' };
  }
  return {
    retryType: 'fixed',
    ...(f.retryInterval !== undefined ? { retryInterval: retryInterval(f.retryInterval) } : {}),
    ...(f.retryCount !== undefined
      ? { retryCount: parsePositiveInt(f.retryCount, '--retry-count', 0, 20) }
      : {}),
  };
}

/** The whole definition the flags describe (`jobs create`); the caller requires an action. */
export function jobDocFromFlags(f: JobFlags): Doc {
  const doc: Doc = {};
  if (f.startTime !== undefined) doc['startTime'] = f.startTime;
  const a = action(f);
  const retry = retryPolicy(f, 'create');
  const onError = errorActionFromFlags(f, 'create');
  if (a || retry || onError)
    doc['action'] = {
      ...(a ?? {}),
      ...(retry ? { retryPolicy: retry } : {}),
      ...(onError ? { errorAction: onError } : {}),
    };
  const r = recurrenceFromFlags(f);
  if (r) doc['recurrence'] = r;
  if (f.disabled) doc['state'] = 'disabled';
  return doc;
}

/**
 * A PATCH body with only what the flags name, merged by the server into the stored definition
 * (`--header`, `--body`, `--method`, `--retry-count`, `--hours` … each on its own). Headers are
 * merged with the stored ones (`--header 'Name:'` removes one); `stored` is the job as GET returns it.
 */
export function jobPatchFromFlags(f: JobFlags, stored: Doc): Doc {
  const doc: Doc = {};
  if (f.startTime !== undefined) doc['startTime'] = f.startTime;
  const a = actionPatch(f, stored);
  const retry = retryPolicy(f, 'set');
  const onError = errorActionFromFlags(f, 'set', obj(stored['action']));
  if (a || retry || onError !== undefined)
    doc['action'] = {
      ...(a ?? {}),
      ...(retry ? { retryPolicy: retry } : {}),
      ...(onError !== undefined ? { errorAction: onError } : {}),
    };
  const r = recurrencePatch(f, stored['recurrence'] as Doc | undefined);
  if (r !== undefined) doc['recurrence'] = r;
  if (f.disabled) doc['state'] = 'disabled';
  return doc;
}

/** Whether any flag that describes the job (not just where it lives) was given. */
export function hasDefinitionFlags(f: JobFlags): boolean {
  try {
    return Object.keys(jobPatchFromFlags(f, {})).length > 0;
  } catch (e) {
    // A flag that is wrong on its own (`--error-body` without `--error-uri`) is still a flag given.
    if (e instanceof UsageError) return true;
    throw e;
  }
}
