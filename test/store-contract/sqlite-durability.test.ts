// Durability of acknowledged writes on SQLite (docs/operations.md, Durability): by default every
// commit is fsynced before the write returns (synchronous=FULL in WAL mode), so an acknowledged API
// write survives power loss; `sqliteSynchronous: normal` is the explicit, faster opt-out. The
// engine's own writes skip that fsync (a lost one is redelivered).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { loadConfig } from '../../src/config/index.js';
import { SQLITE_MIGRATIONS } from '../../src/store/migrations/sqlite/index.js';
import { get, type Program } from '../../src/store/program.js';
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

test('sqlite commits are fsynced by default (synchronous=FULL); normal is an explicit opt-out', async () => {
  const durable = runner('default.db');
  const fast = runner('normal.db', 'normal');
  try {
    assert.equal(durable.synchronousSetting(), 'full');
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

test("the engine's own writes skip the per-commit fsync; API writes keep it (and the setting returns to full)", async () => {
  // PRAGMA synchronous read inside the transaction: 2 = FULL, 1 = NORMAL. SQLite compiles this
  // pragma's current value into the statement, so each read uses a statement of its own.
  const names = Array.from({ length: 8 }, (_, i) => `syncLevel${i}`);
  const queries = {
    ...QUERIES,
    ...Object.fromEntries(names.map((n) => [n, 'PRAGMA synchronous'])),
  } as typeof QUERIES;
  let next = 0;
  const level = function* (): Program<number> {
    const name = names[next++] as QueryName;
    return Number((yield* get(name))?.['synchronous']);
  };
  const open = (file: string, synchronous?: 'normal') =>
    new SqliteRunner({
      path: join(dir, file),
      queries,
      migrations: SQLITE_MIGRATIONS,
      ...(synchronous !== undefined ? { synchronous } : {}),
    });
  const full = open('engine-writes.db');
  const normal = open('engine-writes-normal.db', 'normal');
  try {
    assert.equal(await full.write(level()), 2, 'an API write commits with FULL');
    assert.equal(await full.write(level(), false), 1, 'an engine write commits with NORMAL');
    assert.equal(full.synchronousSetting(), 'full', 'and the connection is back to FULL');
    assert.equal(await full.write(level()), 2);
    // A failing engine write restores the setting too.
    const failing = function* (): Program<number> {
      yield* level();
      throw new Error('boom');
    };
    await assert.rejects(full.write(failing(), false), /boom/);
    assert.equal(full.synchronousSetting(), 'full');
    assert.equal(await normal.write(level()), 1, 'the normal opt-out applies to every write');
  } finally {
    await full.close();
    await normal.close();
  }
});
