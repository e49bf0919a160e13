// Authentication's reads (certificate, token, subscription) and getJob are cached on SQLite until anything
// could have changed them (src/store/read-cache.ts): this process's tenant writes, or a commit by
// another connection (PRAGMA data_version), such as `takt certs remove` run next to `takt serve`.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { ManagementCertificate } from '../../../src/domain/tenant.js';
import {
  cloudService,
  collection,
  historyEntry,
  job,
  jobRef,
  seedCollection,
  subscription,
} from '../../store-contract/fixtures.js';
import { SQLITE_MIGRATIONS } from '../../../src/store/migrations/sqlite/index.js';
import { openSqliteStore } from '../../../src/store/open-store.js';
import type { Program, Runner, WriteMode } from '../../../src/store/program.js';
import { SqlStore } from '../../../src/store/sql-store.js';
import { QUERIES } from '../../../src/store/sql/queries.js';
import { SqliteRunner } from '../../../src/store/sqlite/sqlite-runner.js';
import { MISS, ReadCache } from '../../../src/store/read-cache.js';

const SUB = '0f0e0d0c-0b0a-4009-8807-060504030201';
const TP = 'A'.repeat(40);
const cert: ManagementCertificate = {
  thumbprint: TP,
  subject: 'CN=x',
  notBefore: 0,
  notAfter: 1e15,
  subscriptionIds: [SUB],
  addedAt: 0,
};

/** A SQLite runner that counts the reads reaching the database. */
class CountingRunner implements Runner {
  reads = 0;
  constructor(
    private readonly inner: SqliteRunner,
    readonly withCounter: boolean,
  ) {
    if (withCounter) this.othersChangeCounter = () => inner.othersChangeCounter();
  }
  othersChangeCounter?: () => number;
  read<T>(p: Program<T>): Promise<T> {
    this.reads += 1;
    return this.inner.read(p);
  }
  write<T>(p: Program<T>, mode?: WriteMode<T>): Promise<T> {
    return this.inner.write(p, mode);
  }
  migrate(): Promise<number> {
    return this.inner.migrate();
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

let dir: string;
let path: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'takt-tenant-cache-'));
  path = join(dir, 'takt.db');
});
after(() => rmSync(dir, { recursive: true, force: true }));

async function open(withCounter = true): Promise<{ store: SqlStore; runner: CountingRunner }> {
  const runner = new CountingRunner(
    new SqliteRunner({ path, queries: QUERIES, migrations: SQLITE_MIGRATIONS }),
    withCounter,
  );
  const store = new SqlStore(runner);
  await store.migrate();
  return { store, runner };
}

test("repeated reads are served from memory; this process's own tenant writes are seen at once", async () => {
  const { store, runner } = await open();
  try {
    await store.createSubscription({ id: SUB, enabled: true, registered: true, createdAt: 0 });
    await store.addCertificate(cert);
    await store.addToken({ id: 'tok1', subscriptionId: SUB, hash: 'h'.repeat(64), createdAt: 0 });
    const before = runner.reads;
    assert.equal((await store.findCertificate(TP))?.thumbprint, TP);
    assert.equal((await store.findCertificate(TP))?.thumbprint, TP);
    assert.equal((await store.getSubscription(SUB))?.enabled, true);
    assert.equal((await store.getSubscription(SUB))?.enabled, true);
    assert.equal(runner.reads - before, 2, 'the second read of each came from memory');

    await store.updateSubscription(SUB, { enabled: false });
    assert.equal((await store.getSubscription(SUB))?.enabled, false);
    assert.equal(await store.revokeToken('tok1', 5), true);
    assert.equal((await store.findTokenByHash('h'.repeat(64)))?.revokedAt, 5);
    assert.equal(await store.removeCertificate(TP, SUB), true);
    assert.deepEqual(
      (await store.findCertificate(TP))?.subscriptionIds,
      [],
      'no longer mapped to the subscription',
    );
    assert.equal(await store.removeCertificate(TP), true);
    assert.equal(await store.findCertificate(TP), undefined);
    await store.updateSubscription(SUB, { enabled: true });
  } finally {
    await store.close();
  }
});

/** The counter of other connections' commits is read once per event-loop turn (sqlite-runner.ts). */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

test('a change committed by another connection (another process, e.g. the CLI) is seen by the first read of the next event-loop turn', async () => {
  const { store } = await open();
  const other = await openSqliteStore({ path });
  try {
    await other.addCertificate(cert);
    await other.addToken({ id: 'tok2', subscriptionId: SUB, hash: 'k'.repeat(64), createdAt: 0 });
    assert.deepEqual((await store.findCertificate(TP))?.subscriptionIds, [SUB]);
    assert.equal((await store.findTokenByHash('k'.repeat(64)))?.revokedAt, undefined);
    assert.equal((await store.getSubscription(SUB))?.enabled, true);

    assert.equal(await other.removeCertificate(TP, SUB), true);
    await nextTurn();
    assert.deepEqual((await store.findCertificate(TP))?.subscriptionIds, []);
    assert.equal(await other.revokeToken('tok2', 7), true);
    await nextTurn();
    assert.equal((await store.findTokenByHash('k'.repeat(64)))?.revokedAt, 7);
    await other.updateSubscription(SUB, { enabled: false });
    await nextTurn();
    assert.equal((await store.getSubscription(SUB))?.enabled, false);
  } finally {
    await other.close();
    await store.close();
  }
});

test('a runner without a change counter (PostgreSQL) gets no cache: every read reaches the database', async () => {
  const { store, runner } = await open(false);
  try {
    const before = runner.reads;
    await store.getSubscription(SUB);
    await store.getSubscription(SUB);
    assert.equal(runner.reads - before, 2);
  } finally {
    await store.close();
  }
});

test('getJob is served from memory until any write of this store or another connection`s commit', async () => {
  const { store, runner } = await open();
  const other = await openSqliteStore({ path });
  try {
    await seedCollection(store);
    await store.insertJob(job('cached'), { maxJobs: 50 });
    const ref = jobRef('cached');
    const before = runner.reads;
    const first = await store.getJob(ref);
    assert.equal(
      (await store.getJob(jobRef('CACHED')))?.version,
      first?.version,
      'names compare case-insensitively',
    );
    assert.equal(runner.reads - before, 1, 'the second read came from memory');

    // Any write of this store (here an engine-style history append) drops it: counters may have moved.
    await store.appendHistory([historyEntry(ref)]);
    const reads = runner.reads;
    await store.getJob(ref);
    assert.equal(runner.reads - reads, 1, 'read again after the write');
    assert.ok(first);
    await store.updateJob({ ...first, state: 'disabled', version: first.version + 1 });
    assert.equal((await store.getJob(ref))?.state, 'disabled');

    // Another connection (the CLI, another process) commits: seen from the next event-loop turn.
    const mine = await store.getJob(ref);
    assert.ok(mine);
    await other.updateJob({ ...mine, state: 'enabled', version: mine.version + 1 });
    await nextTurn();
    assert.equal((await store.getJob(ref))?.state, 'enabled');
    await other.deleteJob(ref);
    await nextTurn();
    assert.equal(await store.getJob(ref), undefined);
  } finally {
    await other.close();
    await store.close();
  }
});

test('getJobCollection is served from memory until a collection write of this store or another connection`s commit', async () => {
  const { store, runner } = await open();
  const other = await openSqliteStore({ path });
  const sub = '22222222-3333-4444-8555-666666666666';
  const ref = { subscriptionId: sub, cloudService: 'cs-cache', collection: 'jc-cache' };
  const mine = collection({ subscriptionId: sub, cloudService: 'CS-Cache', name: 'JC-Cache' });
  try {
    await store.createSubscription(subscription({ id: sub }));
    const missing = runner.reads;
    assert.equal(await store.getJobCollection(ref), undefined);
    assert.equal(await store.getJobCollection(ref), undefined);
    assert.equal(runner.reads - missing, 2, 'a missing collection is never kept: each read asks');
    await store.createCloudService(cloudService({ subscriptionId: sub, name: 'CS-Cache' }));
    await store.createJobCollection(mine);
    assert.equal((await store.getJobCollection(ref))?.plan, 'Standard', 'the missing one was dropped');
    const before = runner.reads;
    await store.insertJob(job('j', { ref: { ...ref, jobId: 'j' } }), { maxJobs: 50 });
    assert.equal((await store.getJobCollection(ref))?.etag, mine.etag);
    assert.equal(runner.reads - before, 0, 'served from memory: a job write leaves the collection row alone');

    await store.updateJobCollection(
      { ...mine, plan: 'Free', etag: 'jc-etag-2' },
      { expectedEtag: mine.etag },
    );
    assert.equal((await store.getJobCollection(ref))?.plan, 'Free');

    // Another connection (the CLI's `takt collections suspend`, another process) commits.
    await other.updateJobCollection(
      { ...mine, plan: 'Free', suspended: true, etag: 'jc-etag-3' },
      { expectedEtag: 'jc-etag-2' },
    );
    await nextTurn();
    assert.equal((await store.getJobCollection(ref))?.suspended, true);
    assert.equal(await other.deleteJobCollection(ref), true);
    await nextTurn();
    assert.equal(await store.getJobCollection(ref), undefined);

    // This store's cloud service delete takes its collections along (ON DELETE CASCADE).
    await store.createJobCollection(mine);
    assert.equal((await store.getJobCollection(ref))?.etag, mine.etag);
    assert.equal(await store.deleteCloudService(sub, 'CS-Cache'), true);
    assert.equal(await store.getJobCollection(ref), undefined);
  } finally {
    await other.close();
    await store.close();
  }
});

test('a job this store replaced is kept as committed: the next read reaches nothing and equals a read of the database', async () => {
  const { store, runner } = await open();
  const other = await openSqliteStore({ path });
  try {
    // The collection of seedCollection exists (the getJob test above made it in this file's database).

    const ref = jobRef('through');
    await store.insertJob(job('through'), { maxJobs: 50 });
    const read = await store.getJob(ref);
    assert.ok(read);
    const replaced = {
      ...read,
      definition: {
        ...read.definition,
        action: {
          type: 'http' as const,
          request: { uri: 'https://e.example/x', method: 'PUT' as const, headers: [['x-a', '1']] as const },
        },
      },
      state: 'disabled' as const,
      updatedAt: read.updatedAt + 5,
      version: read.version + 1,
    };
    await store.updateJob(replaced);
    const before = runner.reads;
    const cached = await store.getJob(ref);
    assert.equal(runner.reads - before, 0, 'served from memory after the write');
    assert.deepEqual(cached, await other.getJob(ref), 'what the database holds');

    // Operation records change no job: the cached job stays.
    await store.putOperation({
      id: 'f'.repeat(32),
      subscriptionId: ref.subscriptionId,
      status: 'Succeeded',
      httpStatusCode: 200,
      createdAt: 0,
      completesAt: 0,
    });
    assert.ok(cached);
    // A replace of the cached job goes by its row id and is cached again.
    await store.updateJob({ ...cached, state: 'enabled', version: cached.version + 1 });
    assert.equal((await store.getJob(ref))?.state, 'enabled');
    assert.equal(runner.reads - before, 0, 'still nothing read');
    assert.deepEqual(await store.getJob(ref), await other.getJob(ref));

    // Any other write of this store drops it (here another job's insert).
    await store.insertJob(job('through-2'), { maxJobs: 50 });
    await store.getJob(ref);
    assert.equal(runner.reads - before, 1, 'read again after an unrelated job write');
  } finally {
    await other.close();
    await store.close();
  }
});

test('a read that spans a write is not kept, even when another look saw the write first', async () => {
  let own = 0;
  const cache = new ReadCache(
    () => 0,
    () => own,
  );
  let finish: (value: string) => void = () => undefined;
  const slow = cache.get('k', () => new Promise<string>((resolve) => (finish = resolve)));
  own += 1; // a write committed while 'k' was being read
  assert.equal(cache.peek('other'), MISS); // a look that takes the new stamp as its own
  finish('before the write');
  assert.equal(await slow, 'before the write');
  assert.equal(cache.peek('k'), MISS, 'the value read before the write was not kept');
  assert.equal(await cache.get('k', () => Promise.resolve('after')), 'after');
  assert.equal(cache.peek('k'), 'after');
});
