// Group commit of SQLite's WAL (src/store/sqlite/wal-sync.ts, docs/operations.md Durability): a
// durable write is acknowledged only after an fsync that started after its commit completed; the
// writes committed while an fsync runs share the next one; a failed fsync fails the writes it
// covered with StoreUnavailable (503 ServerBusy), never a 500. The fsyncs here are the test's own:
// each completes when the test says so.
import assert from 'node:assert/strict';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { StoreUnavailable } from '../../../src/ports/store.js';
import { SQLITE_MIGRATIONS } from '../../../src/store/migrations/sqlite/index.js';
import { run, type Program } from '../../../src/store/program.js';
import { QUERIES, type QueryName } from '../../../src/store/sql/queries.js';
import { SqliteRunner } from '../../../src/store/sqlite/sqlite-runner.js';
import { WalSync } from '../../../src/store/sqlite/wal-sync.js';
import { FakeWal, turns, until } from '../../support/fake-wal.js';
import { track } from '../../support/promise-state.js';

test('a sync resolves only once the fsync covering it completed', async () => {
  const wal = new FakeWal();
  const sync = new WalSync('/data/takt.db-wal', wal);
  const first = track(sync.sync());
  await until(() => wal.syncs.length === 1);
  assert.deepEqual(wal.paths, ['/data/takt.db-wal']);
  assert.equal(wal.dirSyncs, 1, 'a newly opened WAL has its directory synced once');
  await turns();
  assert.equal(first.state, 'pending');
  wal.complete();
  await until(() => first.state === 'resolved');
});

test('syncs made while an fsync runs wait for the next one, which covers them all', async () => {
  const wal = new FakeWal();
  const sync = new WalSync('/data/takt.db-wal', wal);
  const first = track(sync.sync());
  await until(() => wal.syncs.length === 1);
  // Committed after the running fsync started: it does not cover them.
  const later = [track(sync.sync()), track(sync.sync()), track(sync.sync())];
  wal.complete();
  await until(() => first.state === 'resolved');
  await until(() => wal.syncs.length === 1);
  assert.ok(
    later.every((t) => t.state === 'pending'),
    'not acknowledged by the fsync that started before them',
  );
  wal.complete();
  await until(() => later.every((t) => t.state === 'resolved'));
  assert.equal(wal.started, 2, 'one fsync per group, at most one at a time');
  assert.deepEqual(wal.opened, [1], 'the file is opened once');
  await sync.close();
  assert.deepEqual(wal.closed, [1]);
});

test('a failed fsync rejects the writes it covered with StoreUnavailable; the next group reopens the file', async () => {
  const wal = new FakeWal();
  const sync = new WalSync('/data/takt.db-wal', wal);
  const a = track(sync.sync());
  await until(() => wal.syncs.length === 1);
  const b = track(sync.sync());
  const c = track(sync.sync());
  wal.fail('EIO: i/o error, fsync');
  await until(() => a.state === 'rejected');
  assert.ok(a.error instanceof StoreUnavailable, 'a store error the API answers with 503');
  assert.match(a.error.message, /EIO/);
  // b and c committed after the failed fsync started: the next one, on a reopened file, covers them.
  await until(() => wal.syncs.length === 1);
  assert.deepEqual(wal.opened, [1, 1]);
  assert.equal(b.state, 'pending');
  wal.fail('EIO again');
  await until(() => b.state === 'rejected' && c.state === 'rejected');
  assert.ok(b.error instanceof StoreUnavailable && c.error instanceof StoreUnavailable);
  const d = track(sync.sync());
  await until(() => wal.syncs.length === 1);
  wal.complete();
  await until(() => d.state === 'resolved');
});

test('a replaced WAL is reopened; a deleted one (checkpointed by SQLite) needs no fsync', async () => {
  const wal = new FakeWal();
  const sync = new WalSync('/data/takt.db-wal', wal);
  const a = track(sync.sync());
  await until(() => wal.syncs.length === 1);
  wal.complete();
  await until(() => a.state === 'resolved');
  wal.inodeNow = 2;
  const b = track(sync.sync());
  await until(() => wal.syncs.length === 1);
  assert.equal(wal.syncs[0]?.inode, 2, 'the fsync goes to the file now at the path');
  assert.deepEqual(wal.closed, [1]);
  assert.equal(wal.dirSyncs, 2);
  wal.complete();
  await until(() => b.state === 'resolved');
  wal.inodeNow = undefined;
  await sync.sync();
  assert.equal(wal.started, 2, 'no fsync without a WAL file');
  assert.deepEqual(wal.closed, [1, 2]);
});

const dir = mkdtempSync(join(tmpdir(), 'takt-wal-sync-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A table of its own, so a write needs no seeded tenant. */
const queries = {
  ...QUERIES,
  probeTable: 'CREATE TABLE IF NOT EXISTS probe (x INTEGER)',
  probeInsert: 'INSERT INTO probe (x) VALUES ($1)',
} as typeof QUERIES;
function* insert(x: number): Program<number> {
  yield* run('probeTable' as QueryName);
  return yield* run('probeInsert' as QueryName, x);
}

test('SqliteRunner: durable writes wait for the WAL fsync; engine writes, `normal` and :memory: do not', async () => {
  const wal = new FakeWal();
  const open = (path: string, synchronous?: 'normal') =>
    new SqliteRunner({
      path,
      queries,
      migrations: SQLITE_MIGRATIONS,
      walFiles: wal,
      ...(synchronous !== undefined ? { synchronous } : {}),
    });
  const full = open(join(dir, 'full.db'));
  const normal = open(join(dir, 'normal.db'), 'normal');
  const memory = open(':memory:');
  try {
    assert.equal(full.syncsWal, true);
    assert.equal(normal.syncsWal, false);
    assert.equal(memory.syncsWal, false);
    // The connection never commits with FULL (that fsync would block the event loop).
    assert.equal(full.synchronousSetting(), 'normal');

    const migrated = track(full.migrate());
    await until(() => wal.syncs.length === 1);
    assert.equal(wal.paths[0], `${realpathSync(join(dir, 'full.db'))}-wal`);
    wal.complete();
    await until(() => migrated.state === 'resolved');

    const durable = track(full.write(insert(1)));
    await until(() => wal.syncs.length === 1);
    await turns();
    assert.equal(durable.state, 'pending', 'not acknowledged before its fsync');
    assert.equal(
      await full.write(insert(2), { durable: false, alone: true }),
      1,
      'an engine write does not wait',
    );
    wal.complete();
    await until(() => durable.state === 'resolved');
    assert.equal(wal.started, 2);

    await normal.migrate();
    assert.equal(await normal.write(insert(3)), 1);
    await memory.migrate();
    assert.equal(await memory.write(insert(4)), 1);
    assert.equal(wal.started, 2, 'no fsync under normal or in memory');
  } finally {
    await full.close();
    await normal.close();
    await memory.close();
  }
});

test('SqliteRunner: a failed WAL fsync fails the durable write with StoreUnavailable', async () => {
  const wal = new FakeWal();
  const runner = new SqliteRunner({
    path: join(dir, 'failing.db'),
    queries,
    migrations: SQLITE_MIGRATIONS,
    walFiles: wal,
  });
  try {
    const migrated = track(runner.migrate());
    await until(() => wal.syncs.length === 1);
    wal.complete();
    await until(() => migrated.state === 'resolved');
    const w = track(runner.write(insert(1)));
    await until(() => wal.syncs.length === 1);
    wal.fail('EIO: i/o error, fsync');
    await until(() => w.state === 'rejected');
    assert.ok(w.error instanceof StoreUnavailable);
  } finally {
    await runner.close();
  }
});
