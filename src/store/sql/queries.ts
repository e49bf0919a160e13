import { COLLECTION_QUERIES } from './collections.js';
import { ENGINE_QUERIES } from './engine.js';
import { JOB_QUERIES } from './jobs.js';
import { SECRET_QUERIES } from './secrets.js';
import { TENANT_QUERIES } from './tenant.js';

/** Every named query of the store; a dialect may override the text of any of them. */
export const QUERIES = {
  ...TENANT_QUERIES,
  ...COLLECTION_QUERIES,
  ...JOB_QUERIES,
  ...ENGINE_QUERIES,
  ...SECRET_QUERIES,
} as const;

export type QueryName = keyof typeof QUERIES;
export type QueryTable = Readonly<Record<QueryName, string>>;

/** LIMIT value meaning "no limit" in both dialects (SQLite's -1 is an error on PostgreSQL). */
export const NO_LIMIT = Number.MAX_SAFE_INTEGER;
