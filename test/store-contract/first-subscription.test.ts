// First start makes the default subscription only when the store has none (docs/operations.md,
// "First start"). Nodes that start together on an empty PostgreSQL database each look for one and
// used to each create their own: two "default" subscriptions, each node's admin credentials on a
// different one, and `takt certs add` without --subscription refused from then on. The check and
// the create are one step under a lock, so they end with exactly one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultSubscription } from '../../src/app/admin/subscriptions.js';
import type { Store } from '../../src/ports/store.js';
import { forEachBackend } from './backends.js';
import { SUB, SUB2, T0, subscription } from './fixtures.js';

/** Admin deps over `store` whose id source gives `id` (so each caller would create its own). */
const deps = (store: Store, id: string, at: number) => ({
  store,
  clock: { now: () => at },
  ids: { guid: () => id, hex: () => id.replaceAll('-', '') },
});

forEachBackend((_name, open) => {
  test('nodes starting together on an empty store make one default subscription', async () => {
    const first = await open();
    const stores = [first, await open({ sameAs: first }), await open({ sameAs: first })];
    const ids = Array.from({ length: 9 }, (_, i) => `00000000-0000-4000-8000-00000000000${i}`);
    const results = await Promise.all(
      ids.map((id, i) => defaultSubscription(deps(stores[i % stores.length]!, id, T0 + i) as never)),
    );
    const stored = await first.listSubscriptions();
    assert.equal(stored.length, 1, `subscriptions: ${stored.map((s) => s.id).join(', ')}`);
    assert.deepEqual(new Set(results.map((r) => r.subscription.id)), new Set([stored[0]!.id]));
    assert.equal(results.filter((r) => r.created).length, 1);
  });

  test('a store with subscriptions gives its oldest and creates none', async () => {
    const store = await open();
    await store.createSubscription(subscription({ id: SUB2, createdAt: T0 + 10 }));
    await store.createSubscription(subscription({ id: SUB, createdAt: T0 + 5 }));
    const r = await defaultSubscription(
      deps(store, '00000000-0000-4000-8000-000000000009', T0 + 20) as never,
    );
    assert.deepEqual(r, { subscription: subscription({ id: SUB, createdAt: T0 + 5 }), created: false });
    assert.equal((await store.listSubscriptions()).length, 2);
  });
});
