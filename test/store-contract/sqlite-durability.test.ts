// Durability of acknowledged writes on SQLite (docs/operations.md, Durability): by default every
// commit is fsynced before the write returns (synchronous=FULL in WAL mode), so an acknowledged API
// write survives power loss; `sqliteSynchronous: normal` is the explicit, faster opt-out.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { loadConfig } from '../../src/config/index.js';
import { SQLITE_MIGRATIONS } from '../../src/store/migrations/sqlite/index.js';
import { QUERIES } from '../../src/store/sql/queries.js';
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
