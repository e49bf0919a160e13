import type { JobAction, JobDefinition } from '../../domain/job.js';
import type { SealedSecret } from '../../domain/secret.js';
import type { SealedJob, SealedRun } from '../../ports/store.js';
import { all, run, type Program } from '../program.js';
import { num, str } from '../rows/values.js';

/**
 * Up to `limit` job definitions after `afterKey` (0 starts), in storage order; with `withSecrets`,
 * only those holding a sealed value.
 */
export function* pageSealedJobs(afterKey: number, limit: number, withSecrets = false): Program<SealedJob[]> {
  const rows = yield* all(withSecrets ? 'selectJobsWithSecrets' : 'selectSealedJobs', afterKey, limit);
  return rows.map((r) => ({
    key: num(r, 'job_pk'),
    version: num(r, 'version'),
    definition: JSON.parse(str(r, 'definition')) as JobDefinition<SealedSecret>,
  }));
}

/** Rewrites the definitions whose version is unchanged; answers how many were written. */
export function* resealJobs(jobs: readonly SealedJob[]): Program<number> {
  let written = 0;
  for (const j of jobs) written += yield* run('resealJob', j.key, j.version, JSON.stringify(j.definition));
  return written;
}

/** Up to `limit` action snapshots of runs in progress after `afterId` ('' starts). */
export function* pageSealedRuns(afterId: string, limit: number): Program<SealedRun[]> {
  const rows = yield* all('selectSealedRuns', afterId, limit);
  return rows.map((r) => ({
    id: str(r, 'run_id'),
    action: JSON.parse(str(r, 'action')) as JobAction<SealedSecret>,
  }));
}

/** Rewrites the snapshots of runs that still exist; answers how many were written. */
export function* resealRuns(runs: readonly SealedRun[]): Program<number> {
  let written = 0;
  for (const r of runs) written += yield* run('resealRun', r.id, JSON.stringify(r.action));
  return written;
}
