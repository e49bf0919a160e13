import type { CloudService, JobCollection, Plan, PremiumSku, Quota } from '../../domain/collection.js';
import type { Row } from '../program.js';
import { bool, num, optStr, str } from './values.js';
import { extend } from '../../domain/extend.js';

export function toCloudService(r: Row): CloudService {
  const email = optStr(r, 'email');
  return {
    subscriptionId: str(r, 'subscription_id'),
    name: str(r, 'name'),
    label: str(r, 'label'),
    description: str(r, 'description'),
    geoRegion: str(r, 'geo_region'),
    ...(email !== undefined ? { email } : {}),
    etag: str(r, 'etag'),
    createdAt: num(r, 'created_at'),
  };
}

export function toCollection(r: Row): JobCollection {
  const label = optStr(r, 'label');
  return {
    subscriptionId: str(r, 'subscription_id'),
    cloudService: str(r, 'cloud_service_name'),
    name: str(r, 'name'),
    plan: str(r, 'plan') as Plan,
    // Stored as the JSON the app produced; only the members the client set are present.
    quota: JSON.parse(str(r, 'quota')) as Quota,
    ...(label !== undefined ? { label } : {}),
    schemaVersion: str(r, 'schema_version'),
    etag: str(r, 'etag'),
    lastOperation: str(r, 'last_operation') as JobCollection['lastOperation'],
    suspended: bool(r, 'suspended'),
    ...armFacts(optStr(r, 'arm')),
    createdAt: num(r, 'created_at'),
    updatedAt: num(r, 'updated_at'),
  };
}

interface ArmFacts {
  tags?: Record<string, string>;
  premiumSku?: PremiumSku;
  jobsDisabled?: boolean;
}

/** The `arm` column: the ARM-only facts as one JSON document, NULL when there are none. */
export function armColumn(jc: JobCollection): string | null {
  const facts: ArmFacts = {};
  if (jc.tags !== undefined && Object.keys(jc.tags).length > 0) facts.tags = { ...jc.tags };
  if (jc.premiumSku !== undefined) facts.premiumSku = jc.premiumSku;
  if (jc.jobsDisabled === true) facts.jobsDisabled = true;
  return Object.keys(facts).length > 0 ? JSON.stringify(facts) : null;
}

function armFacts(text: string | undefined): ArmFacts {
  if (text === undefined) return {};
  const stored = JSON.parse(text) as ArmFacts;
  return extend(
    stored.tags !== undefined ? { tags: stored.tags } : {},
    stored.premiumSku !== undefined ? { premiumSku: stored.premiumSku } : {},
    stored.jobsDisabled === true ? { jobsDisabled: true } : {},
  );
}
