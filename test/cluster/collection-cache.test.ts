// Cached collections on PostgreSQL (docs/store.md, "Cached collections"): a node keeps the job
// collections it read in memory while its LISTEN connection is up; every write to cloud services or
// collections — by another node, the admin CLI or psql — fires a NOTIFY at commit (migration 008),
// and the node's next read goes to the database. With collections in memory, a PUT tries the create
// first (Store.createsFirst): one round trip for a new job. Real PostgreSQL, the node's real link.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Store } from '../../src/ports/store.js';
import { openPostgresStore, openSqliteStore, TenantChangeFeed } from '../../src/store/open-store.js';
import { adminQuery, type PgDatabase } from '../../support/postgres.js';
import { counted } from '../store-contract/round-trips.js';
import { openListeningNode, type ListeningNode, type WatchedFeed } from './listening-node.js';
import { cloudService, collection, job, jobRef, SUB, subscription } from '../store-contract/fixtures.js';

const REF = { subscriptionId: SUB, cloudService: 'CS-West', collection: 'Jobs1' };

let listening: ListeningNode;
let db: PgDatabase;
let node: Store;
let admin: Store;
let feed: WatchedFeed;

before(async () => {
  listening = await openListeningNode('takt_collection_cache');
  ({ db, node, admin, feed } = listening);
  await admin.createSubscription(subscription());
  await admin.createCloudService(cloudService());
  await admin.createJobCollection(collection());
  // One notification per committed transaction (PostgreSQL folds a transaction's equal ones).
  await feed.reached(3);
});
after(async () => {
  await listening?.close();
});

/** Runs `change`, one transaction, and waits for its notification. */
async function notified(change: () => Promise<unknown>): Promise<void> {
  const seen = feed.notifications;
  await change();
  await feed.reached(seen + 1);
}

test('a node with a feed creates first; the admin store and SQLite read first', async () => {
  assert.equal(node.createsFirst, true);
  assert.equal(admin.createsFirst, false);
  const sqlite = await openSqliteStore({ path: ':memory:' });
  try {
    assert.equal(sqlite.createsFirst, false);
  } finally {
    await sqlite.close();
  }
});

test('a repeated collection read is answered from memory; job creates keep it there', async () => {
  const first = await counted(() => node.getJobCollection(REF));
  assert.equal(first.value?.plan, 'Standard');
  const again = await counted(() => node.getJobCollection(REF));
  assert.deepEqual(again.value, first.value);
  assert.equal(again.roundTrips, 0, 'served from memory');
  // The first create of a collection splits its counter (job-slots.ts); a later one is one statement.
  assert.equal(await node.tryInsertJob(job('cached-a'), { maxJobs: 50 }), true);
  const second = await counted(() => node.tryInsertJob(job('cached-b'), { maxJobs: 50 }));
  assert.deepEqual([second.value, second.roundTrips], [true, 1]);
  assert.equal((await counted(() => node.getJobCollection(REF))).roundTrips, 0, 'no collection changed');
});

test("another process's plan change reaches the node at its commit: the next read sees it", async () => {
  const cached = await node.getJobCollection(REF);
  assert.ok(cached);
  await notified(() =>
    admin.updateJobCollection(
      { ...cached, plan: 'Premium', etag: 'jc-etag-2' },
      { expectedEtag: cached.etag },
    ),
  );
  const read = await counted(() => node.getJobCollection(REF));
  assert.equal(read.value?.plan, 'Premium');
  assert.equal(read.roundTrips, 1, 'read from the database again');
});

test('a missing collection is not kept: one created by another process is found before any notification', async () => {
  // A store whose feed listens but never hears anything: what it keeps, it keeps until its own
  // writes. A collection it found missing must still be read again.
  const deaf = new TenantChangeFeed();
  deaf.listening(true);
  const store = await openPostgresStore({ url: db.url, tenantFeed: deaf });
  try {
    const ref = { subscriptionId: SUB, cloudService: 'CS-West', collection: 'Later' };
    assert.equal(await store.getJobCollection(ref), undefined);
    await admin.createJobCollection(collection({ name: 'Later' }));
    const read = await counted(() => store.getJobCollection(ref));
    assert.equal(read.value?.name, 'Later');
    assert.equal(read.roundTrips, 1);
    assert.equal((await counted(() => store.getJobCollection(ref))).roundTrips, 0, 'a found one is kept');
  } finally {
    await store.close();
  }
});

test('a change made by hand in psql notifies too, and so does a deleted cloud service', async () => {
  await node.getJobCollection(REF);
  await notified(() =>
    adminQuery('UPDATE job_collections SET plan = $1 WHERE name_key = $2', ['Free', 'jobs1'], db.url),
  );
  assert.equal((await node.getJobCollection(REF))?.plan, 'Free');
  await notified(() => admin.deleteCloudService(SUB, 'CS-West'));
  assert.equal(await node.getJobCollection(REF), undefined);
  assert.equal(await node.tryInsertJob(job('gone'), { maxJobs: 50 }), false);
  assert.equal(await node.getJob(jobRef('cached-a')), undefined, 'its jobs went with it');
});
