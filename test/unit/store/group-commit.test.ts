// Group commit of operation records (src/store/group-commit.ts): what is added in one event-loop
// turn is written by one flush; a failed batch falls back to single writes; close() drains.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { OperationRecord } from '../../../src/domain/tenant.js';
import { GroupCommit } from '../../../src/store/group-commit.js';
import { openSqliteStore } from '../../../src/store/open-store.js';

const turn = (): Promise<void> => new Promise((r) => setImmediate(r));

test('items added in one turn share one flush; items of a later turn get their own', async () => {
  const flushes: number[][] = [];
  const gc = new GroupCommit<number>(
    (items) => {
      flushes.push([...items]);
      return Promise.resolve();
    },
    () => Promise.reject(new Error('single writes are only for failed batches')),
  );
  await Promise.all([gc.add(1), gc.add(2), gc.add(3)]);
  await gc.add(4);
  assert.deepEqual(flushes, [[1, 2, 3], [4]]);
});

test('a failed batch is written item by item, so only the bad item fails', async () => {
  const singles: number[] = [];
  const gc = new GroupCommit<number>(
    () => Promise.reject(new Error('batch failed')),
    (item) => {
      if (item === 2) return Promise.reject(new Error('bad item'));
      singles.push(item);
      return Promise.resolve();
    },
  );
  const results = await Promise.allSettled([gc.add(1), gc.add(2), gc.add(3)]);
  assert.deepEqual(
    results.map((r) => r.status),
    ['fulfilled', 'rejected', 'fulfilled'],
  );
  assert.deepEqual(singles, [1, 3]);
});

test('drain waits for a flush that has not started yet and for one in progress', async () => {
  const written: number[] = [];
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const gc = new GroupCommit<number>(
    async (items) => {
      await gate;
      written.push(...items);
    },
    () => Promise.reject(new Error('unused')),
  );
  void gc.add(1);
  let drained = false;
  const draining = gc.drain().then(() => (drained = true));
  await turn();
  await turn();
  assert.equal(drained, false, 'the flush is still waiting');
  release();
  await draining;
  assert.deepEqual(written, [1]);
});

const record = (id: string, at: number): OperationRecord => ({
  id,
  subscriptionId: '0f0e0d0c-0b0a-4009-8807-060504030201',
  status: 'Succeeded',
  httpStatusCode: 200,
  createdAt: at,
  completesAt: at,
});

test('SQLite: concurrent operation records are all stored, and close() writes one not yet flushed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'takt-group-commit-'));
  try {
    const path = join(dir, 'takt.db');
    const store = await openSqliteStore({ path });
    const sub = record('x', 0).subscriptionId;
    await store.createSubscription({ id: sub, enabled: true, registered: true, createdAt: 0 });
    const ids = Array.from({ length: 20 }, (_, i) => i.toString(16).padStart(32, '0'));
    await Promise.all(ids.map((id, i) => store.putOperation(record(id, 1000 + i))));
    for (const [i, id] of ids.entries())
      assert.equal((await store.getOperation(sub, id))?.createdAt, 1000 + i);
    const late = 'f'.repeat(32);
    void store.putOperation(record(late, 5000));
    await store.close();
    const reopened = await openSqliteStore({ path });
    try {
      assert.equal((await reopened.getOperation(sub, late))?.createdAt, 5000);
    } finally {
      await reopened.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
