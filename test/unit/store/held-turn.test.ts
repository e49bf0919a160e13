// A turn held while the group fsync runs (src/store/sqlite/turn-transaction.ts, docs/store.md "One
// transaction per turn"): a turn that ends while an fsync is under way stays open and commits right
// before the next fsync starts, which covers it; a durable write waits for that fsync and no later
// one; a deferSync write (answered once it ran) is answered before its turn commits, and a turn
// rolled back after such an answer counts as a failed sync and as another connection's change. The
// fsyncs are the test's own (test/support/fake-wal.ts).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { StoreUnavailable } from '../../../src/ports/store.js';
import { SQLITE_MIGRATIONS } from '../../../src/store/migrations/sqlite/index.js';
import { SqliteRunner } from '../../../src/store/sqlite/sqlite-runner.js';
import { FakeWal, turns, until } from '../../support/fake-wal.js';
import { PROBE_QUERIES as queries, committedProbe, insert, orphan } from '../../support/committed-probe.js';
import { track } from '../../support/promise-state.js';

const dir = mkdtempSync(join(tmpdir(), 'takt-held-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const DEFERRED = { durable: false, answerWhenRun: true } as const;

/** A runner on `name` with durable writes (synchronous full) over the test's WAL; migrated. */
async function opened(name: string, wal: FakeWal): Promise<SqliteRunner> {
  const runner = new SqliteRunner({
    path: join(dir, name),
    queries,
    migrations: SQLITE_MIGRATIONS,
    walFiles: wal,
    checkpointer: false,
  });
  const migrated = track(runner.migrate());
  await until(() => wal.syncs.length === 1);
  wal.complete();
  await until(() => migrated.state === 'resolved');
  return runner;
}

/** What another connection (another process, in effect) sees committed. */
const committed = (name: string): number[] => committedProbe(join(dir, name));

test('a turn that ends while an fsync runs is held, commits right before the next fsync, and waits for that one only', async () => {
  const wal = new FakeWal();
  const runner = await opened('held.db', wal);
  try {
    const a = track(runner.write(insert(1)));
    await until(() => wal.syncs.length === 1);
    assert.deepEqual(committed('held.db'), [1]);
    // Two turns while fsync 2 runs: neither commits, so their pages go to the WAL once, later.
    const b = track(runner.write(insert(2)));
    await turns();
    const c = track(runner.write(insert(3)));
    await turns();
    assert.deepEqual(committed('held.db'), [1], 'held open while the fsync runs');
    assert.equal(wal.started, 2, 'no fsync for a held turn yet');
    wal.complete();
    await until(() => a.state === 'resolved' && wal.syncs.length === 1);
    assert.deepEqual(committed('held.db'), [1, 2, 3], 'committed before the next fsync started');
    assert.equal(wal.started, 3);
    assert.equal(b.state, 'pending', 'not acknowledged before the fsync covering it');
    wal.complete();
    await until(() => b.state === 'resolved' && c.state === 'resolved');
    await turns();
    assert.equal(wal.started, 3, 'one fsync covered both held turns, none after it was needed');
  } finally {
    wal.release();
    await runner.close();
  }
});

test('an idle store commits a turn at its end, as before; an engine write is answered at its commit', async () => {
  const wal = new FakeWal();
  const runner = await opened('idle.db', wal);
  try {
    const a = track(runner.write(insert(1)));
    await until(() => wal.syncs.length === 1);
    assert.deepEqual(committed('idle.db'), [1]);
    assert.equal(a.state, 'pending');
    // durable: false alone does not answer before the commit, held turn or not.
    const engine = track(runner.write(insert(2), { durable: false }));
    await Promise.resolve();
    assert.equal(engine.state, 'pending', 'not before its commit');
    wal.complete();
    await until(() => a.state === 'resolved');
    await until(() => engine.state === 'resolved');
    assert.deepEqual(committed('idle.db'), [1, 2]);
  } finally {
    wal.release();
    await runner.close();
  }
});

test('a deferSync write is answered once it ran; its turn rolled back counts as a failed sync and a change', async () => {
  const wal = new FakeWal();
  const runner = await opened('lost.db', wal);
  try {
    const first = track(runner.write(insert(1)));
    await until(() => wal.syncs.length === 1);
    const failuresBefore = runner.syncFailures();
    const changesBefore = runner.othersChangeCounter();
    // The API's deferSync write (SqlStore passes these for WriteOptions.deferSync).
    const deferred = track(runner.write(insert(2), DEFERRED));
    await Promise.resolve();
    assert.equal(deferred.state, 'resolved', 'answered before its turn commits');
    assert.deepEqual(committed('lost.db'), [1]);
    // The caller's durable write joins the held turn; its orphan fails the turn's commit.
    const record = track(runner.write(orphan(99)));
    await turns();
    wal.complete();
    await until(() => first.state === 'resolved' && record.state === 'rejected');
    assert.ok(record.error instanceof StoreUnavailable, String(record.error));
    assert.deepEqual(committed('lost.db'), [1], 'nothing of the rolled-back turn is stored');
    assert.equal(runner.syncFailures(), failuresBefore + 1, 'the early answer is known lost');
    assert.notEqual(runner.othersChangeCounter(), changesBefore, 'the caches drop what they saw of it');
  } finally {
    wal.release();
    await runner.close();
  }
});

test('syncWrites commits a turn holding a deferSync write before it waits for an fsync', async () => {
  const wal = new FakeWal();
  const runner = await opened('sync-open.db', wal);
  try {
    const deferred = track(runner.write(insert(5), DEFERRED));
    await Promise.resolve();
    assert.equal(deferred.state, 'resolved');
    const synced = track(runner.sync());
    assert.deepEqual(committed('sync-open.db'), [5], 'committed at the call');
    await until(() => wal.syncs.length === 1);
    wal.complete();
    await until(() => synced.state === 'resolved');
  } finally {
    wal.release();
    await runner.close();
  }
});
