/**
 * The ARM JobDefinition (docs/api.md, ARM jobs). `properties` is the classic job without `id`, so
 * input goes through the classic parser (one set of rules and messages) and output is the classic
 * document rewritten into the swagger's enum spellings: `Http`, `Fixed`, `Week`, `Monday`,
 * `Enabled`, monthly occurrences as `{"day","Occurrence"}` (capital O, which the Python client
 * reads case-sensitively), and a ClientCertificate's expiry under both names clients read.
 */
import type { Job } from '../../domain/job.js';
import { DomainError } from '../../domain/errors.js';
import { formatJob } from '../job/format-job.js';
import { findMember, isJsonObject, type JsonMap } from '../json-object.js';
import { JOB_TYPE, jobResourceId } from './resource-ids.js';

const ACTION_TYPES: Readonly<Record<string, string>> = {
  http: 'Http',
  https: 'Https',
  storageQueue: 'StorageQueue',
  serviceBusQueue: 'ServiceBusQueue',
  serviceBusTopic: 'ServiceBusTopic',
};

/** `fixed` → `Fixed`, `monday` → `Monday`. */
export const pascal = (s: string): string => (s === '' ? s : s[0]?.toUpperCase() + s.slice(1));

/** Read-only members a client may send back after a GET (.NET does): ignored, never rejected. */
const READ_ONLY = new Set(['status', 'id']);

/**
 * The classic job document inside an ARM body: `properties` without its read-only members.
 * Undefined when the body has no `properties` (the caller decides what that means).
 */
export function armJobDocument(root: JsonMap): JsonMap | undefined {
  const p = findMember(root, 'properties')?.value;
  if (p === undefined || p === null) return undefined;
  if (!isJsonObject(p)) throw new DomainError('BadRequest', 'properties: must be a JSON object');
  return Object.fromEntries(Object.entries(p).filter(([k]) => !READ_ONLY.has(k.toLowerCase())));
}

/**
 * A classic message that names its field: one of the job document's members, followed by the rest
 * of the path or the colon. The rest is not matched: header and property names in it may hold any
 * character (`headers.Content-Type`, `customMessageProperties.a b`).
 */
const FIELD = /^(startTime|action|recurrence|stateDetails|state|status|id|body)(?=[.[:])/;

/**
 * The error with its field named as ARM clients see it (`properties.action…`); other errors, and
 * messages without a field path (recurrence rules), as they are.
 */
export function armFieldError(e: unknown): unknown {
  // Plan and quota conflicts name fields too (`recurrence: the job would run every …`).
  if (!(e instanceof DomainError) || (e.code !== 'BadRequest' && e.code !== 'ConflictError')) return e;
  const m = FIELD.exec(e.message);
  if (!m) return e;
  // The classic document root (`body`) is the ARM `properties` object.
  const message = m[1] === 'body' ? `properties${e.message.slice(4)}` : `properties.${e.message}`;
  return new DomainError(e.code, message);
}

type Doc = Record<string, unknown>;
const isDoc = (v: unknown): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v);

function armAuthentication(auth: Doc): void {
  if (auth['type'] === 'ClientCertificate' && auth['certificateExpiration'] !== undefined) {
    auth['certificateExpirationDate'] = auth['certificateExpiration'];
  }
}

function armActionBody(a: Doc): void {
  if (typeof a['type'] === 'string') a['type'] = ACTION_TYPES[a['type']] ?? a['type'];
  const request = a['request'];
  if (isDoc(request) && isDoc(request['authentication'])) armAuthentication(request['authentication']);
  const retry = a['retryPolicy'];
  if (isDoc(retry) && typeof retry['retryType'] === 'string') retry['retryType'] = pascal(retry['retryType']);
}

function armRecurrence(r: Doc): void {
  if (typeof r['frequency'] === 'string') r['frequency'] = pascal(r['frequency']);
  const s = r['schedule'];
  if (!isDoc(s)) return;
  if (Array.isArray(s['weekDays'])) s['weekDays'] = (s['weekDays'] as string[]).map(pascal);
  if (Array.isArray(s['monthlyOccurrences'])) {
    s['monthlyOccurrences'] = (s['monthlyOccurrences'] as { day: string; occurrence?: number }[]).map((o) =>
      o.occurrence === undefined ? { day: pascal(o.day) } : { day: pascal(o.day), Occurrence: o.occurrence },
    );
  }
}

/** The job's `properties`: the classic document (fresh objects) in ARM spellings. */
export function armJobProperties(job: Job): Doc {
  const { id: _id, ...props } = formatJob(job);
  const action = props['action'];
  if (isDoc(action)) {
    armActionBody(action);
    if (isDoc(action['errorAction'])) armActionBody(action['errorAction']);
  }
  if (isDoc(props['recurrence'])) armRecurrence(props['recurrence']);
  if (typeof props['state'] === 'string') props['state'] = pascal(props['state']);
  return props;
}

export function formatArmJob(job: Job): Doc {
  const r = job.ref;
  return {
    id: jobResourceId(r.subscriptionId, r.cloudService, r.collection, r.jobId),
    type: JOB_TYPE,
    name: `${r.collection}/${r.jobId}`,
    properties: armJobProperties(job),
  };
}
