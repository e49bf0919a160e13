import { checkMigrationList, type Migration } from '../migration.js';
import { m001Core } from './001-core.js';
import { m002Engine } from './002-engine.js';
import { m003CollectionArm } from './003-collection-arm.js';
import { m004CollectionJobCount } from './004-collection-job-count.js';
import { m005FairClaim } from './005-fair-claim.js';
import { m006JobSlotShards } from './006-job-slot-shards.js';
import { m007TenantNotify } from './007-tenant-notify.js';
import { m008CollectionNotify } from './008-collection-notify.js';
import { m009JobRowsCascade } from './009-job-rows-cascade.js';
import { m010RunCollection } from './010-run-collection.js';
import { m011HeldJobs } from './011-held-jobs.js';
import { m012HeldRuns } from './012-held-runs.js';
import { m013TenantDisabled } from './013-tenant-disabled.js';

/** PostgreSQL migrations in order. A new step: add `00N-name.ts` here and one line below. */
export const POSTGRES_MIGRATIONS: readonly Migration[] = checkMigrationList([
  m001Core,
  m002Engine,
  m003CollectionArm,
  m004CollectionJobCount,
  m005FairClaim,
  m006JobSlotShards,
  m007TenantNotify,
  m008CollectionNotify,
  m009JobRowsCascade,
  m010RunCollection,
  m011HeldJobs,
  m012HeldRuns,
  m013TenantDisabled,
]);
