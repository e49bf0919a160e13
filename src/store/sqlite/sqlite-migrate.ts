import type { Database as Db } from 'better-sqlite3';
import { pendingMigrations, type Migration } from '../migrations/migration.js';

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`;

/**
 * Applies pending steps in one `BEGIN IMMEDIATE` transaction: a second process migrating the same
 * file waits for the first (busy_timeout), then finds nothing left to do.
 * `applied_at` is informational; it uses SQLite's clock, not the app's, since no Clock exists yet.
 */
/** Returns how many migrations it applied. */
export function migrateSqlite(db: Db, list: readonly Migration[]): number {
  return db
    .transaction(() => {
      db.exec(CREATE_TABLE);
      const applied = db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[];
      const record = db.prepare(
        `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, CAST(unixepoch('subsec') * 1000 AS INTEGER))`,
      );
      const pending = pendingMigrations(list, applied);
      for (const m of pending) {
        db.exec(m.sql);
        record.run(m.version, m.name);
      }
      return pending.length;
    })
    .immediate();
}
