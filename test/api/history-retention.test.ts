// The history count rule as a reader sees it (docs/reference/scheduling-rules.md §8): the sweep
// trims a job only once it holds a tenth more than the rule keeps (docs/engine.md, "Retention"),
// so the history list itself keeps to the newest `historyMaxEntries`, filtered and paged within them.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { SUB, httpJob, jobPath, seedCollection, startHarness, type Harness } from './harness.js';

let h: Harness;
before(async () => {
  h = await startHarness({ settings: { historyMaxEntries: 3 } });
  await seedCollection(h);
});
after(async () => h.close());

test('a job holding more entries than the count rule keeps lists only its newest, filtered and paged within them', async () => {
  assert.equal((await h.call('PUT', jobPath('busy'), { body: httpJob() })).statusCode, 201);
  const job = { subscriptionId: SUB, cloudService: 'cs1', collection: 'jc1', jobId: 'busy' };
  const t0 = Date.parse('2026-03-01T10:00:00Z');
  // Five stored entries (the sweep has not trimmed yet), oldest first; the two oldest failed.
  await h.store.appendHistory(
    [0, 1, 2, 3, 4].map((i) => ({
      job,
      timestamp: t0 + i * 1000,
      startTime: t0 + i * 1000 - 100,
      endTime: t0 + i * 1000,
      expectedExecutionTime: t0 + i * 1000 - 100,
      state: 'enabled' as const,
      status: i < 2 ? ('failed' as const) : ('completed' as const),
      message: `attempt ${i}`,
      retryCount: 0,
      repeatCount: i + 1,
      actionName: 'MainAction' as const,
      executionTag: 'f'.repeat(32),
    })),
  );
  const repeats = async (q: string): Promise<number[]> => {
    const r = await h.call('GET', `${jobPath('busy')}/history${q}`);
    assert.equal(r.statusCode, 200, r.body);
    return (JSON.parse(r.body) as { repeatCount: number }[]).map((e) => e.repeatCount);
  };
  assert.deepEqual(await repeats(''), [5, 4, 3], 'the newest three of five');
  assert.deepEqual(await repeats('?$filter=status eq failed'), [], 'the failed two are past the rule');
  assert.deepEqual(await repeats('?$skip=1&$top=100'), [4, 3]);
  assert.deepEqual(await repeats('?$skip=3'), []);
  assert.equal((await h.store.listHistory(job, {}, {})).length, 5, 'all still stored');
});
