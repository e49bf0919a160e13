import type { Migration } from '../migration.js';

/*
 * What only the ARM surface writes on a job collection (docs/api.md, ARM surface): its tags, the
 * Premium SKU name and whether the last collection-wide action was a disable, as one JSON document
 * ({"tags"?, "premiumSku"?, "jobsDisabled"?}); NULL for a collection that has none of them.
 */
export const m003CollectionArm: Migration = {
  version: 3,
  name: 'collection-arm',
  sql: `ALTER TABLE job_collections ADD COLUMN arm TEXT;`,
};
