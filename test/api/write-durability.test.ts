// A PUT (or PATCH) job is answered once one group fsync covers both its commits, the job's and its operation
// record's (src/api/pipeline/write-operation-record.ts, docs/operations.md Durability): the job's
// write does not wait for its own fsync first. A failed fsync while the request runs answers 503
// and the record says so. The fsyncs here are the test's own: each completes when the test says so.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { SQLITE_MIGRATIONS } from '../../src/store/migrations/sqlite/index.js';
import { SqlStore } from '../../src/store/sql-store.js';
import { QUERIES } from '../../src/store/sql/queries.js';
import { SqliteRunner } from '../../src/store/sqlite/sqlite-runner.js';
import type { WalFiles, WalHandle } from '../../src/store/sqlite/wal-sync.js';
import { httpJob, jobPath, seedCollection, startHarness, SUB, type Harness } from './harness.js';

/** A WAL whose fsyncs complete at once (`auto`) or when the test says so. */
class FakeWal implements WalFiles {
  auto = true;
  started = 0;
  readonly pending: { resolve: () => void; reject: (e: Error) => void }[] = [];
  inode = (): Promise<number | undefined> => Promise.resolve(1);
  syncDir = (): Promise<void> => Promise.resolve();
  open = (): Promise<WalHandle> =>
    Promise.resolve({
      inode: 1,
      sync: () => {
        this.started += 1;
        if (this.auto) return Promise.resolve();
        return new Promise<void>((resolve, reject) => this.pending.push({ resolve, reject }));
      },
      close: () => Promise.resolve(),
    });
}

async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !done(); i++) await new Promise<void>((resolve) => setImmediate(resolve));
  assert.ok(done(), 'condition reached');
}

let dir: string;
let wal: FakeWal;
let h: Harness;
let store: SqlStore;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'takt-write-durability-'));
  wal = new FakeWal();
  h = await startHarness({
    openStore: async () => {
      const runner = new SqliteRunner({
        path: join(dir, 'takt.db'),
        queries: QUERIES,
        migrations: SQLITE_MIGRATIONS,
        walFiles: wal,
      });
      store = new SqlStore(runner);
      await store.migrate();
      return store;
    },
  });
  await seedCollection(h);
});
after(async () => {
  await h.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

for (const method of ['PUT', 'PATCH']) {
  test(`${method} job: one fsync, started after both commits, covers the job and its operation record`, async () => {
    if (method === 'PATCH')
      assert.equal((await h.call('PUT', jobPath(`durable-${method}`), { body: httpJob() })).statusCode, 201);
    wal.auto = false;
    const started = wal.started;
    let answered = false;
    const body = method === 'PUT' ? httpJob() : { state: 'disabled' };
    const reply = h.call(method, jobPath(`durable-${method}`), { body }).finally(() => (answered = true));
    await until(() => wal.pending.length === 1);
    for (let i = 0; i < 10; i++) await new Promise<void>((resolve) => setImmediate(resolve));
    assert.equal(answered, false, 'not answered before the fsync completed');
    assert.equal(wal.started - started, 1, 'one fsync for both commits');
    wal.pending.shift()?.resolve();
    await until(() => answered);
    const r = await reply;
    assert.equal(r.statusCode, method === 'PUT' ? 201 : 200, r.body);
    assert.equal(wal.started - started, 1);
    const op = await store.getOperation(SUB, String(r.headers['x-ms-request-id']));
    assert.equal(op?.status, 'Succeeded');
    wal.auto = true;
  });
}

test('PUT job: a failed fsync while the request runs answers 503, and its operation record says so', async () => {
  wal.auto = false;
  const reply = h.call('PUT', jobPath('lost'), { body: httpJob() });
  await until(() => wal.pending.length === 1);
  wal.auto = true;
  wal.pending.shift()?.reject(new Error('EIO: the disk went away'));
  const r = await reply;
  assert.equal(r.statusCode, 503, r.body);
  const op = await store.getOperation(SUB, String(r.headers['x-ms-request-id']));
  assert.equal(op?.status, 'Failed');
  assert.equal(op?.httpStatusCode, 503);
});
