// Operation records are group-committed through the Batcher (src/batching/batcher.ts, tested in
// test/unit/batching): on a real SQLite store, concurrent records are all stored and close() writes
// one not yet flushed.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { OperationRecord } from '../../../src/domain/tenant.js';
import { openSqliteStore } from '../../../src/store/open-store.js';

const record = (id: string, at: number): OperationRecord => ({
  id,
  subscriptionId: '0f0e0d0c-0b0a-4009-8807-060504030201',
  status: 'Succeeded',
  httpStatusCode: 200,
  createdAt: at,
  completesAt: at,
});

test('SQLite: concurrent operation records are all stored, and close() writes one not yet flushed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'takt-group-commit-'));
  try {
    const path = join(dir, 'takt.db');
    const store = await openSqliteStore({ path });
    const sub = record('x', 0).subscriptionId;
    await store.createSubscription({ id: sub, enabled: true, registered: true, createdAt: 0 });
    const ids = Array.from({ length: 20 }, (_, i) => i.toString(16).padStart(32, '0'));
    await Promise.all(ids.map((id, i) => store.putOperation(record(id, 1000 + i))));
    for (const [i, id] of ids.entries())
      assert.equal((await store.getOperation(sub, id))?.createdAt, 1000 + i);
    const late = 'f'.repeat(32);
    void store.putOperation(record(late, 5000));
    await store.close();
    const reopened = await openSqliteStore({ path });
    try {
      assert.equal((await reopened.getOperation(sub, late))?.createdAt, 5000);
    } finally {
      await reopened.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
