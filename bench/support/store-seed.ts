// What the store-alone benchmarks share (bench:store-ceiling on PostgreSQL, bench:store-sqlite):
// a subscription, a cloud service and collections c0… holding one template job through the store
// (each benchmark then clones the template in SQL, its own dialect), and the successful outcome of
// a claimed run as the engine would record it.
import type { JobCollection } from '../../src/domain/collection.js';
import type { Job } from '../../src/domain/job.js';
import { decideOutcome, type ClaimedRun, type RunOutcome } from '../../src/domain/occurrence-outcome.js';
import type { Store } from '../../src/ports/store.js';

export const SUB = '0f8fad5b-d9cb-469f-a165-70867728950e';

/** A minute-recurring HTTP job in c0, not due itself (only its clones are, a second ago). */
function templateJob(now: number): Job {
  const due = now - 1_000;
  return {
    ref: { subscriptionId: SUB, cloudService: 'bench', collection: 'c0', jobId: 'template' },
    definition: {
      startTime: { ms: due, ticks: 0 },
      action: {
        type: 'http',
        request: { uri: 'http://127.0.0.1:9/hook', method: 'POST', headers: [['X-A', '1']], body: 'x' },
      },
      recurrence: { frequency: 'minute', interval: 1 },
      state: 'enabled',
    },
    state: 'enabled',
    counters: { executionCount: 0, failureCount: 0, faultedCount: 0 },
    schedule: {
      anchor: due,
      seriesStartedAt: due,
      seriesCount: 0,
      repeatCount: 0,
      nextDueAt: now + 86_400_000,
    },
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
}

/**
 * The subscription, cloud service `bench`, collections c0…c{collections-1} and the template job;
 * then `idle` collections idle0… that the benchmarks give no job (a store of many tenants with one
 * busy: docs/engine.md, "Fairness").
 */
export async function seedTemplate(store: Store, collections: number, now: number, idle = 0): Promise<void> {
  await store.createSubscription({ id: SUB, enabled: true, registered: true, createdAt: now });
  await store.createCloudService({
    subscriptionId: SUB,
    name: 'bench',
    label: 'bench',
    description: '',
    geoRegion: 'West Europe',
    etag: 'e',
    createdAt: now,
  });
  for (let i = 0; i < collections + idle; i++)
    await store.createJobCollection(
      benchCollection(i < collections ? `c${i}` : `idle${i - collections}`, now),
    );
  await store.insertJob(templateJob(now), { maxJobs: 1_000_000 });
}

/** A Premium collection of cloud service `bench`, suspended when `suspended`. */
export function benchCollection(name: string, now: number, suspended = false): JobCollection {
  return {
    subscriptionId: SUB,
    cloudService: 'bench',
    name,
    plan: 'Premium',
    quota: { maxJobCount: 1_000_000, maxRecurrence: { frequency: 'Minute', interval: 1 } },
    schemaVersion: '1.0',
    etag: 'e',
    lastOperation: 'Create',
    suspended,
    createdAt: now,
    updatedAt: now,
  };
}

/** A claimed run that succeeded at `at`, as the engine records it. */
export function successOf(run: ClaimedRun, at: number): RunOutcome {
  return {
    runId: run.runId,
    leaseToken: run.leaseToken,
    decision: decideOutcome(run, { ok: true, endedAt: at }),
    attempt: {
      startedAt: at,
      endedAt: at,
      message: 'Http Action - Response from host: OK',
      retryCount: run.retryCount,
      actionName: run.actionName,
    },
    recordedAt: at,
  };
}
