import type { Migration } from '../migration.js';

/*
 * Nothing to do on SQLite: its collection cache watches `PRAGMA data_version` (docs/store.md,
 * "Cached collections"). The step keeps the two dialects' version numbers aligned with
 * PostgreSQL's 008, which adds the collection-change triggers.
 */
export const m008CollectionNotify: Migration = {
  version: 8,
  name: 'collection-notify',
  sql: 'SELECT 1;',
};
