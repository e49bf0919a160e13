import type { PoolClient } from 'pg';
import { pendingMigrations, type Migration } from '../migrations/migration.js';

/**
 * Applies pending steps in one transaction holding a transaction-scoped advisory lock keyed by
 * the schema: when two nodes start at once, the second waits, then finds nothing left to do.
 * The schema itself is created under the same lock (CREATE SCHEMA IF NOT EXISTS races otherwise).
 * The `search_path` of the pool's connections already points at `schema`.
 */
export async function migratePostgres(
  client: PoolClient,
  schema: string,
  list: readonly Migration[],
): Promise<number> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`takt.migrate.${schema}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${quoteIdent(schema)}.schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`);
    const applied = await client.query<{ version: number }>(
      `SELECT version FROM ${quoteIdent(schema)}.schema_migrations`,
    );
    const pending = pendingMigrations(
      list,
      applied.rows.map((r) => r.version),
    );
    for (const m of pending) {
      await client.query(m.sql);
      await client.query(
        `INSERT INTO ${quoteIdent(schema)}.schema_migrations (version, name, applied_at)
         VALUES ($1, $2, (extract(epoch from clock_timestamp()) * 1000)::bigint)`,
        [m.version, m.name],
      );
    }
    await client.query('COMMIT');
    return pending.length;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

/** Schema names come from configuration; they are validated, then quoted. */
export function quoteIdent(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(name))
    throw new Error(`store: invalid PostgreSQL schema name ${JSON.stringify(name)}`);
  return `"${name}"`;
}
