import type { Migration } from '../migration.js';

/*
 * Changes to cloud services and job collections send the same NOTIFY as tenant rows (migration
 * 007): a node keeps the collections it read in memory while it listens, so a job create reads
 * nothing before its INSERT (docs/store.md, "Cached collections"). Statement triggers, so every
 * writer — another node, the admin CLI, psql, a cascade — is seen. Collections change only through
 * the collection and cloud-service operations: a job write never fires these.
 */
export const m008CollectionNotify: Migration = {
  version: 8,
  name: 'collection-notify',
  sql: `CREATE TRIGGER cloud_services_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON cloud_services
  FOR EACH STATEMENT EXECUTE FUNCTION takt_tenants_changed();
CREATE TRIGGER job_collections_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON job_collections
  FOR EACH STATEMENT EXECUTE FUNCTION takt_tenants_changed();`,
};
