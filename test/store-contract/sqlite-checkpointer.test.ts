// SQLite's WAL checkpoints run on a thread of their own (docs/store.md, SQLite checkpoints): the
// store's connection never checkpoints inside a commit; the checkpointer thread copies the WAL into
// the database file, and its last checkpoint at close leaves the file complete on its own.
import assert from 'node:assert/strict';
import { closeSync, copyFileSync, existsSync, mkdtempSync, openSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { SQLITE_MIGRATIONS } from '../../src/store/migrations/sqlite/index.js';
import { run, type Program } from '../../src/store/program.js';
import { QUERIES, type QueryName } from '../../src/store/sql/queries.js';
import type { CheckpointEvent, CheckpointSettings } from '../../src/store/sqlite/checkpoint-policy.js';
import { SqliteRunner } from '../../src/store/sqlite/sqlite-runner.js';

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

/** The wal-index header's frame counters (https://sqlite.org/walformat.html), as the thread reads them. */
function walIndex(file: string): { mxFrame: number; nBackfill: number } {
  const fd = openSync(`${file}-shm`, 'r');
  try {
    const header = Buffer.alloc(100);
    readSync(fd, header, 0, 100, 0);
    return { mxFrame: header.readUInt32LE(16), nBackfill: header.readUInt32LE(96) };
  } finally {
    closeSync(fd);
  }
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
