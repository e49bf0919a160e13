import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HistoryEntry } from '../../src/domain/history.js';
import { forEachBackend } from './backends.js';
import { T0, historyEntry, job, jobRef, seedCollection } from './fixtures.js';

const tags = (entries: HistoryEntry[]): string[] => entries.map((e) => e.executionTag);
/** An entry as appended: without the sequence number the store assigns. */
const appended = ({ seq: _seq, ...e }: HistoryEntry): HistoryEntry => e;

forEachBackend((_name, open) => {
  test('history: newest first, ties by recording order; entries round-trip', async () => {
    const store = await open();
    await seedCollection(store);
    await store.insertJob(job('Job-A'), { maxJobs: 5 });
    const ref = jobRef('Job-A');
    const e = (tag: string, timestamp: number, over: Partial<HistoryEntry> = {}): HistoryEntry =>
      historyEntry(ref, { executionTag: tag, timestamp, ...over });
    await store.appendHistory([e('t1', T0 + 10), e('t2', T0 + 30), e('t3', T0 + 20)]);
    await store.appendHistory([e('t4', T0 + 30)]);
    await store.appendHistory([e('t5', T0 + 30), e('t6', T0 + 5)]);
    const listed = await store.listHistory(
      { ...jobRef('job-a'), cloudService: 'cs-west', collection: 'jobs1' },
      {},
      {},
    );
    assert.deepEqual(tags(listed), ['t5', 't4', 't2', 't3', 't1', 't6']);
    // The stored casing of the job comes back, whatever the lookup used.
    assert.deepEqual(appended(listed[1]!), e('t4', T0 + 30));
    // Each entry read back carries the store's sequence number: stable and in recording order
    // (the ARM history entry id).
    const seqOf = (tag: string): number => listed.find((x) => x.executionTag === tag)?.seq ?? NaN;
    assert.ok(['t1', 't2', 't3', 't4', 't5', 't6'].every((t) => Number.isInteger(seqOf(t))));
    assert.ok(seqOf('t1') < seqOf('t2') && seqOf('t2') < seqOf('t3') && seqOf('t3') < seqOf('t4'));
    assert.ok(seqOf('t4') < seqOf('t5') && seqOf('t5') < seqOf('t6'));
    const again = await store.listHistory(ref, {}, {});
    assert.deepEqual(
      again.map((x) => x.seq),
      listed.map((x) => x.seq),
    );
  });

  test('history: status and state filters, then skip and top', async () => {
    const store = await open();
    await seedCollection(store);
    await store.insertJob(job('j'), { maxJobs: 5 });
    const ref = jobRef('j');
    const entries: HistoryEntry[] = [
      historyEntry(ref, { executionTag: 'a', timestamp: T0 + 1, status: 'completed' }),
      historyEntry(ref, {
        executionTag: 'b',
        timestamp: T0 + 2,
        status: 'failed',
        retryCount: 1,
        actionName: 'ErrorAction',
      }),
      historyEntry(ref, { executionTag: 'c', timestamp: T0 + 3, status: 'postponed', state: 'disabled' }),
      historyEntry(ref, { executionTag: 'd', timestamp: T0 + 4, status: 'failed', state: 'faulted' }),
      historyEntry(ref, { executionTag: 'e', timestamp: T0 + 5, status: 'completed', state: 'completed' }),
    ];
    await store.appendHistory(entries);
    assert.deepEqual(tags(await store.listHistory(ref, { status: 'failed' }, {})), ['d', 'b']);
    assert.deepEqual((await store.listHistory(ref, { status: 'failed' }, { skip: 1 })).map(appended), [
      entries[1],
    ]);
    assert.deepEqual(tags(await store.listHistory(ref, { state: 'enabled' }, {})), ['b', 'a']);
    assert.deepEqual(tags(await store.listHistory(ref, { state: 'faulted', status: 'failed' }, {})), ['d']);
    assert.deepEqual(tags(await store.listHistory(ref, { state: 'faulted', status: 'completed' }, {})), []);
    assert.deepEqual(tags(await store.listHistory(ref, {}, { skip: 1, top: 2 })), ['d', 'c']);
    assert.deepEqual(tags(await store.listHistory(ref, {}, { top: 0 })), []);
    assert.deepEqual(tags(await store.listHistory(ref, {}, { skip: 10 })), []);
  });

  test("history: entries of a job that no longer exists are dropped, the others kept; jobs don't share history", async () => {
    const store = await open();
    await seedCollection(store);
    await store.insertJob(job('a'), { maxJobs: 5 });
    await store.insertJob(job('b'), { maxJobs: 5 });
    await store.appendHistory([
      historyEntry(jobRef('a'), { executionTag: 'a1' }),
      historyEntry(jobRef('gone'), { executionTag: 'g1' }),
      historyEntry(jobRef('B'), { executionTag: 'b1' }),
      historyEntry(jobRef('a'), { executionTag: 'a2' }),
    ]);
    assert.deepEqual(tags(await store.listHistory(jobRef('a'), {}, {})), ['a2', 'a1']);
    assert.deepEqual(tags(await store.listHistory(jobRef('b'), {}, {})), ['b1']);
    assert.deepEqual(await store.listHistory(jobRef('gone'), {}, {}), []);
    await store.appendHistory([]);
  });
});
