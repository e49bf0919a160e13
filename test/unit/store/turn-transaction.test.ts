// One transaction per event-loop turn on SQLite (src/store/sqlite/turn-transaction.ts, docs/store.md
// "One transaction per turn"): the writes of a turn commit together and are answered only after
// that commit; an engine batch is a transaction of its own, after the turn's; a write that fails
// rolls back only itself; a failed commit refuses every write of the turn; a write that checks
// first runs without a savepoint, and rolls the turn back if it fails after a change; a second
// connection of the process to the same file never waits for the open turn's lock.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { StoreConflict, StoreUnavailable } from '../../../src/ports/store.js';
import { SQLITE_MIGRATIONS } from '../../../src/store/migrations/sqlite/index.js';
import { get, type Program } from '../../../src/store/program.js';
import type { QueryName } from '../../../src/store/sql/queries.js';
import { SqliteRunner } from '../../../src/store/sqlite/sqlite-runner.js';
import { PROBE_QUERIES as queries, committedProbe, insert, orphan } from '../../support/committed-probe.js';
import { track } from '../../support/promise-state.js';

const dir = mkdtempSync(join(tmpdir(), 'takt-turn-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function opened(name: string, busyTimeoutMs?: number): Promise<SqliteRunner> {
  const runner = new SqliteRunner({
    path: join(dir, name),
    queries,
    migrations: SQLITE_MIGRATIONS,
    synchronous: 'normal',
    checkpointer: false,
    ...(busyTimeoutMs !== undefined ? { busyTimeoutMs } : {}),
  });
  await runner.migrate();
  return runner;
}

/** What another connection (another process, in effect) sees committed. */
const committed = (name: string): number[] => committedProbe(join(dir, name));

test('the writes of one turn commit together, and each is answered only after that commit', async () => {
  const runner = await opened('together.db');
  try {
    const a = runner.write(insert(1), { durable: false });
    const b = runner.write(insert(2));
    const sa = track(a);
    await Promise.resolve();
    await Promise.resolve();
    assert.equal(sa.state, 'pending', 'not answered before the commit');
    assert.deepEqual(committed('together.db'), [], 'nothing committed within the turn');
    assert.equal(await runner.read(countProbe()), 2, 'this connection sees its writes at once');
    assert.deepEqual([await a, await b], [1, 1]);
    assert.deepEqual(committed('together.db'), [1, 2]);
    // A later turn opens a transaction of its own.
    assert.equal(await runner.write(insert(3)), 1);
    assert.deepEqual(committed('together.db'), [1, 2, 3]);
  } finally {
    await runner.close();
  }
});

test('an engine batch (alone) commits the open turn first, then itself, before the call returns', async () => {
  const runner = await opened('alone-batch.db');
  try {
    const inTurn = runner.write(insert(1));
    const batch = runner.write(insert(2, 3), { durable: false, alone: true });
    assert.deepEqual(committed('alone-batch.db'), [1, 2, 3], 'both committed, in the order written');
    const later = runner.write(insert(4));
    assert.deepEqual(committed('alone-batch.db'), [1, 2, 3], 'a later write opens a new turn');
    assert.deepEqual([await inTurn, await batch, await later], [1, 2, 1]);
    assert.deepEqual(committed('alone-batch.db'), [1, 2, 3, 4]);
  } finally {
    await runner.close();
  }
});

test('a durable write made in the same turn as close is stored and answered', async () => {
  const runner = new SqliteRunner({
    path: join(dir, 'closing.db'),
    queries,
    migrations: SQLITE_MIGRATIONS,
    checkpointer: false,
  });
  await runner.migrate();
  assert.equal(runner.syncsWal, true);
  const written = runner.write(insert(1));
  const closed = runner.close();
  assert.equal(await written, 1);
  await closed;
  assert.deepEqual(committed('closing.db'), [1]);
});

test('a write that fails rolls back only itself; the others of its turn commit', async () => {
  const runner = await opened('alone.db');
  try {
    const first = runner.write(insert(1));
    // Inserts 5, then fails on the duplicate 1: neither stays.
    const failing = track(runner.write(insert(5, 1)));
    const third = runner.write(insert(2));
    assert.deepEqual([await first, await third], [1, 1]);
    assert.equal(failing.state, 'rejected');
    assert.ok(failing.error instanceof StoreConflict, String(failing.error));
    assert.deepEqual(committed('alone.db'), [1, 2]);
  } finally {
    await runner.close();
  }
});

test('a checks-first write runs without a savepoint: refused before it changed a row, it refuses only itself', async () => {
  const runner = await opened('checks-first.db');
  try {
    const first = runner.write(insert(1));
    // Its first insert hits the duplicate 1: it changed nothing, so the turn stands.
    const refused = track(runner.write(insert(1, 5), { checksFirst: true }));
    const third = runner.write(insert(2), { checksFirst: true });
    assert.deepEqual([await first, await third], [1, 1]);
    assert.equal(refused.state, 'rejected');
    assert.ok(refused.error instanceof StoreConflict, String(refused.error));
    assert.deepEqual(committed('checks-first.db'), [1, 2]);
  } finally {
    await runner.close();
  }
});

test('a checks-first write that fails after it changed a row rolls the whole turn back', async () => {
  const runner = await opened('checks-first-late.db');
  try {
    await runner.write(insert(1));
    const good = track(runner.write(insert(7)));
    // Inserts 5, then fails on the duplicate 1: without a savepoint only the turn can undo the 5.
    const late = track(runner.write(insert(5, 1), { checksFirst: true }));
    await new Promise((resolve) => setImmediate(resolve));
    await Promise.resolve();
    assert.equal(late.state, 'rejected');
    assert.ok(late.error instanceof StoreConflict, String(late.error));
    // The other write of the turn did nothing wrong: refused as retryable, never acknowledged.
    assert.equal(good.state, 'rejected', 'a write of a rolled-back turn is not acknowledged');
    assert.ok(good.error instanceof StoreUnavailable, String(good.error));
    assert.deepEqual(committed('checks-first-late.db'), [1], 'nothing of the turn is stored');
    // The next turn starts afresh.
    assert.equal(await runner.write(insert(8), { checksFirst: true }), 1);
    assert.deepEqual(committed('checks-first-late.db'), [1, 8]);
  } finally {
    await runner.close();
  }
});

test('a commit that fails refuses every write of its turn, and the next turn starts afresh', async () => {
  const runner = await opened('refused.db');
  try {
    await runner.write(insert(1));
    const good = track(runner.write(insert(7)));
    // Its missing parent is found only at COMMIT (a deferred foreign key): the whole turn fails.
    const bad = track(runner.write(orphan(99)));
    await new Promise((resolve) => setImmediate(resolve));
    await Promise.resolve();
    assert.equal(good.state, 'rejected', 'a write of a failed commit is not acknowledged');
    assert.equal(bad.state, 'rejected');
    // Safe to retry, and no conflict for the write that did nothing wrong.
    assert.ok(good.error instanceof StoreUnavailable, String(good.error));
    assert.ok(bad.error instanceof StoreUnavailable, String(bad.error));
    assert.deepEqual(committed('refused.db'), [1]);
    assert.equal(await runner.write(insert(8)), 1);
    assert.deepEqual(committed('refused.db'), [1, 8]);
  } finally {
    await runner.close();
  }
});

test('a second connection of the process to the same file commits the open turn instead of waiting for its lock', async () => {
  const one = await opened('shared.db');
  // Without waiting at all: a lock still held would fail its BEGIN IMMEDIATE at once.
  const two = await opened('shared.db', 0);
  try {
    const a = one.write(insert(1));
    const b = two.write(insert(2));
    const c = one.write(insert(3));
    assert.deepEqual([await a, await b, await c], [1, 1, 1]);
    assert.deepEqual(committed('shared.db'), [1, 2, 3]);
  } finally {
    await one.close();
    await two.close();
  }
});

function* countProbe(): Program<number> {
  const row = yield* get('probeCount' as QueryName);
  return Number(row?.['n']);
}
