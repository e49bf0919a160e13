// A new SQLite store is readable by its owner only (src/store/sqlite/sqlite-runner.ts): it holds
// sealed job secrets and credential hashes. SQLite gives the -wal and -shm files the same mode. An
// existing file keeps the mode its operator gave it.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { openSqliteStore } from '../../../src/store/open-store.js';

const dir = mkdtempSync(join(tmpdir(), 'takt-file-mode-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const mode = (path: string): number => statSync(path).mode & 0o777;

test('a new store file, its WAL and its shared-memory file are 0600', async () => {
  const path = join(dir, 'new', 'takt.db');
  const store = await openSqliteStore({ path });
  try {
    assert.equal(mode(path), 0o600);
    assert.equal(mode(`${path}-wal`), 0o600);
    assert.equal(mode(`${path}-shm`), 0o600);
  } finally {
    await store.close();
  }
});

test('an existing store file keeps its mode', async () => {
  const path = join(dir, 'kept.db');
  writeFileSync(path, '');
  chmodSync(path, 0o640);
  const store = await openSqliteStore({ path });
  try {
    assert.equal(mode(path), 0o640);
  } finally {
    await store.close();
  }
});
