// Cached collections on PostgreSQL (docs/store.md, "Cached collections"): a node keeps the job
// collections it read in memory while its LISTEN connection is up; every write to cloud services or
// collections — by another node, the admin CLI or psql — fires a NOTIFY at commit (migration 008),
// and the node's next read goes to the database. With collections in memory, a PUT tries the create
// first (Store.createsFirst): one round trip for a new job. Real PostgreSQL, the node's real link.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openClusterLink, type ClusterLink } from '../../src/bootstrap/cluster-link.js';
import { resolveNodeId } from '../../src/bootstrap/node-id.js';
import { openConfiguredStore } from '../../src/bootstrap/open-store.js';
import { createLogger } from '../../src/bootstrap/pino-logger.js';
import { SystemClock } from '../../src/bootstrap/system-clock.js';
import { loadConfig } from '../../src/config/index.js';
import type { Store } from '../../src/ports/store.js';
import { openPostgresStore, openSqliteStore, TenantChangeFeed } from '../../src/store/open-store.js';
import { adminQuery, freshDatabase, type PgDatabase } from '../../support/postgres.js';
import { counted } from '../store-contract/round-trips.js';
import { cloudService, collection, job, jobRef, SUB, subscription } from '../store-contract/fixtures.js';

/** A feed whose next notification can be awaited. */
class WatchedFeed extends TenantChangeFeed {
  private waiting: (() => void)[] = [];
  notifications = 0;
  override changed(): void {
    super.changed();
    this.notifications += 1;
    for (const resolve of this.waiting.splice(0)) resolve();
  }
  next(): Promise<void> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }
  /** Resolves once `n` notifications arrived in all. */
  async reached(n: number): Promise<void> {
    while (this.notifications < n) await this.next();
  }
}

const REF = { subscriptionId: SUB, cloudService: 'CS-West', collection: 'Jobs1' };

let db: PgDatabase;
let node: Store;
let link: ClusterLink;
let admin: Store;
const feed = new WatchedFeed();

before(async () => {
  db = await freshDatabase('takt_collection_cache');
  const config = resolveNodeId(
    loadConfig({
      cwd: mkdtempSync(join(tmpdir(), 'takt-collection-cache-')),
      env: { TAKT_DATABASE_URL: db.url },
    }),
  );
  const { logger } = createLogger({ level: 'silent', nodeId: config.nodeId });
  node = await openConfiguredStore(config, { tenantFeed: feed });
  link = (await openClusterLink(config, new SystemClock(), logger, undefined, feed))!;
  // The admin CLI's store: no feed, no LISTEN connection; its writes notify through the triggers.
  admin = await openPostgresStore({ url: db.url });
  await admin.createSubscription(subscription());
  await admin.createCloudService(cloudService());
  await admin.createJobCollection(collection());
  // One notification per committed transaction (PostgreSQL folds a transaction's equal ones).
  await feed.reached(3);
});
after(async () => {
  await link?.close();
  await node?.close();
  await admin?.close();
  await db?.drop();
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
