/** Domain values for store contract tests: plain, valid, overridable. */
import type { CloudService, JobCollection } from '../../src/domain/collection.js';
import type { HistoryEntry } from '../../src/domain/history.js';
import type { Job, JobRef } from '../../src/domain/job.js';
import type { Subscription } from '../../src/domain/tenant.js';
import type { Store } from '../../src/ports/store.js';
import { DEFAULT_CATCH_UP, planOccurrence, type OccurrencePlanner } from '../../src/domain/occurrence.js';
import { decideOutcome, type ClaimedRun, type RunOutcome } from '../../src/domain/occurrence-outcome.js';

export const T0 = Date.UTC(2026, 0, 1);
export const SUB = '0f8fad5b-d9cb-469f-a165-70867728950e';
export const SUB2 = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

export const subscription = (over: Partial<Subscription> = {}): Subscription => ({
  id: SUB,
  enabled: true,
  registered: true,
  createdAt: T0,
  ...over,
});

export const cloudService = (over: Partial<CloudService> = {}): CloudService => ({
  subscriptionId: SUB,
  name: 'CS-West',
  label: 'west',
  description: 'a cloud service',
  geoRegion: 'West Europe',
  etag: 'cs-etag-1',
  createdAt: T0,
  ...over,
});

export const collection = (over: Partial<JobCollection> = {}): JobCollection => ({
  subscriptionId: SUB,
  cloudService: 'CS-West',
  name: 'Jobs1',
  plan: 'Standard',
  quota: { maxJobCount: 50, maxRecurrence: { frequency: 'Minute', interval: 1 } },
  schemaVersion: '1.0',
  etag: 'jc-etag-1',
  lastOperation: 'Create',
  suspended: false,
  createdAt: T0,
  updatedAt: T0,
  ...over,
});

export const jobRef = (jobId: string, over: Partial<JobRef> = {}): JobRef => ({
  subscriptionId: SUB,
  cloudService: 'CS-West',
  collection: 'Jobs1',
  jobId,
  ...over,
});

export const job = (jobId: string, over: Partial<Job> = {}): Job => ({
  ref: jobRef(jobId),
  definition: {
    startTime: { ms: T0 + 60_000, ticks: 1234 },
    action: {
      type: 'http',
      request: {
        uri: 'http://127.0.0.1:9/hook',
        method: 'POST',
        headers: [
          ['X-B', '2'],
          ['X-A', '1'],
        ],
        body: 'héllo',
      },
    },
    recurrence: { frequency: 'minute', interval: 5 },
    state: 'enabled',
  },
  state: 'enabled',
  counters: { executionCount: 0, failureCount: 0, faultedCount: 0 },
  schedule: {
    anchor: T0 + 60_000,
    seriesStartedAt: T0,
    seriesCount: 0,
    repeatCount: 0,
    nextDueAt: T0 + 60_000,
  },
  createdAt: T0,
  updatedAt: T0,
  version: 1,
  ...over,
});

/** A one-time job `jobId` of collection `coll`, due at `due` (its startTime). */
export function oneTimeJob(coll: string, jobId: string, due: number): Job {
  const base = job(jobId);
  const { recurrence: _none, ...definition } = base.definition;
  return {
    ...base,
    ref: jobRef(jobId, { collection: coll }),
    definition: { ...definition, startTime: { ms: due, ticks: 0 } },
    schedule: { ...base.schedule, anchor: due, nextDueAt: due },
  };
}

export const historyEntry = (ref: JobRef, over: Partial<HistoryEntry> = {}): HistoryEntry => ({
  job: ref,
  timestamp: T0 + 1000,
  startTime: T0 + 900,
  endTime: T0 + 1000,
  expectedExecutionTime: T0 + 900,
  state: 'enabled',
  status: 'completed',
  message: 'Http Action - Response from host: OK',
  retryCount: 0,
  repeatCount: 1,
  actionName: 'MainAction',
  executionTag: 'tag-1',
  ...over,
});

/** A subscription, a cloud service and one Standard collection: where most job tests start. */
export async function seedCollection(store: Store): Promise<void> {
  await store.createSubscription(subscription());
  await store.createCloudService(cloudService());
  await store.createJobCollection(collection());
}

/** Suspends collection `name` of SUB's cloud service CS-West, or resumes it, as the API's state write does. */
export async function setSuspended(store: Store, name: string, suspended: boolean): Promise<void> {
  const { subscriptionId, cloudService } = collection();
  const jc = await store.getJobCollection({ subscriptionId, cloudService, collection: name });
  if (!jc) throw new Error(`no collection ${name}`);
  await store.updateJobCollection({ ...jc, suspended }, {});
}

/** Ids counted up (run ids, tags: predictable in assertions) and the engine's planner drawing them. */
export function planning(): { readonly hex: () => string; readonly planner: OccurrencePlanner } {
  let seq = 0;
  const hex = (): string => (++seq).toString(16).padStart(32, '0');
  return { hex, planner: (j, now) => planOccurrence(j, now, DEFAULT_CATCH_UP, hex()) };
}

/** The outcome of a claimed run whose main action succeeded, started at `startedAt`, 10 ms long. */
export function succeeded(run: ClaimedRun, startedAt: number): RunOutcome {
  const endedAt = startedAt + 10;
  return {
    runId: run.runId,
    leaseToken: run.leaseToken,
    decision: decideOutcome(run, { ok: true, endedAt }),
    attempt: { startedAt, endedAt, message: 'ok', retryCount: 0, actionName: 'MainAction' },
    recordedAt: endedAt,
  };
}
