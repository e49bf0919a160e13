/**
 * The ARM JobCollectionDefinition (docs/api.md, ARM job collections): parsed from PUT/PATCH bodies,
 * written for every collection answer. Member names match case-insensitively, enums too; the
 * output uses the swagger's exact spellings.
 */
import type {
  CollectionState,
  JobCollection,
  Plan,
  PremiumSku,
  Quota,
  QuotaFrequency,
} from '../../domain/collection.js';
import { armMaxRecurrence, collectionState, INT32_MAX } from '../../domain/collection.js';
import { badRequest, DomainError } from '../../domain/errors.js';
import { hasControlChar } from '../text.js';
import { findMember, isJsonObject, JsonFields, type JsonMap } from '../json-object.js';
import { COLLECTION_TYPE, collectionId } from './resource-ids.js';

/**
 * What a body asked for; absent = not sent. `tags`: `null` = sent as null or `{}` (clears). `quota`:
 * `null` = sent as null (none); an object holds the members sent, and `quotaCleared` those sent as
 * null (a PATCH merges them onto the stored quota, RFC 7396).
 */
export interface ArmCollectionBody {
  readonly location?: string;
  readonly tags?: Readonly<Record<string, string>> | null;
  readonly sku?: { readonly plan: Plan; readonly premiumSku?: PremiumSku };
  readonly state?: CollectionState;
  readonly quota?: Quota | null;
  readonly quotaCleared?: readonly (keyof Quota)[];
}

const SKUS = ['Free', 'Standard', 'Premium', 'P10Premium', 'P20Premium'] as const;
const STATES: readonly CollectionState[] = ['Enabled', 'Disabled', 'Suspended'];
const FREQUENCIES: readonly QuotaFrequency[] = ['Minute', 'Hour', 'Day', 'Week', 'Month', 'Year'];
const MAX_TAGS = 50;

/**
 * A location becomes the cloud service's GeoRegion, which the classic API writes in XML: a control
 * character would not come back as sent (a NUL as U+FFFD), so it is refused as a header value's is.
 */
export function checkLocation(location: string): string {
  if (hasControlChar(location, false)) throw badRequest('location: must not contain control characters');
  return location;
}

/** `root` is a JSON object (the API checked). Read-only `id`, `type`, `name` are ignored. */
export function parseArmCollection(root: JsonMap): ArmCollectionBody {
  const f = JsonFields.of(root, '');
  const out: { -readonly [K in keyof ArmCollectionBody]: ArmCollectionBody[K] } = {};
  const location = f.optionalString('location', { nonEmpty: true, max: 100 });
  if (location !== undefined && location.trim() !== '') out.location = checkLocation(location);
  const tags = findMember(root, 'tags');
  if (tags !== undefined) out.tags = parseTags(tags.value);
  const p = f.optionalObject('properties');
  if (p) {
    const sku = p.optionalObject('sku');
    if (sku) {
      const name = sku.requiredEnum('name', SKUS);
      // `Premium` (the only Premium name before 2016-03-01) names no variant: a collection that is
      // Premium already keeps its own (docs/api.md), a new one is P10Premium.
      out.sku =
        name === 'Free' || name === 'Standard' || name === 'Premium'
          ? { plan: name }
          : { plan: 'Premium', premiumSku: name };
    }
    const state = p.optionalEnum('state', STATES);
    if (state !== undefined) out.state = state;
    const quota = findMember(propertiesOf(root), 'quota');
    if (quota !== undefined) {
      out.quota = parseQuota(quota.value);
      const cleared = clearedQuotaMembers(quota.value);
      if (cleared.length > 0) out.quotaCleared = cleared;
    }
  }
  return out;
}

const QUOTA_MEMBERS: readonly (keyof Quota)[] = ['maxJobCount', 'maxJobOccurrence', 'maxRecurrence'];

/** The quota members sent as `null`. */
function clearedQuotaMembers(value: unknown): (keyof Quota)[] {
  if (!isJsonObject(value)) return [];
  return QUOTA_MEMBERS.filter((name) => findMember(value, name)?.value === null);
}

function propertiesOf(root: JsonMap): JsonMap {
  const p = findMember(root, 'properties')?.value;
  return isJsonObject(p) ? p : {};
}

function parseTags(value: unknown): Readonly<Record<string, string>> | null {
  if (value === null) return null;
  const bad = (why: string): DomainError => new DomainError('InvalidTag', `tags: ${why}`);
  if (!isJsonObject(value)) throw bad('must be an object of names to string values');
  const names = Object.keys(value);
  if (names.length > MAX_TAGS) throw bad(`at most ${MAX_TAGS} tags are allowed, got ${names.length}`);
  const seen = new Set<string>();
  // No prototype: a tag named `__proto__` is a tag like any other, not a prototype to set.
  const out = Object.create(null) as Record<string, string>;
  for (const name of names) {
    const v = value[name];
    if (name.length < 1 || name.length > 512) throw bad('a tag name must be 1 to 512 characters');
    if (seen.has(name.toLowerCase())) throw bad(`the tag name '${name.slice(0, 60)}' is repeated`);
    seen.add(name.toLowerCase());
    if (typeof v !== 'string') throw bad(`the value of '${name.slice(0, 60)}' must be a string`);
    if (v.length > 256) throw bad(`the value of '${name.slice(0, 60)}' must be at most 256 characters`);
    out[name] = v;
  }
  return names.length === 0 ? null : out;
}

function parseQuota(value: unknown): Quota | null {
  if (value === null) return null;
  const q = JsonFields.of(value, 'properties.quota');
  const out: { -readonly [K in keyof Quota]: Quota[K] } = {};
  const jobs = q.optionalInteger('maxJobCount', 1, INT32_MAX);
  if (jobs !== undefined) out.maxJobCount = jobs;
  const occ = q.optionalInteger('maxJobOccurrence', 1, INT32_MAX);
  if (occ !== undefined) out.maxJobOccurrence = occ;
  const rec = q.optionalObject('maxRecurrence');
  if (rec) {
    out.maxRecurrence = {
      frequency: rec.requiredEnum('frequency', FREQUENCIES),
      interval: checkPositive(rec.required('interval'), rec.at('interval')),
    };
  }
  return out;
}

function checkPositive(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > INT32_MAX) {
    throw new DomainError('BadRequest', `${path}: must be an integer from 1 to ${INT32_MAX}`);
  }
  return v;
}

/** `P10Premium`/`P20Premium` for 2016-03-01; the older versions only know `Premium`. */
export function skuName(jc: JobCollection, apiVersion: string): string {
  if (jc.plan !== 'Premium') return jc.plan;
  return apiVersion === '2016-03-01' ? (jc.premiumSku ?? 'P10Premium') : 'Premium';
}

function formatQuota(q: Quota): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  if (q.maxJobCount !== undefined) out['maxJobCount'] = q.maxJobCount;
  if (q.maxJobOccurrence !== undefined) out['maxJobOccurrence'] = q.maxJobOccurrence;
  const r = q.maxRecurrence;
  if (r) {
    // Year is outside the swagger enum; 365 days is the same allowance (docs/api.md).
    const shown = armMaxRecurrence(r);
    out['maxRecurrence'] = { frequency: shown.frequency, interval: shown.interval };
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

export function formatArmCollection(
  jc: JobCollection,
  location: string,
  apiVersion: string,
): Record<string, unknown> {
  const properties: Record<string, unknown> = {
    sku: { name: skuName(jc, apiVersion) },
    state: collectionState(jc),
  };
  const quota = formatQuota(jc.quota);
  if (quota) properties['quota'] = quota;
  return {
    id: collectionId(jc.subscriptionId, jc.cloudService, jc.name),
    type: COLLECTION_TYPE,
    name: jc.name,
    location,
    ...(jc.tags !== undefined && Object.keys(jc.tags).length > 0 ? { tags: jc.tags } : {}),
    properties,
  };
}

/** The classic quota names in the shared plan checks' messages, and the ARM paths for them. */
const QUOTA_FIELDS: readonly (readonly [string, string])[] = [
  ['Quota.MaxJobCount: ', 'properties.quota.maxJobCount: '],
  ['Quota.MaxRecurrence: ', 'properties.quota.maxRecurrence: '],
];

/** A quota-versus-plan conflict naming the field as ARM clients send it; other errors as they are. */
export function armQuotaError(e: unknown): unknown {
  if (!(e instanceof DomainError) || e.code !== 'ConflictError') return e;
  for (const [classic, arm] of QUOTA_FIELDS) {
    if (e.message.startsWith(classic)) {
      return new DomainError('ConflictError', `${arm}${e.message.slice(classic.length)}`);
    }
  }
  return e;
}
