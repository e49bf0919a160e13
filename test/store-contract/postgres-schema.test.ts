/**
 * The test database may well use a C-like locale, where ordering tests cannot tell an ordinal
 * column from a locale one; this checks the schema itself: every name key collates "C".
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import pg from 'pg';
import { locationOf, postgresOnly } from './backends.js';

postgresOnly((open) => {
  test('postgres: name_key columns collate "C" (ordinal whatever the database locale)', async () => {
    const loc = locationOf(await open());
    assert.equal(loc.kind, 'postgres');
    const client = new pg.Client({ connectionString: loc.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ table_name: string; collation_name: string | null }>(
        `SELECT table_name, collation_name FROM information_schema.columns
          WHERE table_schema = $1 AND column_name = 'name_key' ORDER BY table_name`,
        [loc.schema],
      );
      assert.deepEqual(
        rows.map((r) => `${r.table_name}:${r.collation_name}`),
        ['cloud_services:C', 'job_collections:C', 'jobs:C'],
      );
    } finally {
      await client.end();
    }
  });
});
