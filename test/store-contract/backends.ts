/**
 * The store conformance harness: every contract test file calls `forEachBackend` once and gets
 * the same tests on a SQLite file and on PostgreSQL.
 *
 *   forEachBackend((name, open) => {
 *     test('...', async () => { const store = await open(); ... });
 *   });
 *
 * `open()` gives a fresh, migrated, empty store: a new SQLite file, or a new PostgreSQL schema.
 * `open({ sameAs: store })` opens a second store (own connection/pool) on the same database, as
 * a second node would. `open({ migrate: false })` leaves the schema unapplied.
 * Everything opened is closed, and every file/schema removed, after the backend's suite.
 *
 * PostgreSQL: env TAKT_TEST_DATABASE_URL (default postgres://takt:takt@127.0.0.1:5432/takt_test).
 * When it is unreachable the PostgreSQL suite is skipped loudly, or FAILS when TAKT_TEST_PG_REQUIRED=1.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import pg from 'pg';
import type { Store } from '../../src/ports/store.js';
import { openPostgresStore, openSqliteStore } from '../../src/store/open-store.js';

export type BackendName = 'sqlite' | 'postgres';

export interface OpenOptions {
  /** Open another store on the database of this one (a second node). */
  readonly sameAs?: Store;
  /** Default true. */
  readonly migrate?: boolean;
}

export type OpenStore = (options?: OpenOptions) => Promise<Store>;

/** Where a store opened by the harness keeps its data (for tests that look underneath). */
export type Location =
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'postgres'; readonly url: string; readonly schema: string };

export const PG_URL =
  process.env['TAKT_TEST_DATABASE_URL'] ?? 'postgres://takt:takt@127.0.0.1:5432/takt_test';
const PG_REQUIRED = process.env['TAKT_TEST_PG_REQUIRED'] === '1';

const locations = new WeakMap<Store, Location>();
export function locationOf(store: Store): Location {
  const loc = locations.get(store);
  if (!loc) throw new Error('store was not opened by the contract harness');
  return loc;
}

async function probePostgres(): Promise<Error | undefined> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  } finally {
    await client.end().catch(() => undefined);
  }
}

const pgProblem = await probePostgres();
if (pgProblem && !PG_REQUIRED) {
  console.warn(
    `\n*** store-contract: PostgreSQL at ${PG_URL} is unreachable (${pgProblem.message}); ` +
      `the PostgreSQL suite is SKIPPED. Set TAKT_TEST_PG_REQUIRED=1 to make this a failure. ***\n`,
  );
}

let counter = 0;
const uniqueSuffix = (): string => `${process.pid}_${Date.now().toString(36)}_${++counter}`;

interface Backend {
  open: OpenStore;
  cleanup(): Promise<void>;
}

function sqliteBackend(): Backend {
  const dir = mkdtempSync(join(tmpdir(), 'takt-store-contract-'));
  const opened: Store[] = [];
  const open: OpenStore = async (options = {}) => {
    const path = options.sameAs ? sameAsPath(options.sameAs) : join(dir, `store-${uniqueSuffix()}.db`);
    const store = await openSqliteStore({ path, migrate: options.migrate ?? true });
    locations.set(store, { kind: 'sqlite', path });
    opened.push(store);
    return store;
  };
  return {
    open,
    async cleanup() {
      for (const s of opened) await s.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function sameAsPath(store: Store): string {
  const loc = locationOf(store);
  if (loc.kind !== 'sqlite') throw new Error('sameAs: not a SQLite store');
  return loc.path;
}

function postgresBackend(): Backend {
  const schemas: string[] = [];
  const opened: Store[] = [];
  const open: OpenStore = async (options = {}) => {
    let schema: string;
    if (options.sameAs) {
      const loc = locationOf(options.sameAs);
      if (loc.kind !== 'postgres') throw new Error('sameAs: not a PostgreSQL store');
      schema = loc.schema;
    } else {
      schema = `takt_test_${uniqueSuffix()}`;
      schemas.push(schema);
    }
    const store = await openPostgresStore({
      url: PG_URL,
      schema,
      poolSize: 4,
      migrate: options.migrate ?? true,
    });
    locations.set(store, { kind: 'postgres', url: PG_URL, schema });
    opened.push(store);
    return store;
  };
  return {
    open,
    async cleanup() {
      for (const s of opened) await s.close().catch(() => undefined);
      if (schemas.length === 0) return;
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      try {
        for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

/** Declares `body`'s tests once per backend, each inside `describe(name)`. */
export function forEachBackend(body: (name: BackendName, open: OpenStore) => void): void {
  describe('sqlite', () => {
    const backend = sqliteBackend();
    after(() => backend.cleanup());
    body('sqlite', backend.open);
  });

  if (pgProblem) {
    if (PG_REQUIRED) {
      describe('postgres', () => {
        test('PostgreSQL is reachable (TAKT_TEST_PG_REQUIRED=1)', () => {
          throw new Error(`PostgreSQL at ${PG_URL} is unreachable: ${pgProblem.message}`);
        });
      });
    } else {
      describe('postgres', { skip: `PostgreSQL unreachable at ${PG_URL}: ${pgProblem.message}` }, () => {
        body('postgres', () => Promise.reject(new Error('PostgreSQL unreachable')));
      });
    }
    return;
  }
  describe('postgres', () => {
    const backend = postgresBackend();
    after(() => backend.cleanup());
    body('postgres', backend.open);
  });
}

/**
 * Declares PostgreSQL-only tests (adapter behaviour beyond the port) under the same rules:
 * skipped loudly when unreachable, failing when TAKT_TEST_PG_REQUIRED=1.
 */
export function postgresOnly(body: (open: OpenStore) => void): void {
  if (pgProblem) {
    if (PG_REQUIRED) {
      describe('postgres', () => {
        test('PostgreSQL is reachable (TAKT_TEST_PG_REQUIRED=1)', () => {
          throw new Error(`PostgreSQL at ${PG_URL} is unreachable: ${pgProblem.message}`);
        });
      });
    } else {
      describe(
        'postgres',
        { skip: `PostgreSQL unreachable at ${PG_URL}: ${pgProblem.message}` },
        () => undefined,
      );
    }
    return;
  }
  describe('postgres', () => {
    const backend = postgresBackend();
    after(() => backend.cleanup());
    body(backend.open);
  });
}
