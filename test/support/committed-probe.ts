// The store tests of SQLite's turn transaction (test/unit/store/turn-transaction.test.ts,
// held-turn.test.ts) write rows of their own, in tables of their own, so a write needs no seeded
// tenant: the probe queries, the programs that write them, and what another connection (another
// process, in effect) sees committed.
import Database from 'better-sqlite3';
import { run, type Program } from '../../src/store/program.js';
import { QUERIES, type QueryName } from '../../src/store/sql/queries.js';

/** The store's queries and the probe's; `orphan`'s parent is checked at COMMIT. */
export const PROBE_QUERIES = {
  ...QUERIES,
  probeTable: 'CREATE TABLE IF NOT EXISTS probe (x INTEGER PRIMARY KEY)',
  probeInsert: 'INSERT INTO probe (x) VALUES ($1)',
  orphanTable:
    'CREATE TABLE IF NOT EXISTS orphan (p INTEGER REFERENCES probe (x) DEFERRABLE INITIALLY DEFERRED)',
  orphanInsert: 'INSERT INTO orphan (p) VALUES ($1)',
  probeCount: 'SELECT count(*) AS n FROM probe',
} as typeof QUERIES;

/** Inserts `xs` into `probe` (a repeated x is a constraint error); answers the rows written. */
export function* insert(...xs: number[]): Program<number> {
  yield* run('probeTable' as QueryName);
  let n = 0;
  for (const x of xs) n += yield* run('probeInsert' as QueryName, x);
  return n;
}

/** A row whose parent `p` must be in `probe`: without it the turn's COMMIT fails. */
export function* orphan(p: number): Program<number> {
  yield* run('probeTable' as QueryName);
  yield* run('orphanTable' as QueryName);
  return yield* run('orphanInsert' as QueryName, p);
}

/** The `x` values committed to `probe` in the database at `path`, ascending ([] before the table exists). */
export function committedProbe(path: string): number[] {
  const db = new Database(path, { readonly: true });
  try {
    const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'probe'").get() !== undefined;
    if (!hasTable) return [];
    return (db.prepare('SELECT x FROM probe ORDER BY x').pluck().all() as number[]).map(Number);
  } finally {
    db.close();
  }
}
