import { clip } from '../domain/clip.js';
import { DomainError } from '../domain/errors.js';
import type { HistoryFilter, HistoryStatus } from '../domain/history.js';
import type { JobState } from '../domain/job.js';
import type { Page } from '../ports/store.js';

/**
 * Query parameters (docs/reference/classic-operations.md §1.3, §5.1): percent-decoded with `+` as space, names
 * matched case-insensitively (the last repeat wins), unknown names ignored.
 */
export class QueryParams {
  private readonly values = new Map<string, string>();

  constructor(rawQuery: string) {
    if (rawQuery === '') return; // most requests: no URLSearchParams to build
    for (const [k, v] of new URLSearchParams(rawQuery)) this.values.set(k.toLowerCase(), v);
  }

  get(name: string): string | undefined {
    return this.values.get(name.toLowerCase());
  }
}

export const badQuery = (message: string): DomainError =>
  new DomainError('MissingOrInvalidRequiredQueryParameter', message);

const JOB_STATES: readonly JobState[] = ['enabled', 'disabled', 'completed', 'faulted'];
const HISTORY_STATUSES: readonly HistoryStatus[] = ['completed', 'failed', 'postponed'];

/** The largest `$skip` passed to a store's OFFSET: more items than any list or history holds. */
const MAX_SKIP = 2 ** 31 - 1;

/**
 * `$skip`: any integer ≥ 0 is valid, one past every item giving an empty page, so a huge one is
 * clamped to what the stores' OFFSET takes (no list or history holds 2^31 items). Also ARM's.
 */
export function parseSkip(skip: string): number {
  if (!/^\s*\d+\s*$/.test(skip))
    throw badQuery(`$skip: must be an integer of at least 0, got '${clip(skip)}'`);
  return Math.min(Number(skip), MAX_SKIP);
}

/** `$top` 1..100 and `$skip` ≥ 0; absent = everything. */
export function parsePage(q: QueryParams): Page {
  const top = q.get('$top');
  const skip = q.get('$skip');
  const page: { top?: number; skip?: number } = {};
  if (top !== undefined) {
    const n = /^\s*\d{1,9}\s*$/.test(top) ? Number(top) : NaN;
    if (!(n >= 1 && n <= 100)) throw badQuery(`$top: must be an integer from 1 to 100, got '${clip(top)}'`);
    page.top = n;
  }
  if (skip !== undefined) page.skip = parseSkip(skip);
  return page;
}

const FILTER = /^\s*(status|state)\s+eq\s+(?:'([^']*)'|([A-Za-z]+))\s*$/i;

/** `$filter=status eq X` (history only) or `state eq X`; keyword and value case-insensitive. */
export function parseFilter(q: QueryParams, allowStatus: boolean): HistoryFilter {
  const raw = q.get('$filter');
  if (raw === undefined) return {};
  const m = FILTER.exec(raw);
  const field = m?.[1]?.toLowerCase();
  const value = (m?.[2] ?? m?.[3] ?? '').toLowerCase();
  const expected = allowStatus
    ? "'state eq enabled|disabled|completed|faulted' or 'status eq completed|failed|postponed'"
    : "'state eq enabled|disabled|completed|faulted'";
  if (field === 'state') {
    const state = JOB_STATES.find((s) => s === value);
    if (state) return { state };
  } else if (field === 'status' && allowStatus) {
    const status = HISTORY_STATUSES.find((s) => s === value);
    if (status) return { status };
  }
  throw badQuery(`$filter: must be ${expected}, got '${clip(raw)}'`);
}
