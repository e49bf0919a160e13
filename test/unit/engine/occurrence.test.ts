import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Job, JobDefinition } from '../../../src/domain/job.js';
import {
  planExtraOccurrence,
  planOccurrence,
  postponedMessage,
  type CatchUpRules,
} from '../../../src/domain/occurrence.js';
import type { Recurrence } from '../../../src/domain/recurrence/index.js';

const D = Date.UTC(2026, 2, 2, 2, 0, 0); // the occurrence due
const MIN = 60_000;
const TAG = 'a'.repeat(32);
const coalesce: CatchUpRules = { latenessMs: 60_000, mode: 'coalesce' };
const skip: CatchUpRules = { latenessMs: 60_000, mode: 'skip' };

function job(recurrence: Recurrence | undefined, over: Partial<Job['schedule']> = {}): Job {
  const definition: JobDefinition = {
    startTime: { ms: D, ticks: 0 },
    action: { type: 'http', request: { uri: 'http://a.example/', method: 'GET', headers: [] } },
    ...(recurrence ? { recurrence } : {}),
    state: 'enabled',
  };
  return {
    ref: { subscriptionId: 's', cloudService: 'cs', collection: 'jc', jobId: 'j' },
    definition,
    state: 'enabled',
    counters: { executionCount: 7, failureCount: 2, faultedCount: 1 },
    schedule: { anchor: D, seriesStartedAt: D - MIN, seriesCount: 0, repeatCount: 7, nextDueAt: D, ...over },
    createdAt: D - MIN,
    updatedAt: D - MIN,
    version: 3,
  };
}
const every5: Recurrence = { frequency: 'minute', interval: 5 };

test('on time (and late within the threshold): the due occurrence starts; the grid moves on', () => {
  for (const now of [D, D + 59_999, D + 60_000]) {
    const p = planOccurrence(job(every5), now, coalesce, TAG);
    assert.deepEqual(
      p.occurrence,
      { executionTag: TAG, dueAt: D, repeatCount: 8, isFinal: false },
      `now = D + ${now - D}`,
    );
    assert.equal(p.schedule.nextDueAt, D + 5 * MIN);
    assert.equal(p.schedule.seriesCount, 1);
    assert.equal(p.schedule.repeatCount, 8);
    assert.equal(p.schedule.lastExecutionTime, now);
    assert.deepEqual(p.counters, { executionCount: 8, failureCount: 2, faultedCount: 1 });
    assert.equal(p.state, 'enabled');
  }
});

test('a one-time job and the last occurrence of a count are final', () => {
  assert.equal(planOccurrence(job(undefined), D, coalesce, TAG).occurrence?.isFinal, true);
  assert.equal(planOccurrence(job(undefined), D, coalesce, TAG).schedule.nextDueAt, undefined);
  const counted = job({ ...every5, count: 3 }, { seriesCount: 2 });
  assert.equal(planOccurrence(counted, D, coalesce, TAG).occurrence?.isFinal, true);
});

test('coalesce: every occurrence due by now becomes one run, due at the earliest, with a postponed marker', () => {
  const now = D + 17 * MIN;
  const p = planOccurrence(job(every5), now, coalesce, TAG);
  assert.deepEqual(p.occurrence, {
    executionTag: TAG,
    dueAt: D,
    repeatCount: 8,
    isFinal: false,
    postponed: {
      missed: 4,
      message:
        'Postponed - The occurrence due at 2026-03-02T02:00:00Z could not run on time; 4 missed occurrence(s) were combined into this run.',
    },
  });
  assert.equal(p.schedule.nextDueAt, D + 20 * MIN, 'the first grid point after now');
  assert.equal(p.schedule.seriesCount, 1, 'counts once');
  assert.equal(p.counters.executionCount, 8);
});

test('coalesce: missed due times up to endTime still run once, then the series ends', () => {
  const p = planOccurrence(
    job({ ...every5, endTime: { ms: D + 12 * MIN, ticks: 0 } }),
    D + 60 * MIN,
    coalesce,
    TAG,
  );
  assert.equal(p.occurrence?.postponed?.missed, 3);
  assert.equal(p.occurrence?.isFinal, true);
  assert.equal(p.schedule.nextDueAt, undefined);
});

test('coalesce: count bounds the missed ones; the coalesced run counts once toward it', () => {
  const p = planOccurrence(job({ ...every5, count: 5 }, { seriesCount: 3 }), D + 60 * MIN, coalesce, TAG);
  assert.equal(p.occurrence?.postponed?.missed, 2);
  assert.equal(p.schedule.seriesCount, 4);
  assert.equal(p.schedule.nextDueAt, D + 65 * MIN);
});

test('coalesce: a missed one-time job runs once with a marker', () => {
  const p = planOccurrence(job(undefined), D + 10 * MIN, coalesce, TAG);
  assert.equal(p.occurrence?.dueAt, D);
  assert.equal(p.occurrence?.postponed?.missed, 1);
  assert.equal(p.occurrence?.isFinal, true);
});

test('skip: missed occurrences are dropped without a run; the job waits for its next slot', () => {
  const p = planOccurrence(job(every5), D + 17 * MIN, skip, TAG);
  assert.equal(p.occurrence, undefined);
  assert.equal(p.schedule.nextDueAt, D + 20 * MIN);
  assert.equal(p.schedule.seriesCount, 0);
  assert.deepEqual(p.counters, job(every5).counters);
});

test('skip: an occurrence still within the threshold runs; a one-time job runs once without a marker', () => {
  const p = planOccurrence(job(every5), D + 15 * MIN + 30_000, skip, TAG);
  assert.deepEqual(p.occurrence, { executionTag: TAG, dueAt: D + 15 * MIN, repeatCount: 8, isFinal: false });
  assert.equal(p.schedule.nextDueAt, D + 20 * MIN);
  const once = planOccurrence(job(undefined), D + 10 * MIN, skip, TAG);
  assert.deepEqual(once.occurrence, { executionTag: TAG, dueAt: D, repeatCount: 8, isFinal: true });
});

test('skip: a series whose end passed while missed finishes the job', () => {
  const ended = job({ ...every5, endTime: { ms: D + 12 * MIN, ticks: 0 } });
  const p = planOccurrence(ended, D + 60 * MIN, skip, TAG);
  assert.equal(p.occurrence, undefined);
  assert.equal(p.state, 'completed');
  assert.equal(p.finishedAt, D + 60 * MIN);
  const faulted = planOccurrence(job(every5, { lastOutcome: 'faulted' }), D, skip, TAG);
  assert.equal(faulted.state, 'enabled');
  const endedFaulted = planOccurrence(
    { ...ended, schedule: { ...ended.schedule, lastOutcome: 'faulted' } },
    D + 60 * MIN,
    skip,
    TAG,
  );
  assert.equal(endedFaulted.state, 'faulted');
});

test('run-now: an extra occurrence due now, numbered next, without touching the grid or the series', () => {
  const p = planExtraOccurrence(job(every5), D - 30 * MIN, TAG);
  assert.deepEqual(p.occurrence, { executionTag: TAG, dueAt: D - 30 * MIN, repeatCount: 8, isFinal: false });
  assert.equal(p.schedule.nextDueAt, D);
  assert.equal(p.schedule.seriesCount, 0);
  assert.equal(p.counters.executionCount, 8);
});

test('postponed message: fraction only when non-zero, without trailing zeros (as every wire date-time)', () => {
  assert.equal(
    postponedMessage(D + 250, 2),
    'Postponed - The occurrence due at 2026-03-02T02:00:00.25Z could not run on time; 2 missed occurrence(s) were combined into this run.',
  );
  assert.match(postponedMessage(D + 7, 1), /due at 2026-03-02T02:00:00\.007Z could/);
  assert.match(postponedMessage(D + 100, 1), /due at 2026-03-02T02:00:00\.1Z could/);
  assert.match(postponedMessage(D, 1), /due at 2026-03-02T02:00:00Z could/);
});
