/**
 * The job form's document rules, pure: paths into the definition, the merge patch an edit sends,
 * when a save runs the job at once, and which field an API message names.
 */
import type { DefinitionDoc, JobDoc } from '../api/types.js';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type Doc = { [k: string]: Json };

export const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

export function getPath(doc: Doc, path: string): Json | undefined {
  let cur: Json | undefined = doc;
  for (const k of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = cur[k];
  }
  return cur;
}

/** A copy of `doc` with `path` set; `undefined` (or '') removes the member and any emptied parent. */
export function setPath(doc: Doc, path: string, value: Json | undefined): Doc {
  const out = clone(doc);
  const keys = path.split('.');
  const parents: Doc[] = [out];
  let cur = out;
  for (const k of keys.slice(0, -1)) {
    const next = cur[k];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) cur[k] = {};
    cur = cur[k] as Doc;
    parents.push(cur);
  }
  const last = keys[keys.length - 1]!;
  if (value === undefined || value === '') delete cur[last];
  else cur[last] = value;
  // Drop objects the removal left empty (an empty `schedule` or `retryPolicy` means something else).
  for (let i = parents.length - 1; i > 0; i--) {
    if (Object.keys(parents[i]!).length > 0) break;
    delete parents[i - 1]![keys[i - 1]!];
  }
  return out;
}

/**
 * Maps whose keys are data: a merge patch replaces them whole, as the API does (docs/reference/classic-operations.md §12:
 * only `headers` and `customMessageProperties`). Every other object is merged member by member
 * there, so a member the form removed must be sent as null — `schedule` among them: clearing
 * "At hours" once sent the schedule without `hours`, and the API kept the stored hours.
 */
const WHOLE = new Set(['headers', 'customMessageProperties']);

const same = (a: Json | undefined, b: Json | undefined) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The JSON merge patch from `before` to `after`: changed members only, `null` for removed ones.
 * Members the form never touched are not sent, so the API keeps them — secrets included, which
 * it never returns.
 */
export function mergePatch(before: Doc, after: Doc): Doc {
  const out: Doc = {};
  for (const [k, v] of Object.entries(after)) {
    const old = before[k];
    if (same(old, v)) continue;
    const bothObjects =
      v !== null &&
      typeof v === 'object' &&
      !Array.isArray(v) &&
      old !== null &&
      typeof old === 'object' &&
      !Array.isArray(old);
    out[k] = bothObjects && !WHOLE.has(k) ? mergePatch(old, v) : v;
  }
  for (const k of Object.keys(before)) if (!(k in after)) out[k] = null;
  return out;
}

const isObject = (v: Json | undefined): v is Doc => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Where two merge patches from the same definition disagree: members both set, to different values
 * (dotted paths). `mine` is the form's edit, `theirs` what was saved elsewhere since the form opened.
 */
export function clashes(mine: Doc, theirs: Doc, at = ''): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(mine)) {
    if (!(k in theirs)) continue;
    const t = theirs[k];
    const path = at === '' ? k : `${at}.${k}`;
    if (isObject(v) && isObject(t)) out.push(...clashes(v, t, path));
    else if (!same(v, t)) out.push(path);
  }
  return out;
}

/** The definition part of a job as returned by GET (id and status are not written). */
export function definitionOf(job: JobDoc): Doc {
  const { id: _id, status: _status, ...def } = clone(job) as JobDoc & Doc;
  return def;
}

export type SaveMode = 'create' | 'replace' | 'patch';

/**
 * Whether saving runs the job at once. A create or replace begins a new series: without a start
 * time its first occurrence is the save itself, schedule or not; a one-time job also runs at once
 * when its start time has passed. A patch keeps the series unless it changes the schedule, and
 * then resumes at the next occurrence; only a one-time job can then be due at once — and so is a
 * one-time job whose time passed while it was disabled, when the patch enables it
 * (docs/reference/scheduling-rules.md §4.8, "Enable").
 */
export function runsOnSave(
  mode: SaveMode,
  doc: DefinitionDoc,
  before: Doc | undefined,
  now: number,
): boolean {
  if (doc.state === 'disabled') return false;
  const start = doc.startTime ? Date.parse(doc.startTime) : undefined;
  const startPassed = start === undefined || Number.isNaN(start) || start <= now;
  if (mode !== 'patch') return start === undefined || (!doc.recurrence && startPassed);
  const oneTimeDue = !doc.recurrence && startPassed;
  if (before?.['state'] === 'disabled') return oneTimeDue;
  const touched =
    !before ||
    !same(before['startTime'], doc.startTime) ||
    !same(before['recurrence'], doc.recurrence as unknown as Json);
  return touched && oneTimeDue;
}

/** Secret members of each HTTP authentication type: the API keeps them and never returns them. */
const AUTH_SECRETS: Readonly<Record<string, readonly string[]>> = {
  basic: ['password'],
  clientcertificate: ['pfx', 'password'],
  activedirectoryoauth: ['secret'],
};
/** Stands in for a kept secret in the preview (base64, as a PFX must be; never saved). */
const KEPT = 'AA==';

/**
 * The definition as a merge patch of `doc` will make it, for the live preview: a secret the form
 * leaves empty is kept by the API (docs/reference/classic-operations.md §12), so it must not be
 * reported missing. It is kept only where the stored job has it under the same authentication
 * type or action sub-object: a new type or sub-object needs its secrets typed (the API drops the
 * old ones).
 */
export function withKeptSecrets(doc: Doc, stored: Doc): Doc {
  let out = doc;
  const keep = (path: string) => {
    const parent = path.slice(0, path.lastIndexOf('.'));
    if (
      getPath(out, path) === undefined &&
      getPath(out, parent) !== undefined &&
      getPath(stored, parent) !== undefined
    )
      out = setPath(out, path, KEPT);
  };
  for (const action of ['action', 'action.errorAction']) {
    const auth = `${action}.request.authentication`;
    const type = textOf(getPath(doc, `${auth}.type`)).toLowerCase();
    if (type !== '' && type === textOf(getPath(stored, `${auth}.type`)).toLowerCase())
      for (const member of AUTH_SECRETS[type] ?? []) keep(`${auth}.${member}`);
    keep(`${action}.queueMessage.sasToken`);
    keep(`${action}.serviceBusQueueMessage.authentication.sasKey`);
    keep(`${action}.serviceBusTopicMessage.authentication.sasKey`);
  }
  return out;
}

/**
 * The field an API message names (`recurrence.schedule.minutes: …`), among the form's fields. A
 * path with a space in it (`action.request.headers.Bad Name: …`, a header name) is found by the
 * registered field it starts with; the API calls the job id of the path `jobId`.
 */
export function fieldOf(message: string, fields: Iterable<string>): string | undefined {
  const all = [...fields];
  let path = /^([A-Za-z][\w.[\]-]*):\s/.exec(message)?.[1]?.replace(/\[\d+\]/g, '');
  if (path === 'jobId') path = 'id';
  if (!path) {
    const prefix = all
      .filter((f) => message.startsWith(`${f}.`) || message.startsWith(`${f}[`))
      .sort((a, b) => b.length - a.length)[0];
    if (prefix) return prefix;
    if (/days of week/i.test(message)) path = 'recurrence.schedule.weekDays';
    else if (/days of month|monthly occurrences|with frequency minute/i.test(message))
      path = 'recurrence.frequency';
    else return undefined;
  }
  const p = path;
  const containing = all.filter((f) => p === f || p.startsWith(`${f}.`)).sort((a, b) => b.length - a.length);
  const inside = all.filter((f) => f.startsWith(`${p}.`)).sort((a, b) => a.length - b.length);
  return containing[0] ?? inside[0];
}

/** Two paths are related when one contains the other: changing either clears the other's error. */
export const related = (a: string, b: string) => a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);

const DAY_NAMES = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
/** `mon`, `Mon.`, `monday` → `monday`; anything else as typed (the API names what is wrong). */
export function weekDayName(text: string): string {
  const t = text.trim().toLowerCase().replace(/\.$/, '');
  return DAY_NAMES.find((d) => t.length >= 2 && d.startsWith(t)) ?? t;
}

/** `1, 15,-1` → [1, 15, -1]; a non-number stays text so the API's message names it. */
export function numberList(text: string): Json[] | undefined {
  const items = text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  if (!items.length) return undefined;
  return items.map((s) => (/^-?\d+$/.test(s) ? Number(s) : s));
}

/** A member as text for an input: empty when absent, JSON for an object. */
export function textOf(v: Json | undefined): string {
  if (v === undefined || v === null) return '';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}
