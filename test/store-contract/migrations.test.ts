import assert from 'node:assert/strict';
import { test } from 'node:test';
import { POSTGRES_MIGRATIONS } from '../../src/store/migrations/postgres/index.js';
import { SQLITE_MIGRATIONS } from '../../src/store/migrations/sqlite/index.js';
import type { Store } from '../../src/ports/store.js';
import { forEachBackend, locationOf } from './backends.js';
import { SUB, subscription } from './fixtures.js';
import { underneath } from './underneath.js';

const versions = async (store: Store): Promise<number[]> =>
  (
    await underneath<{ version: number }>(
      locationOf(store),
      'SELECT version FROM schema_migrations ORDER BY version',
    )
  ).map((r) => Number(r.version));

forEachBackend((name, open) => {
  const all = (name === 'sqlite' ? SQLITE_MIGRATIONS : POSTGRES_MIGRATIONS).map((m) => m.version);

  test('two concurrent migrate() calls on one fresh database apply each step once', async () => {
    const first = await open({ migrate: false });
    const second = await open({ sameAs: first, migrate: false });
    await Promise.all([first.migrate(), second.migrate(), first.migrate()]);
    assert.deepEqual(await versions(first), all);
    await second.createSubscription(subscription());
    assert.ok(await first.getSubscription(SUB));
  });

  test('migrate() again is a no-op that keeps the data', async () => {
    const store = await open();
    await store.createSubscription(subscription());
    await store.migrate();
    const again = await open({ sameAs: store });
    assert.deepEqual(await again.getSubscription(SUB), subscription());
    assert.deepEqual(await versions(store), all);
  });

  test('a database migrated by a newer build is refused', async () => {
    const store = await open();
    await underneath(
      locationOf(store),
      `INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 0)`,
    );
    await assert.rejects(store.migrate(), /schema version 999, newer than this build/);
    await assert.rejects(open({ sameAs: store }), /newer than this build/);
  });
});
