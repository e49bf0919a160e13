import type { Migration } from '../migration.js';

/*
 * Nothing to do on SQLite: its caches of tenant rows watch `PRAGMA data_version` instead of
 * notifications (docs/store.md, "Cached credentials"). The step keeps the two dialects' version
 * numbers aligned with PostgreSQL's 007, which adds the tenant-change triggers.
 */
export const m007TenantNotify: Migration = {
  version: 7,
  name: 'tenant-notify',
  sql: 'SELECT 1;',
};
