/** What the SQLite adapter promises beyond the port: its file, its pragmas, its lock behaviour. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { StoreUnavailable } from '../../src/ports/store.js';
import { openSqliteStore } from '../../src/store/open-store.js';
import { SUB, subscription } from './fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'takt-sqlite-file-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('sqlite: creates the data directory, uses WAL with foreign keys on, and keeps data across reopen', async () => {
  const path = join(dir, 'nested', 'data', 'takt.db');
  const store = await openSqliteStore({ path });
  await store.createSubscription(subscription());
  await store.close();
  await store.close(); // idempotent

  const raw = new Database(path, { readonly: true });
  try {
    assert.equal(raw.pragma('journal_mode', { simple: true }), 'wal');
  } finally {
    raw.close();
  }
  const again = await openSqliteStore({ path });
  try {
    assert.deepEqual(await again.getSubscription(SUB), subscription());
  } finally {
    await again.close();
  }
});

test('sqlite: foreign keys are enforced (a collection cannot point at a missing cloud service)', async () => {
  const path = join(dir, 'fk.db');
  const store = await openSqliteStore({ path });
  await store.close();
  const raw = new Database(path);
  try {
    raw.pragma('foreign_keys = ON');
    assert.throws(
      () =>
        raw
          .prepare(
            `INSERT INTO job_collections (cloud_service_id, subscription_id, name_key, name, plan, quota, schema_version, etag,
               last_operation, suspended, created_at, updated_at) VALUES (42, 's', 'n', 'n', 'Free', '{}', '1', 'e', 'Create', 0, 0, 0)`,
          )
          .run(),
      /FOREIGN KEY/,
    );
  } finally {
    raw.close();
  }
});

test('sqlite: a write blocked by another process past the busy timeout is StoreUnavailable, then succeeds', async () => {
  const path = join(dir, 'busy.db');
  const store = await openSqliteStore({ path, busyTimeoutMs: 20 });
  after(() => store.close());
  const other = new Database(path);
  after(() => other.close());
  other.exec('BEGIN IMMEDIATE');
  await assert.rejects(
    store.createSubscription(subscription()),
    (err: unknown) => err instanceof StoreUnavailable,
  );
  // Reads are not blocked by a writer (WAL).
  assert.deepEqual(await store.listSubscriptions(), []);
  other.exec('ROLLBACK');
  await store.createSubscription(subscription());
  assert.deepEqual(await store.listSubscriptions(), [subscription()]);
});

test("the PostgreSQL adapter's BIGINT parser is its own: pg's global parsers are untouched", () => {
  assert.equal(pg.types.getTypeParser(20, 'text')('9007199254740993'), '9007199254740993');
});
