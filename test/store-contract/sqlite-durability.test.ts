// Durability of acknowledged writes on SQLite (docs/operations.md, Durability): by default a durable
// write returns only after an fsync of the WAL covering its commit (group commit, wal-sync.ts; its
// unit tests control the fsyncs: test/unit/store/wal-sync.test.ts), so an acknowledged API write
// survives power loss; `sqliteSynchronous: normal` is the explicit, faster opt-out. The engine's
// own writes do not wait (a lost one is redelivered).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { loadConfig } from '../../src/config/index.js';
import { SQLITE_MIGRATIONS } from '../../src/store/migrations/sqlite/index.js';
import { get, run, type Program } from '../../src/store/program.js';
import { QUERIES, type QueryName } from '../../src/store/sql/queries.js';
import { SqliteRunner } from '../../src/store/sqlite/sqlite-runner.js';

const dir = mkdtempSync(join(tmpdir(), 'takt-sqlite-durability-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const runner = (file: string, synchronous?: 'full' | 'normal') =>
  new SqliteRunner({
    path: join(dir, file),
    queries: QUERIES,
    migrations: SQLITE_MIGRATIONS,
    ...(synchronous !== undefined ? { synchronous } : {}),
  });

test('sqlite durable writes wait for the WAL fsync by default; normal is an explicit opt-out', async () => {
  const durable = runner('default.db');
  const fast = runner('normal.db', 'normal');
  try {
    assert.equal(durable.syncsWal, true);
    assert.equal(fast.syncsWal, false);
    // Neither connection commits with FULL: that fsync would block the event loop.
    assert.equal(durable.synchronousSetting(), 'normal');
    assert.equal(fast.synchronousSetting(), 'normal');
  } finally {
    await durable.close();
    await fast.close();
  }
});

test('the option: sqliteSynchronous / TAKT_SQLITE_SYNCHRONOUS, default full, only full or normal', () => {
  const base = { flags: {}, cwd: dir };
  assert.equal(loadConfig({ ...base, env: {} }).sqliteSynchronous, 'full');
  assert.equal(
    loadConfig({ ...base, env: { TAKT_SQLITE_SYNCHRONOUS: 'normal' } }).sqliteSynchronous,
    'normal',
  );
  assert.throws(
    () => loadConfig({ ...base, env: { TAKT_SQLITE_SYNCHRONOUS: 'off' } }),
    /TAKT_SQLITE_SYNCHRONOUS/,
  );
});

test('durable writes on a real file: fsynced through a WAL another connection truncated, and kept', async () => {
  const queries = {
    ...QUERIES,
    probeTable: 'CREATE TABLE IF NOT EXISTS probe (x INTEGER)',
    probeInsert: 'INSERT INTO probe (x) VALUES ($1)',
    probeCount: 'SELECT COUNT(*) AS n FROM probe',
    probeCheckpoint: 'PRAGMA wal_checkpoint(TRUNCATE)',
  } as typeof QUERIES;
  const q = (name: string): QueryName => name as QueryName;
  const insert = function* (x: number): Program<number> {
    yield* run(q('probeTable'));
    return yield* run(q('probeInsert'), x);
  };
  const rows = function* (): Program<number> {
    return Number((yield* get(q('probeCount')))?.['n']);
  };
  const file = join(dir, 'real.db');
  const open = () => new SqliteRunner({ path: file, queries, migrations: SQLITE_MIGRATIONS });
  const a = open();
  await a.migrate();
  assert.equal(await a.write(insert(1)), 1);
  assert.ok(statSync(`${file}-wal`).size > 0, 'committed into the WAL');
  // Another connection (a CLI next to `takt serve`) checkpoints and truncates the WAL: same file,
  // emptied; the next group fsync still goes to it.
  const b = open();
  await b.read(get(q('probeCheckpoint')));
  assert.equal(statSync(`${file}-wal`).size, 0);
  await b.close();
  assert.equal(await a.write(insert(2), { durable: false }), 1, 'an engine write does not wait');
  assert.equal(await a.write(insert(3)), 1);
  await a.close();
  const c = open();
  assert.equal(await c.read(rows()), 3);
  await c.close();
});
