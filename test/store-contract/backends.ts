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
 * PostgreSQL: the run's server (support/postgres.ts); without one the PostgreSQL suite fails, never skips.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe } from 'node:test';
import type { Store } from '../../src/ports/store.js';
import { openPostgresStore, openSqliteStore } from '../../src/store/open-store.js';
import { dropSchema, postgresUrl } from '../../support/postgres.js';

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

const locations = new WeakMap<Store, Location>();
export function locationOf(store: Store): Location {
  const loc = locations.get(store);
  if (!loc) throw new Error('store was not opened by the contract harness');
  return loc;
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
    const url = postgresUrl();
    const store = await openPostgresStore({
      url,
      schema,
      poolSize: 4,
      migrate: options.migrate ?? true,
    });
    locations.set(store, { kind: 'postgres', url, schema });
    opened.push(store);
    return store;
  };
  return {
    open,
    async cleanup() {
      for (const s of opened) await s.close().catch(() => undefined);
      for (const schema of schemas) await dropSchema(schema);
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
  describe('postgres', () => {
    const backend = postgresBackend();
    after(() => backend.cleanup());
    body('postgres', backend.open);
  });
}

/** Declares PostgreSQL-only tests (adapter behaviour beyond the port). */
export function postgresOnly(body: (open: OpenStore) => void): void {
  describe('postgres', () => {
    const backend = postgresBackend();
    after(() => backend.cleanup());
    body(backend.open);
  });
}
