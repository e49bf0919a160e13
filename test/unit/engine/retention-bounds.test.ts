// The incremental retention sweep's bounds (docs/engine.md, "Retention"): a job is trimmed only once
// it may hold more than the count rule keeps plus a tenth, because a trim walks the job's newest
// entries; the bounds are upper limits, so nothing past the slack is ever left untrimmed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sweepRetention, trimSlack, type SweepMemory } from '../../../src/engine/retention.js';
import type { RecentHistory, Store } from '../../../src/ports/store.js';

const HOUR = 3_600_000;
const options = {
  historyMaxEntries: 10,
  historyMaxAgeMs: 24 * HOUR,
  finishedJobRetentionMs: 24 * HOUR,
  historyFullSweepMs: HOUR,
};

/** A store that answers scripted recent counts and records which jobs each trim names. */
function scriptedStore(): { store: Store; next: (jobs: RecentHistory['jobs']) => void; trims: number[][] } {
  let mark = 0;
  let pending: RecentHistory['jobs'] = [];
  const trims: number[][] = [];
  const store = {
    recentHistoryJobs: (): Promise<RecentHistory> => Promise.resolve({ mark: ++mark, jobs: pending }),
    trimHistoryOf: (max: number, ids: readonly number[]): Promise<number> => {
      assert.equal(max, 10);
      trims.push([...ids]);
      return Promise.resolve(0);
    },
    pruneHistory: () => Promise.resolve({ deleted: 0 }),
    deleteFinishedJobs: () => Promise.resolve(0),
  } as unknown as Store;
  return { store, next: (jobs) => (pending = jobs), trims };
}

test('a job is trimmed only once it may exceed the rule by the slack, counting from its last trim or full walk', async () => {
  assert.equal(trimSlack(10), 1);
  assert.equal(trimSlack(1000), 100);
  assert.equal(trimSlack(1), 1);
  const { store, next, trims } = scriptedStore();
  const memory: SweepMemory = { fullAt: 0 };
  const sweep = (now: number) => sweepRetention(store, now, options, () => true, memory);

  next([{ id: 7, entries: 3 }]);
  await sweep(1000);
  assert.deepEqual(trims, [[7]], 'at most 13 after the full walk (10) and 3 more: trimmed, at most 10 again');
  next([{ id: 7, entries: 1 }]);
  await sweep(2000);
  assert.deepEqual(trims, [[7]], 'at most 11 = 10 + the slack: left alone');
  next([
    { id: 7, entries: 1 },
    { id: 8, entries: 2 },
    { id: 9, entries: 1 },
  ]);
  await sweep(3000);
  assert.deepEqual(trims, [[7], [7, 8]], '7 and 8 at most 12: trimmed; 9 at most 11: left alone');
  next([{ id: 7, entries: 1 }]);
  await sweep(4000);
  assert.equal(trims.length, 2, '7 back to at most 11');

  // A full walk trims every job: the bounds start again from the rule's 10.
  next([]);
  const full = await sweep(HOUR + 1);
  assert.equal(full.full, true);
  next([
    { id: 7, entries: 1 },
    { id: 9, entries: 2 },
  ]);
  await sweep(HOUR + 2000);
  assert.deepEqual(trims.at(-1), [9], 'after the walk, 7 holds at most 11 and 9 at most 12');
});

test('a sweep stopped before a due trim leaves the job unknown, so the next sweep trims it', async () => {
  const { store, next, trims } = scriptedStore();
  const memory: SweepMemory = { fullAt: 0 };
  next([{ id: 7, entries: 1 }]);
  await sweepRetention(store, 1000, options, () => true, memory);
  assert.deepEqual(trims, [], 'at most 11');
  next([{ id: 7, entries: 5 }]);
  await sweepRetention(store, 2000, options, () => false, memory);
  assert.deepEqual(trims, [], 'stopping: the due trim did not run');
  next([{ id: 7, entries: 0 }]);
  await sweepRetention(store, 3000, options, () => true, memory);
  assert.deepEqual(trims, [[7]], 'no stale bound: trimmed now');
});
