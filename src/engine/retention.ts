import type { EpochMs } from '../domain/time.js';
import type { FailureStreak } from '../logging/failure-streak.js';
import type { Clock } from '../ports/clock.js';
import type { RecentHistory, Store } from '../ports/store.js';
import { nextTurn } from './next-turn.js';
import type { ResolvedEngineOptions } from './options.js';

export interface RetentionReport {
  readonly historyDeleted: number;
  readonly jobsDeleted: number;
  /** Whether this sweep walked every job with history (otherwise only recently active ones). */
  readonly full: boolean;
}

/**
 * What a sweep leaves for the next: when the last full walk was, and the history marks read at
 * the start of the last two sweeps. An incremental sweep trims the jobs with entries after the
 * older mark, so the two intervals overlap: on PostgreSQL a transaction can commit an entry with
 * a lower position after a mark was read, and it is still covered by the next sweep.
 */
export interface SweepMemory {
  fullAt?: EpochMs;
  olderMark?: number;
  newerMark?: number;
  /**
   * Per job (internal id), at most how many entries it holds: the count rule's `max` after its
   * last trim plus every entry counted since (the overlapping marks count some twice, which only
   * brings the next trim forward); Infinity: unknown. A job absent holds at most `max`: every
   * incremental sweep follows a completed full walk, which trimmed every job, and counts every
   * entry recorded since its mark. So the map holds only the jobs that recorded since their last trim.
   */
  bounds?: Map<number, number>;
}

type RetentionOptions = Pick<
  ResolvedEngineOptions,
  'historyMaxEntries' | 'historyMaxAgeMs' | 'finishedJobRetentionMs' | 'historyFullSweepMs'
>;

/** Jobs per history step and jobs per delete: small transactions, so claims never wait long. */
const JOBS_PER_STEP = 200;
const DELETE_BATCH = 500;

/**
 * How far past the count rule a job may grow before an incremental sweep trims it. A trim walks
 * the job's newest `max` index entries (~0.1–0.5 µs each: ~0.5 ms for a job at 1000), so trimming
 * every job that ran, each minute, cost a job at its cap that much per execution; with a tenth of
 * slack a job that runs once a minute is walked every ~50 minutes. Readers never see the extra
 * entries: a history list keeps to the newest `max` (Store.listHistory's `retained`).
 */
export const trimSlack = (max: number): number => Math.max(1, Math.ceil(max / 10));

/**
 * History retention (newest N per job, none older than the cut-off) and deletion of jobs finished
 * long ago (docs/reference/scheduling-rules.md §3, §8), in small batches with an event-loop turn between them.
 *
 * Walking every job with history each minute cost ~25 µs per job (20,000 jobs that had run once:
 * 5% of the engine's CPU during a burst, measured), so most sweeps are incremental: only a job that
 * recorded entries since the previous sweeps can exceed the count rule, and it is trimmed only once
 * it may exceed it by `trimSlack` (see there). Every `historyFullSweepMs` (1 h) a full walk applies
 * both rules to every job with history; entries may thus outlive the age limit by up to that long.
 */
export async function sweepRetention(
  store: Store,
  now: EpochMs,
  o: RetentionOptions,
  keepGoing: () => boolean,
  memory: SweepMemory = {},
): Promise<RetentionReport> {
  const retention = { maxEntriesPerJob: o.historyMaxEntries, olderThan: now - o.historyMaxAgeMs };
  const full = memory.fullAt === undefined || now - memory.fullAt >= o.historyFullSweepMs;
  // Read before anything is pruned: entries recorded from here on are the next sweeps' business.
  // A full walk needs only the mark (no entry lies after MAX_SAFE_INTEGER, so no jobs come back).
  const since = full ? Number.MAX_SAFE_INTEGER : (memory.olderMark ?? 0);
  const recent = await store.recentHistoryJobs(since);
  let historyDeleted = 0;
  if (full) {
    let cursor: number | undefined = 0;
    while (cursor !== undefined && keepGoing()) {
      const step: { deleted: number; cursor?: number } = await store.pruneHistory(retention, {
        cursor,
        jobs: JOBS_PER_STEP,
      });
      historyDeleted += step.deleted;
      cursor = step.cursor;
      // Let claims, timers and sockets in: on SQLite the step above resolved without yielding, and
      // a sweep over a million jobs is thousands of steps.
      await nextTurn();
    }
    if (cursor !== undefined) return { historyDeleted, jobsDeleted: 0, full };
    memory.bounds = new Map<number, number>();
  } else {
    historyDeleted = await trimRecent(
      store,
      recent.jobs,
      o.historyMaxEntries,
      keepGoing,
      (memory.bounds ??= new Map<number, number>()),
    );
  }
  // Stopping: the engine's owner closes the store next, so start nothing more (and remember
  // nothing: an interrupted sweep is redone in full or from the same marks).
  if (!keepGoing()) return { historyDeleted, jobsDeleted: 0, full };
  if (full) memory.fullAt = now;
  memory.olderMark = memory.newerMark ?? recent.mark;
  memory.newerMark = recent.mark;
  let jobsDeleted = 0;
  for (;;) {
    const n = await store.deleteFinishedJobs(now - o.finishedJobRetentionMs, DELETE_BATCH);
    jobsDeleted += n;
    if (n < DELETE_BATCH || !keepGoing()) break;
    await nextTurn();
  }
  return { historyDeleted, jobsDeleted, full };
}

/** The count rule for the jobs that recorded entries lately, each only once it may exceed it by the slack. */
async function trimRecent(
  store: Store,
  jobs: RecentHistory['jobs'],
  max: number,
  keepGoing: () => boolean,
  bounds: Map<number, number>,
): Promise<number> {
  const limit = max + trimSlack(max);
  const due: number[] = [];
  for (const { id, entries } of jobs) {
    const bound = (bounds.get(id) ?? max) + entries;
    if (bound <= limit) bounds.set(id, bound);
    else {
      // Unknown until trimmed: a sweep stopped or failed before the trim leaves no stale bound.
      bounds.set(id, Infinity);
      due.push(id);
    }
  }
  let deleted = 0;
  for (let i = 0; i < due.length && keepGoing(); i += JOBS_PER_STEP) {
    const step = due.slice(i, i + JOBS_PER_STEP);
    deleted += await store.trimHistoryOf(max, step);
    for (const id of step) bounds.delete(id);
    await nextTurn();
  }
  return deleted;
}

/**
 * The periodic sweep of one engine: one sweep at a time, its memory kept between sweeps, a failed
 * sweep logged and retried at the next interval. `inProgress` lets stop() wait for the current
 * step before the store closes (a sweep checks `keepGoing` between steps).
 */
export class RetentionSweeper {
  private current: Promise<void> | undefined;
  private readonly memory: SweepMemory = {};

  constructor(
    private readonly store: Store,
    private readonly clock: Pick<Clock, 'now'>,
    private readonly options: RetentionOptions,
    private readonly failures: FailureStreak,
  ) {}

  /** One sweep now: a full walk when none ran within `historyFullSweepMs`, else the recently active jobs. */
  run(keepGoing: () => boolean): Promise<RetentionReport> {
    return sweepRetention(this.store, this.clock.now(), this.options, keepGoing, this.memory);
  }

  /** The periodic sweep: joins the one in progress, if any. */
  sweep(keepGoing: () => boolean): Promise<void> {
    this.current ??= (async () => {
      try {
        await this.run(keepGoing);
        this.failures.succeeded('engine: the retention sweep runs again');
      } catch (err) {
        // An outage: one line with the store's message, not a stack per sweep.
        this.failures.failed(err, 'engine: retention sweep failed');
      } finally {
        this.current = undefined;
      }
    })();
    return this.current;
  }

  get inProgress(): Promise<void> | undefined {
    return this.current;
  }
}
