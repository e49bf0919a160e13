// The PostgreSQL server of a test or benchmark run, and fresh databases on it. Every
// PostgreSQL-dependent test and benchmark gets its server here, so none can differ in how it finds
// one: `scripts/test.mjs` sets TAKT_TEST_DATABASE_URL (the caller's server, or a throwaway embedded
// one it started); there is no default and no skipping — without a server the tests fail loudly.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startEmbeddedPostgres } from './embedded-postgres.mjs';

const NOT_SET =
  'TAKT_TEST_DATABASE_URL is not set: run the tests with `npm test` or `node scripts/test.mjs`, ' +
  'which start a throwaway PostgreSQL when it is unset (or set it to a server whose role may create databases)';

/** The run's server (an admin URL: its role may create databases and schemas). */
export function postgresUrl(): string {
  const url = process.env['TAKT_TEST_DATABASE_URL'];
  if (!url) throw new Error(NOT_SET);
  return url;
}

/** The URL of database `name` on the run's server. */
export function databaseUrl(name: string, base = postgresUrl()): string {
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A name no other test process or run uses at the same time (`prefix_<pid>_<random>`). */
export function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

/** Runs one statement on its own connection (admin work: CREATE/DROP DATABASE, catalogue reads). */
export async function adminQuery<T extends Record<string, unknown>>(
  sql: string,
  params: unknown[] = [],
  url = postgresUrl(),
): Promise<T[]> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await c.connect();
  try {
    return (await c.query<T>(sql, params)).rows;
  } finally {
    await c.end();
  }
}

export interface PgDatabase {
  readonly name: string;
  readonly url: string;
  /** Ends its connections and removes it. */
  readonly drop: () => Promise<void>;
}

/** A new, empty database of its own (for a `takt serve` or a cluster of them). */
export async function freshDatabase(prefix: string, base = postgresUrl()): Promise<PgDatabase> {
  const name = uniqueName(prefix);
  await adminQuery(`CREATE DATABASE ${name}`, [], base);
  return {
    name,
    url: databaseUrl(name, base),
    drop: async () => {
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`, [], base);
    },
  };
}

/** Drops a schema made for one test (the store's tables live in it). */
export async function dropSchema(schema: string, url = postgresUrl()): Promise<void> {
  await adminQuery(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`, [], url);
}

/**
 * For benchmarks, which run outside `scripts/test.mjs`: the server of TAKT_BENCH_DATABASE_URL or
 * TAKT_TEST_DATABASE_URL when one is set, else a throwaway embedded one that `stop()` ends.
 */
export async function runPostgres(): Promise<{ url: string; stop(): Promise<void> }> {
  const url = process.env['TAKT_BENCH_DATABASE_URL'] || process.env['TAKT_TEST_DATABASE_URL'];
  if (url) return { url, stop: () => Promise.resolve() };
  return startEmbeddedPostgres();
}
