/**
 * Job definitions from PUT/POST bodies, and from the merged document of a PATCH
 * (docs/reference/classic-operations.md §6.8, §12). Parse once, then trust: the result is a normalized domain value.
 */
import { badRequest } from '../../domain/errors.js';
import type { PlainJobDefinition, RequestedState } from '../../domain/job.js';
import type { WireLimits } from '../../domain/limits.js';
import { validateRecurrence } from '../../domain/recurrence/index.js';
import type { EpochMs, Ticks } from '../../domain/time.js';
import { parsePreciseTime } from '../datetime.js';
import { describe, JsonFields } from '../json-object.js';
import { parseRecurrence } from '../recurrence-json.js';
import { parseJobAction } from './action-json.js';
import { settableState } from './settable-state.js';
import { definitionToWireDoc } from './definition-doc.js';
import { extend } from '../../domain/extend.js';

export interface ParseJobOptions {
  /** `create`: POST (#1), the body `id` is ignored. `replace`: PUT (#2), the body `id` must match the path. */
  readonly mode: 'create' | 'replace';
  /** The job id of the path (PUT, PATCH). */
  readonly pathJobId?: string;
  readonly limits: WireLimits;
  /** The save time: `endTime` and `startTime` rules are checked against it. */
  readonly now: EpochMs;
  /** The deployment's minimum retry interval (default 15 s = 150,000,000 ticks). */
  readonly minRetryIntervalTicks: Ticks;
  /**
   * Whether this write sets `recurrence.endTime` (which must then lie in the future). Default true;
   * a PATCH passes `MergedPatch.endTimeWritten`.
   */
  readonly endTimeWritten?: boolean;
  /**
   * Whether this write sets or removes `startTime` or `recurrence`; only then must the schedule
   * still produce an occurrence. Default true; a PATCH passes `MergedPatch.scheduleTouched`.
   */
  readonly scheduleWritten?: boolean;
  /**
   * A PATCH keeps the job's series: periods of a definition without startTime count from when the
   * series began, not from the PATCH time.
   */
  readonly seriesAnchor?: EpochMs;
}

export function parseJobDefinition(body: unknown, opts: ParseJobOptions): PlainJobDefinition {
  const f = JsonFields.of(body, '');
  if (opts.mode === 'replace') checkBodyId(f.get('id'), opts.pathJobId);
  // `status` is server-controlled: ignored on PUT/POST (a client may send back what it read).
  const state = parseRequestedState(f);
  const recurrence = f.has('recurrence') ? parseRecurrence(f.get('recurrence'), 'recurrence') : undefined;
  const startRaw = f.get('startTime');
  // Without an offset, startTime is a wall-clock time in the recurrence's zone (docs/reference/scheduling-rules.md
  // §4.7).
  const startTime =
    startRaw === undefined ? undefined : parsePreciseTime(startRaw, 'startTime', recurrence?.timeZone);
  const action = parseJobAction(f.required('action'), 'action', opts);
  // Members in this order (startTime first), without a leading spread: domain/extend.ts.
  const def: PlainJobDefinition = extend(startTime ? { startTime } : {}, {
    action,
    ...(recurrence ? { recurrence } : {}),
    state,
  });
  validateRecurrence(def, {
    now: opts.now,
    endTimeWritten: opts.endTimeWritten ?? true,
    scheduleWritten: opts.scheduleWritten ?? true,
    ...(opts.seriesAnchor !== undefined ? { seriesAnchor: opts.seriesAnchor } : {}),
  });
  checkDefinitionSize(def, opts.limits);
  return def;
}

export function checkBodyId(id: unknown, pathJobId: string | undefined): void {
  if (id === undefined || id === null) return;
  if (typeof id !== 'string') throw badRequest(`id: must be a string`);
  if (pathJobId !== undefined && id.toLowerCase() !== pathJobId.toLowerCase()) {
    throw badRequest(`id: must equal the job id in the path ('${pathJobId}'), got ${describe(id)}`);
  }
}

function parseRequestedState(f: JsonFields): RequestedState {
  const state = f.get('state');
  return state === undefined ? 'enabled' : settableState(state, f.at('state'));
}

/**
 * docs/reference/scheduling-rules.md §7: the compact JSON of the stored definition (secrets as sent, no status) is
 * measured, so unknown members and formatting of the request do not count, and a PATCH result is
 * measured the same way as a PUT.
 */
function checkDefinitionSize(def: PlainJobDefinition, limits: WireLimits): void {
  const size = JSON.stringify(definitionToWireDoc(def)).length;
  if (size > limits.maxDefinitionChars) {
    throw badRequest(
      `job definition: must be at most ${limits.maxDefinitionChars} characters as compact JSON, got ${size}`,
    );
  }
}
