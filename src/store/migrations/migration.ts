/**
 * One numbered, forward-only schema step. Kept as TypeScript modules (not .sql files) so they
 * ship in dist/ with `tsc` alone. A step is applied once, inside the migration transaction, and
 * recorded in `schema_migrations`; steps are never edited after release — add a new one instead.
 */
export interface Migration {
  /** 1, 2, 3 ... without gaps; the list in each dialect's index.ts is in this order. */
  readonly version: number;
  readonly name: string;
  /** One or more statements; run as a whole (SQLite `exec`, PostgreSQL simple query). */
  readonly sql: string;
}

/** Checks a dialect's list: versions 1..n in order, so a missing or misplaced file fails at start. */
export function checkMigrationList(list: readonly Migration[]): readonly Migration[] {
  list.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(`store: migration ${m.version}_${m.name} is out of order (expected ${i + 1})`);
  });
  return list;
}

/** The steps of `list` not yet in `applied`; refuses a database newer than this build. */
export function pendingMigrations(
  list: readonly Migration[],
  applied: readonly number[],
): readonly Migration[] {
  const newest = list.length;
  const unknown = applied.filter((v) => v > newest);
  if (unknown.length > 0) {
    // Forward-only: an older build must not write to a schema it does not know.
    throw new Error(
      `store: the database has schema version ${Math.max(...unknown)}, newer than this build knows (${newest}); upgrade Takt`,
    );
  }
  const done = new Set(applied);
  return list.filter((m) => !done.has(m.version));
}
