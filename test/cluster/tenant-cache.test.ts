// Cached credentials on PostgreSQL (docs/store.md, "Cached credentials"): a node caches
// authentication's reads while its LISTEN connection is up; every write to the tenant tables — by
// another node, by the admin CLI, by hand in psql — fires a NOTIFY at commit (migration 007), and the
// node's next read goes to the database. Real PostgreSQL, the node's real cluster link.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import type { Store } from '../../src/ports/store.js';
import { adminQuery, type PgDatabase } from '../../support/postgres.js';
import { counted } from '../store-contract/round-trips.js';
import { openListeningNode, type ListeningNode, type WatchedFeed } from './listening-node.js';
import { SUB, subscription } from '../store-contract/fixtures.js';

const TOKEN = { id: 'tok-1', subscriptionId: SUB, hash: 'a'.repeat(64), createdAt: 1 };
const query = { tokenHash: TOKEN.hash, subscriptionId: SUB };

let listening: ListeningNode;
let db: PgDatabase;
let node: Store;
let admin: Store;
let feed: WatchedFeed;

before(async () => {
  listening = await openListeningNode('takt_tenant_cache');
  ({ db, node, admin, feed } = listening);
  await admin.createSubscription(subscription());
  await admin.addToken(TOKEN);
  await feed.reached(2);
});
after(async () => {
  await listening?.close();
});

test('a repeated credential lookup is answered from memory while the node listens', async () => {
  const first = await counted(() => node.findCredentials(query));
  assert.equal(first.value.token?.id, 'tok-1');
  assert.equal(first.roundTrips, 1);
  const again = await counted(() => node.findCredentials(query));
  assert.deepEqual(again.value, first.value);
  assert.equal(again.roundTrips, 0, 'served from memory');
});

test("another process's revocation reaches the node at its commit: the next lookup sees it", async () => {
  await node.findCredentials(query);
  const notified = feed.next();
  assert.equal(await admin.revokeToken('tok-1', 5), true);
  await notified;
  const after = await counted(() => node.findCredentials(query));
  assert.equal(after.value.token?.revokedAt, 5);
  assert.equal(after.roundTrips, 1, 'read from the database again');
});

test('a change made by hand in psql notifies too; a rolled-back one does not', async () => {
  await node.findCredentials(query);
  const notified = feed.next();
  await adminQuery('UPDATE subscriptions SET enabled = false WHERE id = $1', [SUB], db.url);
  await notified;
  assert.equal((await node.findCredentials(query)).subscription?.enabled, false);

  // A transaction that rolls back sends nothing: after it, two committed updates on the same
  // session are exactly the next two notifications (one session's arrive in commit order).
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  try {
    const before = feed.notifications;
    await c.query('BEGIN');
    await c.query('UPDATE subscriptions SET registered = false WHERE id = $1', [SUB]);
    await c.query('ROLLBACK');
    const first = feed.next();
    await c.query('UPDATE subscriptions SET enabled = true WHERE id = $1', [SUB]);
    await first;
    const second = feed.next();
    await c.query('UPDATE subscriptions SET registered = true WHERE id = $1', [SUB]);
    await second;
    assert.equal(feed.notifications - before, 2);
  } finally {
    await c.end();
  }
  assert.equal((await node.findCredentials(query)).subscription?.enabled, true);
});

test('while the LISTEN connection is down nothing is served from memory', async () => {
  await node.findCredentials(query);
  feed.listening(false);
  try {
    const first = await counted(() => node.findCredentials(query));
    const second = await counted(() => node.findCredentials(query));
    assert.deepEqual([first.roundTrips, second.roundTrips], [1, 1]);
  } finally {
    feed.listening(true);
  }
  await node.findCredentials(query);
  assert.equal((await counted(() => node.findCredentials(query))).roundTrips, 0);
});
