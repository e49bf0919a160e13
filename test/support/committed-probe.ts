// What another connection (another process, in effect) sees committed in a store test's `probe`
// table: the store tests of SQLite's turn transaction write rows of their own there.
import Database from 'better-sqlite3';

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
