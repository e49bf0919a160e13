import type { Migration } from '../migration.js';

/*
 * Every change to subscriptions, certificates and tokens sends a NOTIFY on `takt_tenants` with the
 * schema as payload, at its commit (PostgreSQL delivers a transaction's notifications when it
 * commits, and never for one that rolls back). The nodes cache authentication's reads while they
 * listen (docs/store.md, "Cached credentials"); a statement trigger fires for every writer — takt
 * serve, the admin CLI, an operator's psql — so no write can leave a node's cache stale.
 */
export const m007TenantNotify: Migration = {
  version: 7,
  name: 'tenant-notify',
  sql: `CREATE OR REPLACE FUNCTION takt_tenants_changed() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM pg_notify('takt_tenants', TG_TABLE_SCHEMA);
  RETURN NULL;
END
$fn$;
CREATE TRIGGER subscriptions_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON subscriptions
  FOR EACH STATEMENT EXECUTE FUNCTION takt_tenants_changed();
CREATE TRIGGER certificates_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON certificates
  FOR EACH STATEMENT EXECUTE FUNCTION takt_tenants_changed();
CREATE TRIGGER certificate_subscriptions_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON certificate_subscriptions
  FOR EACH STATEMENT EXECUTE FUNCTION takt_tenants_changed();
CREATE TRIGGER api_tokens_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON api_tokens
  FOR EACH STATEMENT EXECUTE FUNCTION takt_tenants_changed();`,
};
