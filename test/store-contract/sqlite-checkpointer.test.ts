// SQLite's WAL checkpoints run on a thread of their own (docs/store.md, SQLite checkpoints): the
// store's connection never checkpoints inside a commit; the checkpointer thread copies the WAL into
// the database file, and its last checkpoint at close leaves the file complete on its own.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { SQLITE_MIGRATIONS } from '../../src/store/migrations/sqlite/index.js';
import { run, type Program } from '../../src/store/program.js';
import { QUERIES, type QueryName } from '../../src/store/sql/queries.js';
import type { CheckpointEvent, CheckpointSettings } from '../../src/store/sqlite/checkpoint-policy.js';
import { SqliteRunner } from '../../src/store/sqlite/sqlite-runner.js';
import { acquireWalIndexFile, readWalIndex } from '../../src/store/sqlite/wal-index-file.js';

const dir = mkdtempSync(join(tmpdir(), 'takt-sqlite-checkpointer-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const queries = {
  ...QUERIES,
  probeTable: 'CREATE TABLE IF NOT EXISTS probe (x TEXT)',
  probeInsert: 'INSERT INTO probe (x) VALUES ($1)',
} as typeof QUERIES;
const q = (name: string): QueryName => name as QueryName;
/** About one 4 KiB page per row. */
const insert = function* (): Program<number> {
  yield* run(q('probeTable'));
  return yield* run(q('probeInsert'), 'x'.repeat(3000));
};

/** The wal-index header's frame counters, read as the thread reads them (through the shared descriptor). */
function walIndex(file: string): { mxFrame: number; nBackfill: number } {
  const shm = acquireWalIndexFile(realpathSync(file));
  try {
    const index = readWalIndex(shm.fd);
    assert.ok(index, `${file}: the wal-index can be read`);
    return index;
  } finally {
    shm.release();
  }
}

/** The wal-index's DMS byte (SQLite's os_unix.c: UNIX_SHM_BASE 120 + SQLITE_SHM_NLOCK 8). */
const DMS = 'READ 128-128';
/** This process's POSIX locks on `path` (Linux's /proc/locks): the mode and the byte range of each. */
function locksHeld(path: string): string[] {
  if (!existsSync(path)) return [];
  const inode = statSync(path).ino;
  return readFileSync('/proc/locks', 'utf8')
    .split('\n')
    .map((line) => line.split(/\s+/))
    .filter((f) => f[1] === 'POSIX' && f[4] === String(process.pid) && f[5]?.endsWith(`:${inode}`))
    .map((f) => `${f[3]} ${f[6]}-${f[7]}`);
}

/** A runner whose checkpoint events can be awaited. */
function open(file: string, settings: Partial<CheckpointSettings>) {
  const seen: CheckpointEvent[] = [];
  const waiting: { kinds: CheckpointEvent['kind'][]; resolve: (e: CheckpointEvent) => void }[] = [];
  const runner = new SqliteRunner({
    path: file,
    queries,
    migrations: SQLITE_MIGRATIONS,
    checkpointer: settings,
    onCheckpoint: (event) => {
      seen.push(event);
      for (const w of waiting.splice(0)) {
        if (w.kinds.includes(event.kind)) w.resolve(event);
        else waiting.push(w);
      }
    },
  });
  const next = (...kinds: CheckpointEvent['kind'][]): Promise<CheckpointEvent> =>
    new Promise((resolve) => waiting.push({ kinds, resolve }));
  return { runner, seen, next };
}

test('the store connection never checkpoints inside a commit; close leaves a checkpointed file', async () => {
  const file = join(dir, 'no-auto.db');
  // A thread that never finds a checkpoint due until close.
  const { runner, seen } = open(file, { thresholdFrames: 1_000_000_000, idleMs: 1_000_000 });
  assert.equal(runner.autocheckpointPages(), 0);
  await runner.migrate();
  // Past SQLite's own automatic checkpoint of 1,000 pages, which would have copied and restarted the WAL.
  for (let i = 0; i < 1200; i++) await runner.write(insert(), { durable: false });
  const index = walIndex(file);
  assert.ok(index.mxFrame > 1200, `WAL frames grew: ${index.mxFrame}`);
  assert.equal(index.nBackfill, 0, 'nothing was copied into the database file');
  await runner.close();
  assert.deepEqual(
    seen.filter((e) => e.kind === 'failed'),
    [],
  );
  // The WAL is gone: the database file alone holds every row (a copy without WAL or wal-index).
  assert.equal(existsSync(`${file}-wal`), false);
  copyFileSync(file, join(dir, 'alone.db'));
  const alone = new Database(join(dir, 'alone.db'), { readonly: true });
  try {
    assert.equal(alone.prepare('SELECT COUNT(*) AS n FROM probe').pluck().get(), 1200);
  } finally {
    alone.close();
  }
});

test('the checkpointer thread copies the WAL past its threshold, and the next commit starts the WAL over', async () => {
  const file = join(dir, 'threshold.db');
  const { runner, next } = open(file, { thresholdFrames: 100, pollMs: 1, idleMs: 50 });
  await runner.migrate();
  const copied = next('passive');
  let rows = 0;
  // Commits until the thread has copied a pass (it looks at most every pollMs, after commits).
  let done = false;
  void copied.then(() => (done = true));
  while (!done) {
    await runner.write(insert(), { durable: false });
    rows += 1;
    await new Promise((resolve) => setImmediate(resolve));
  }
  const event = await copied;
  assert.ok(event.kind === 'passive' && event.frames >= 100, JSON.stringify(event));
  // Commits stopped: the thread's look after idleMs copies what came after its pass (or, when its
  // start was slow and the WAL passed the hard limit, its RESTART did), so the next commit finds the
  // WAL fully checkpointed and starts it over from its first frame.
  for (;;) {
    const copiedMore = next('passive', 'blocking');
    const index = walIndex(file);
    if (index.nBackfill >= index.mxFrame) break;
    await copiedMore;
  }
  const before = walIndex(file).mxFrame;
  await runner.write(insert(), { durable: false });
  rows += 1;
  assert.ok(walIndex(file).mxFrame < before, `the WAL started over: ${walIndex(file).mxFrame} < ${before}`);
  await runner.close();
  const reopened = new Database(file, { readonly: true });
  try {
    assert.equal(reopened.prepare('SELECT COUNT(*) AS n FROM probe').pluck().get(), rows);
  } finally {
    reopened.close();
  }
});

// Closing any descriptor of a file drops every POSIX lock the process holds on it. SQLite's shared
// lock on the wal-index's DMS byte (128) tells another process that opens the database that the
// index is in use; without it that process truncates and rebuilds the index under this process's
// memory map (a SIGBUS in `takt serve` while `takt keys rotate` ran). The thread reads the index
// through a descriptor that stays open until the store's connection is closed.
test('reading the wal-index keeps the lock SQLite holds on it; another process then opens the file safely', async () => {
  const file = join(dir, 'locks.db');
  const { runner, next } = open(file, { thresholdFrames: 1, pollMs: 1, idleMs: 5 });
  await runner.migrate();
  const shm = `${realpathSync(file)}-shm`;
  assert.ok(locksHeld(shm).includes(DMS), 'SQLite holds its DMS lock once open');
  // Commits until the thread has read the index and checkpointed three times (it counts only the
  // commits made after it started).
  let rows = 0;
  for (let pass = 0; pass < 3; pass++) {
    let copied = false;
    void next('passive').then(() => (copied = true));
    while (!copied) {
      await runner.write(insert(), { durable: false });
      rows += 1;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  assert.ok(locksHeld(shm).includes(DMS), 'the lock is still held after the thread read the index');
  // Another process writes to the file while this one is open, and this one goes on.
  const child = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import Database from 'better-sqlite3';
       const db = new Database(${JSON.stringify(file)});
       db.pragma('busy_timeout = 5000');
       db.prepare('INSERT INTO probe (x) VALUES (?)').run('from another process');
       db.close();`,
    ],
    { encoding: 'utf8' },
  );
  assert.equal(child.status, 0, child.stderr);
  await runner.write(insert(), { durable: false });
  rows += 1;
  assert.ok(locksHeld(shm).includes(DMS), 'and after another process wrote');
  await runner.close();
  assert.deepEqual(locksHeld(shm), [], 'closing the store releases the lock with the descriptor');
  const reopened = new Database(file, { readonly: true });
  try {
    assert.equal(reopened.prepare('SELECT COUNT(*) AS n FROM probe').pluck().get(), rows + 1);
    assert.equal(reopened.pragma('integrity_check', { simple: true }), 'ok');
  } finally {
    reopened.close();
  }
});

test('in-memory databases and an explicit opt-out have no checkpointer; SQLite checkpoints in commits', async () => {
  const memory = new SqliteRunner({ path: ':memory:', queries, migrations: SQLITE_MIGRATIONS });
  const optOut = new SqliteRunner({
    path: join(dir, 'opt-out.db'),
    queries,
    migrations: SQLITE_MIGRATIONS,
    checkpointer: false,
  });
  try {
    assert.equal(optOut.autocheckpointPages(), 1000);
    await memory.migrate();
    assert.equal(await memory.write(insert()), 1);
  } finally {
    await memory.close();
    await optOut.close();
  }
});
