// Cluster mode, first start: two `takt serve` nodes started at the same moment on one empty
// PostgreSQL database. Migrations run under an advisory lock, so the schema ends up exactly as one
// node alone would have made it (compared with a reference database), each migration recorded once.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { POSTGRES_MIGRATIONS } from '../../src/store/migrations/postgres/index.js';
import { openPostgresStore } from '../../src/store/open-store.js';
import { adminQuery, freshDatabase } from '../../support/postgres.js';
import { readConnection } from '../../support/serve.js';
import { clusterEnv, startNode, stopNode, type Node } from './support.js';

const cleanup: (() => Promise<void>)[] = [];
after(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => undefined);
});

/** Tables, columns, constraints and indexes of the `public` schema, as comparable text. */
async function schemaOf(url: string): Promise<string[]> {
  const columns = await adminQuery<{ d: string }>(
    `SELECT format('column %s.%s %s null=%s default=%s', table_name, column_name, data_type, is_nullable, coalesce(column_default, '-')) AS d
       FROM information_schema.columns WHERE table_schema = 'public'`,
    [],
    url,
  );
  const constraints = await adminQuery<{ d: string }>(
    `SELECT format('constraint %s %s', conrelid::regclass, pg_get_constraintdef(oid)) AS d
       FROM pg_constraint WHERE connamespace = 'public'::regnamespace`,
    [],
    url,
  );
  const indexes = await adminQuery<{ d: string }>(
    `SELECT format('index %s', indexdef) AS d FROM pg_indexes WHERE schemaname = 'public'`,
    [],
    url,
  );
  return [...columns, ...constraints, ...indexes].map((r) => r.d).sort();
}

test('two nodes start at the same moment on an empty database: the schema is made once and correctly', async () => {
  const reference = await freshDatabase('takt_cluster_ref');
  cleanup.push(reference.drop);
  const ref = await openPostgresStore({ url: reference.url, migrate: true });
  await ref.close();

  const db = await freshDatabase('takt_cluster_start');
  cleanup.push(db.drop);
  const env = clusterEnv();
  const nodes: Node[] = await Promise.all(['node-a', 'node-b'].map((id) => startNode(id, db.url, env)));
  for (const n of nodes) cleanup.push(() => stopNode(n));

  const applied = await adminQuery<{ version: number; n: string }>(
    'SELECT version, count(*) AS n FROM schema_migrations GROUP BY version ORDER BY version',
    [],
    db.url,
  );
  assert.deepEqual(
    applied.map((r) => [Number(r.version), Number(r.n)]),
    POSTGRES_MIGRATIONS.map((m) => [m.version, 1]),
  );
  const expected = await schemaOf(reference.url);
  assert.ok(expected.length > 20, 'the reference schema has its tables');
  assert.deepEqual(await schemaOf(db.url), expected);
  // Both nodes came up and serve (the ready line), and both are still running.
  for (const n of nodes) assert.equal(n.proc.child.exitCode, null, `${n.id} exited`);
  // One default subscription between them (store-contract/first-subscription.test.ts for the race
  // itself), and each node's admin credentials are for it.
  const subs = await adminQuery<{ id: string }>('SELECT id FROM subscriptions', [], db.url);
  assert.equal(subs.length, 1, `subscriptions: ${subs.map((s) => s.id).join(', ')}`);
  for (const n of nodes) assert.equal(readConnection(n.dataDir).subscriptionId, subs[0]!.id);
});
