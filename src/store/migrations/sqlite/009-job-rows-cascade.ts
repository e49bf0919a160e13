import type { Migration } from '../migration.js';

/*
 * Nothing to do on SQLite: its foreign key checks are an in-process index probe each, no measurable
 * cost (`npm run bench:store-sqlite` with `foreign_keys` off: the same figures). The step keeps the
 * two dialects' version numbers aligned with PostgreSQL's 009, which replaces the foreign keys of
 * runs and history by a delete trigger (docs/store.md, "The engine's rows without key checks").
 */
export const m009JobRowsCascade: Migration = {
  version: 9,
  name: 'job-rows-cascade',
  sql: 'SELECT 1;',
};
