import type { Migration } from '../migration.js';

/*
 * A disabled subscription's jobs wait, as a suspended collection's do (docs/engine.md, "Disabled
 * subscriptions"): its tenant cannot reach the API (403), so nothing it scheduled may keep running.
 * `tenant_disabled` mirrors the subscription's state on each of its collections, where every claim
 * already reads `suspended`; its jobs and runs are held apart in the due indexes (migrations 011, 012).
 */
export const m013TenantDisabled: Migration = {
  version: 13,
  name: 'tenant-disabled',
  sql: `ALTER TABLE job_collections ADD COLUMN tenant_disabled BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE job_collections SET tenant_disabled = TRUE WHERE subscription_id IN (SELECT id FROM subscriptions WHERE NOT enabled);
UPDATE jobs SET held = TRUE WHERE collection_id IN (SELECT id FROM job_collections WHERE tenant_disabled = TRUE);
UPDATE runs SET held = TRUE WHERE collection_id IN (SELECT id FROM job_collections WHERE tenant_disabled = TRUE);`,
};
