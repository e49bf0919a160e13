/**
 * The overview across all collections: jobs by state, executions and failures per hour over the
 * last 24 h, recent failures and the next runs. The classic API has no cross-job history query,
 * so the history of at most MAX_JOBS_WITH_HISTORY jobs is read (those that ran in the last 24 h,
 * latest first, then those whose last run the API does not show); docs/dashboard.md.
 */
import { api } from '../api/client.js';
import type { CollectionRef, CollectionView, HistoryEntry, JobDoc, JobState } from '../api/types.js';

export const MAX_JOBS_WITH_HISTORY = 60;
const HOUR = 3_600_000;
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

export interface PlacedJob extends JobDoc {
  readonly c: CollectionRef;
}
export interface PlacedEntry extends HistoryEntry {
  readonly c: CollectionRef;
}

export interface Overview {
  readonly collections: CollectionView[];
  readonly jobs: PlacedJob[];
  readonly byState: Record<JobState, number>;
  /** Hour starts (seconds, for uPlot), executions and failures per hour. */
  readonly hourly: [number[], number[], number[]];
  /** The chart's totals (also its text for assistive technology). */
  readonly totals: { readonly executions: number; readonly failures: number };
  readonly failures: PlacedEntry[];
  readonly nextRuns: PlacedJob[];
  /** Jobs whose history was left out of the chart (over the cap). */
  readonly skipped: number;
}

export async function loadOverview(now = Date.now()): Promise<Overview> {
  const collections = await api.collections();
  const lists = await Promise.all(
    collections.map(async (col) => {
      const c = { cloudService: col.cloudService, collection: col.name };
      return (await api.jobs(c)).map((j): PlacedJob => ({ ...j, c }));
    }),
  );
  const jobs = lists.flat();
  const byState: Record<JobState, number> = { enabled: 0, disabled: 0, completed: 0, faulted: 0 };
  for (const j of jobs) byState[j.state]++;
  const since = now - 24 * HOUR;
  const last = (j: PlacedJob) => Date.parse(j.status?.lastExecutionTime ?? '') || 0;
  // Latest runs first; jobs without a known last run (disabled ones, or only run now) after them.
  const candidates = jobs.filter((j) => last(j) === 0 || last(j) >= since).sort((a, b) => last(b) - last(a));
  const picked = candidates.slice(0, MAX_JOBS_WITH_HISTORY);
  const histories = await Promise.all(
    picked.map(async (j) =>
      (await api.history(j.c, j.id, { top: 100 }).catch(() => [])).map((e): PlacedEntry => ({
        ...e,
        c: j.c,
      })),
    ),
  );
  const entries = histories
    .flat()
    .filter((e) => Date.parse(e.startTime) >= since && e.status !== 'postponed');
  const first = Math.floor(since / HOUR) * HOUR;
  const hours = Array.from({ length: 25 }, (_, i) => first + i * HOUR);
  const runs = hours.map(() => 0);
  const fails = hours.map(() => 0);
  // Counted as the job counters count (docs/reference/scheduling-rules.md §3): an execution is
  // an occurrence's first attempt, a failure any failed attempt of the main action; the error
  // action is neither (its failures still show in the recent failures).
  for (const e of entries) {
    const i = Math.floor((Date.parse(e.startTime) - first) / HOUR);
    if (i < 0 || i >= hours.length || e.actionName !== 'MainAction') continue;
    if (e.retryCount === 0) runs[i]!++;
    if (e.status === 'failed') fails[i]!++;
  }
  const failures = entries
    .filter((e) => e.status === 'failed')
    .sort((a, b) => b.startTime.localeCompare(a.startTime))
    .slice(0, 10);
  const nextRuns = jobs
    .filter((j) => j.state === 'enabled' && j.status?.nextExecutionTime)
    .sort((a, b) => (a.status!.nextExecutionTime ?? '').localeCompare(b.status!.nextExecutionTime ?? ''))
    .slice(0, 10);
  return {
    collections,
    jobs,
    byState,
    hourly: [hours.map((t) => t / 1000), runs, fails],
    totals: { executions: sum(runs), failures: sum(fails) },
    failures,
    nextRuns,
    skipped: Math.max(0, candidates.length - picked.length),
  };
}
