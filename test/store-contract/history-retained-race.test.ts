// A history list keeps to the job's newest `retained` entries (docs/engine.md, "Retention") even
// while the engine records more: the edge of the retained entries and the list are read in one
// statement, one snapshot. Read as two statements (PostgreSQL runs a read's statements on any
// pooled connection, each committing on its own), an entry recorded between them was listed on
// top of the `retained` older ones: 6 or 7 entries for a rule of 5 (found by an outside-in audit).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachBackend } from './backends.js';
import { T0, historyEntry, job, jobRef, seedCollection } from './fixtures.js';

forEachBackend((_name, open) => {
  test('history: a list never shows more than the retained entries while entries are recorded', async () => {
    const store = await open();
    await seedCollection(store);
    await store.insertJob(job('busy'), { maxJobs: 5 });
    const ref = jobRef('busy');
    const entry = (i: number) => historyEntry(ref, { executionTag: `t${i}`, timestamp: T0 + i });
    await store.appendHistory([1, 2, 3, 4].map(entry));
    const lengths: number[] = [];
    for (let i = 5; i < 205; i++) {
      const [listed] = await Promise.all([
        store.listHistory(ref, {}, {}, 3),
        store.appendHistory([entry(i)]),
      ]);
      lengths.push(listed.length);
      const stamps = listed.map((e) => e.timestamp);
      assert.deepEqual(
        stamps,
        [...stamps].sort((a, b) => b - a),
        'newest first',
      );
    }
    assert.deepEqual(
      lengths.filter((n) => n !== 3),
      [],
      'always the newest 3',
    );
    const last = await store.listHistory(ref, {}, {}, 3);
    assert.deepEqual(
      last.map((e) => e.executionTag),
      ['t204', 't203', 't202'],
    );
    assert.equal((await store.listHistory(ref, { status: 'completed' }, { skip: 1, top: 1 }, 3)).length, 1);
  });
});
