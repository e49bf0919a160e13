// SqlStore's job cache keeps `storedJob(job, jobValues(job))` after a write instead of reading the
// row back (src/store/rows/job-rows.ts): it must be what `toJob` makes of the row those values wrote,
// optional fields absent rather than undefined, the definition parsed back from the written text.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Job } from '../../../src/domain/job.js';
import { jobValues, storedJob, toJob } from '../../../src/store/rows/job-rows.js';
import { JOB_VALUE_COLUMNS } from '../../../src/store/sql/jobs.js';
import { job, T0 } from '../../store-contract/fixtures.js';

/** The row a read returns after `values` were written: NULL for absent values. */
function rowRead(j: Job): Job {
  const row: Record<string, unknown> = {
    subscription_id: j.ref.subscriptionId,
    cloud_service_name: j.ref.cloudService,
    collection_name: j.ref.collection,
    name: j.ref.jobId,
  };
  jobValues(j).forEach((v, i) => (row[JOB_VALUE_COLUMNS[i]!] = v));
  return toJob(row);
}

const cases: Record<string, Job> = {
  'enabled, next due': job('a'),
  'every optional field set': job('b', {
    state: 'faulted',
    stateDetails: 'gave up',
    counters: { executionCount: 7, failureCount: 3, faultedCount: 1 },
    schedule: {
      anchor: T0,
      seriesStartedAt: T0,
      seriesCount: 7,
      repeatCount: 2,
      nextDueAt: T0 + 5,
      lastExecutionTime: T0 + 1,
      lastOutcome: 'faulted',
    },
    finishedAt: T0 + 9,
    version: 4,
  }),
  'optional fields present but undefined': {
    ...job('c'),
    stateDetails: undefined,
    finishedAt: undefined,
    schedule: { anchor: T0, seriesStartedAt: T0, seriesCount: 0, repeatCount: 0, nextDueAt: undefined },
  },
};

for (const [name, j] of Object.entries(cases)) {
  test(`storedJob equals the row read back: ${name}`, () => {
    const stored = storedJob(j, jobValues(j));
    assert.deepStrictEqual(stored, rowRead(j));
    // A copy: the cache's job shares no object with the caller's, which may go on changing its own.
    assert.notEqual(stored.definition, j.definition);
    assert.notEqual(stored.schedule, j.schedule);
  });
}
