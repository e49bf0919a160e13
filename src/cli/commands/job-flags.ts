/**
 * Flags of `takt jobs create|set` → a wire job document (docs/reference/classic-api.md §6). Only the members the
 * flags name are written, so the same builder serves a full definition (create) and a partial one
 * (set = PATCH merge). Flag errors name the flag.
 */
import { readFileSync } from 'node:fs';
import { UsageError } from '../client/api-error.js';
import { parseChoice, parsePositiveInt } from './remote.js';

export interface JobFlags {
  readonly uri?: string;
  readonly method?: string;
  readonly header?: readonly string[];
  readonly body?: string;
  readonly bodyFile?: string;
  readonly auth?: string;
  readonly username?: string;
  readonly password?: string;
  readonly pfx?: string;
  readonly pfxPassword?: string;
  readonly tenant?: string;
  readonly audience?: string;
  readonly clientId?: string;
  readonly secret?: string;
  readonly queueAccount?: string;
  readonly queueName?: string;
  readonly sasToken?: string;
  readonly message?: string;
  readonly sbNamespace?: string;
  readonly sbQueue?: string;
  readonly sbTopic?: string;
  readonly sasKeyName?: string;
  readonly sasKey?: string;
  readonly every?: string;
  readonly minutes?: string;
  readonly hours?: string;
  readonly weekDays?: string;
  readonly monthDays?: string;
  readonly months?: string;
  readonly count?: string;
  readonly endTime?: string;
  readonly timeZone?: string;
  readonly once?: boolean;
  readonly startTime?: string;
  readonly retry?: string;
  readonly retryInterval?: string;
  readonly retryCount?: string;
  readonly disabled?: boolean;
}

type Doc = Record<string, unknown>;

export const collect = (value: string, previous: readonly string[] = []): string[] => [...previous, value];

const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

/** `5m`, `1h`, `2d`, `1w`, `3mo` (or `5 minutes`) → frequency and interval. */
export function parseEvery(text: string): {
  frequency: 'minute' | 'hour' | 'day' | 'week' | 'month';
  interval: number;
} {
  const m =
    /^(\d+)\s*(m|min|mins|minute|minutes|h|hour|hours|d|day|days|w|week|weeks|mo|month|months)$/i.exec(
      text.trim(),
    );
  if (!m) throw new UsageError(`--every: must look like 5m, 1h, 2d, 1w or 3mo, got '${text}'`);
  const u = (m[2] ?? '').toLowerCase();
  const frequency = u.startsWith('mo')
    ? 'month'
    : u.startsWith('m')
      ? 'minute'
      : u.startsWith('h')
        ? 'hour'
        : u.startsWith('d')
          ? 'day'
          : 'week';
  return { frequency, interval: parsePositiveInt(m[1] ?? '', '--every') };
}

function intList(text: string, flag: string, min: number, max: number): number[] {
  return text.split(',').map((part) => {
    const t = part.trim();
    const n = /^-?\d+$/.test(t) ? Number(t) : NaN;
    if (!Number.isInteger(n) || n < min || n > max || (n === 0 && min < 0)) {
      throw new UsageError(
        `${flag}: each value must be an integer from ${min} to ${max}${min < 0 ? ' except 0' : ''}, got '${t}'`,
      );
    }
    return n;
  });
}

function dayList(text: string): string[] {
  return text.split(',').map((part) => {
    const t = part.trim().toLowerCase();
    const hit = DAYS.find((d) => d === t || d.slice(0, 3) === t);
    if (hit === undefined)
      throw new UsageError(
        `--week-days: each value must be a day such as mon or monday, got '${part.trim()}'`,
      );
    return hit;
  });
}

function header(text: string): [string, string] {
  const i = text.indexOf(':');
  if (i <= 0) throw new UsageError(`--header: must be 'Name: value', got '${text}'`);
  return [text.slice(0, i).trim(), text.slice(i + 1).trim()];
}

function readText(path: string, flag: string): string {
  return readBytes(path, flag).toString('utf8');
}

function readBytes(path: string, flag: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    throw new UsageError(`${flag}: cannot read ${path}${typeof code === 'string' ? ` (${code})` : ''}`);
  }
}

function need(value: string | undefined, flag: string, why: string): string {
  if (value === undefined || value === '') throw new UsageError(`${flag}: is required ${why}`);
  return value;
}

function authentication(f: JobFlags): Doc | undefined {
  if (f.auth === undefined) {
    for (const [flag, v] of [
      ['--username', f.username],
      ['--pfx', f.pfx],
      ['--tenant', f.tenant],
      ['--client-id', f.clientId],
    ] as const) {
      if (v !== undefined) throw new UsageError(`${flag}: needs --auth (basic, cert or oauth)`);
    }
    return undefined;
  }
  const kind = parseChoice(f.auth, '--auth', ['basic', 'cert', 'oauth', 'none'] as const);
  if (kind === 'none') return undefined;
  if (kind === 'basic') {
    return {
      type: 'Basic',
      username: need(f.username, '--username', 'with --auth basic'),
      password: need(f.password, '--password', 'with --auth basic'),
    };
  }
  if (kind === 'cert') {
    const pfx = readBytes(need(f.pfx, '--pfx', 'with --auth cert (a PKCS#12 file)'), '--pfx').toString(
      'base64',
    );
    return { type: 'ClientCertificate', pfx, password: f.pfxPassword ?? '' };
  }
  return {
    type: 'ActiveDirectoryOAuth',
    tenant: need(f.tenant, '--tenant', 'with --auth oauth'),
    audience: need(f.audience, '--audience', 'with --auth oauth'),
    clientId: need(f.clientId, '--client-id', 'with --auth oauth'),
    secret: need(f.secret, '--secret', 'with --auth oauth'),
  };
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
    if (!/^https?:\/\/[^\s]+$/i.test(f.uri))
      throw new UsageError(`--uri: must be an absolute http:// or https:// URI, got '${f.uri}'`);
    if (f.body !== undefined && f.bodyFile !== undefined)
      throw new UsageError('--body-file: cannot be combined with --body');
    const body = f.bodyFile !== undefined ? readText(f.bodyFile, '--body-file') : f.body;
    const headers = f.header && f.header.length > 0 ? Object.fromEntries(f.header.map(header)) : undefined;
    const auth = authentication(f);
    const method = parseChoice(f.method ?? 'GET', '--method', [
      'GET',
      'HEAD',
      'POST',
      'PUT',
      'PATCH',
      'DELETE',
      'OPTIONS',
    ] as const);
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

function retryPolicy(f: JobFlags): Doc | undefined {
  if (f.retry === undefined) {
    if (f.retryInterval !== undefined || f.retryCount !== undefined)
      throw new UsageError('--retry-interval/--retry-count: need --retry fixed');
    return undefined;
  }
  const type = parseChoice(f.retry, '--retry', ['none', 'fixed'] as const);
  if (type === 'none') {
    if (f.retryInterval !== undefined || f.retryCount !== undefined)
      throw new UsageError('--retry-interval/--retry-count: only with --retry fixed');
    return { retryType: 'none' };
  }
  return {
    retryType: 'fixed',
    ...(f.retryInterval !== undefined ? { retryInterval: f.retryInterval } : {}),
    ...(f.retryCount !== undefined
      ? { retryCount: parsePositiveInt(f.retryCount, '--retry-count', 0, 20) }
      : {}),
  };
}

function recurrence(f: JobFlags): Doc | undefined {
  const scheduleFlags = {
    minutes: f.minutes,
    hours: f.hours,
    weekDays: f.weekDays,
    monthDays: f.monthDays,
    months: f.months,
  };
  const anyRecurrenceFlag =
    Object.values(scheduleFlags).some((v) => v !== undefined) ||
    f.count !== undefined ||
    f.endTime !== undefined ||
    f.timeZone !== undefined;
  if (f.every === undefined) {
    if (anyRecurrenceFlag)
      throw new UsageError(
        '--every: is required with --minutes, --hours, --week-days, --month-days, --months, --count, --end-time or --time-zone',
      );
    return undefined;
  }
  if (f.once) throw new UsageError('--once: cannot be combined with --every');
  const { frequency, interval } = parseEvery(f.every);
  const schedule: Doc = {};
  if (f.minutes !== undefined) schedule['minutes'] = intList(f.minutes, '--minutes', 0, 59);
  if (f.hours !== undefined) schedule['hours'] = intList(f.hours, '--hours', 0, 23);
  if (f.weekDays !== undefined) schedule['weekDays'] = dayList(f.weekDays);
  if (f.months !== undefined) schedule['months'] = intList(f.months, '--months', 1, 12);
  if (f.monthDays !== undefined) schedule['monthDays'] = intList(f.monthDays, '--month-days', -31, 31);
  return {
    frequency,
    interval,
    ...(f.count !== undefined ? { count: parsePositiveInt(f.count, '--count') } : {}),
    ...(f.endTime !== undefined ? { endTime: f.endTime } : {}),
    ...(Object.keys(schedule).length > 0 ? { schedule } : {}),
    ...(f.timeZone !== undefined ? { timeZone: f.timeZone } : {}),
  };
}

/**
 * The members the flags set. For `create` the caller requires an action; for `set` the result is a
 * PATCH body, where `--once` removes the recurrence (`"recurrence": null`).
 */
export function jobDocFromFlags(f: JobFlags): Doc {
  const doc: Doc = {};
  if (f.startTime !== undefined) doc['startTime'] = f.startTime;
  const a = action(f);
  const retry = retryPolicy(f);
  // Without --uri, --auth changes only the authentication of the existing request (PATCH merge);
  // `--auth none` removes it (`null`).
  const authOnly =
    !a && f.auth !== undefined ? { request: { authentication: authentication(f) ?? null } } : {};
  if (a) doc['action'] = { ...a, ...(retry ? { retryPolicy: retry } : {}) };
  else if (retry || f.auth !== undefined)
    doc['action'] = { ...authOnly, ...(retry ? { retryPolicy: retry } : {}) };
  const r = recurrence(f);
  if (r) doc['recurrence'] = r;
  else if (f.once) doc['recurrence'] = null;
  if (f.disabled) doc['state'] = 'disabled';
  return doc;
}

/** Whether any flag that describes the job (not just where it lives) was given. */
export function hasDefinitionFlags(f: JobFlags): boolean {
  return Object.keys(jobDocFromFlags(f)).length > 0;
}
