import { extend } from './extend.js';
import type { EpochMs } from './time.js';

export type Plan = 'Free' | 'Standard' | 'Premium';
export const PLANS: readonly Plan[] = ['Free', 'Standard', 'Premium'];

export type QuotaFrequency = 'Minute' | 'Hour' | 'Day' | 'Week' | 'Month' | 'Year';

/** Only the members the client set are present (they are echoed as set). */
export interface Quota {
  readonly maxJobCount?: number;
  readonly maxJobOccurrence?: number;
  readonly maxRecurrence?: { readonly frequency: QuotaFrequency; readonly interval: number };
}

type MaxRecurrence = NonNullable<Quota['maxRecurrence']>;

/** The largest integer the Azure clients read (.NET declares the quota members and intervals Int32). */
export const INT32_MAX = 2 ** 31 - 1;

/**
 * A quota maximum as ARM writes it (docs/api.md, "One entity, two APIs"): the swagger's enum has no
 * `Year`, so a Year maximum (possible through classic) is that many times 365 days, capped at the
 * largest Int32 (about 5.9 million years; a client reading the quota as Int32 would fail on more).
 */
export function armMaxRecurrence(r: MaxRecurrence): MaxRecurrence {
  if (r.frequency !== 'Year') return r;
  return { frequency: 'Day', interval: Math.min(r.interval * 365, INT32_MAX) };
}

/**
 * An ARM write's quota with a maximum that is just the stored one as ARM writes it (a client's
 * read-modify-write sending back what it read) kept as stored, so a classic Year maximum survives.
 */
export function keepStoredMaxRecurrence(sent: Quota, stored: Quota): Quota {
  const was = stored.maxRecurrence;
  const now = sent.maxRecurrence;
  if (was === undefined || now === undefined || was.frequency !== 'Year') return sent;
  const shown = armMaxRecurrence(was);
  if (now.frequency !== shown.frequency || now.interval !== shown.interval) return sent;
  return extend(sent, { maxRecurrence: was });
}

export interface CloudService {
  readonly subscriptionId: string;
  readonly name: string;
  readonly label: string;
  readonly description: string;
  readonly geoRegion: string;
  readonly email?: string;
  /** Set at creation, never changes. */
  readonly etag: string;
  readonly createdAt: EpochMs;
}

export interface JobCollection {
  readonly subscriptionId: string;
  readonly cloudService: string;
  readonly name: string;
  readonly plan: Plan;
  readonly quota: Quota;
  /** Base64 on the wire; stored and returned verbatim. */
  readonly label?: string;
  readonly schemaVersion: string;
  readonly etag: string;
  readonly lastOperation: 'Create' | 'Update';
  /** Extension: a suspended collection's jobs do not run (takt collections suspend/resume). */
  readonly suspended: boolean;
  /** ARM `tags` (docs/api.md, ARM surface): stored and echoed only; absent = none. */
  readonly tags?: Readonly<Record<string, string>>;
  /** The Premium SKU an ARM client chose; absent = P10Premium. Meaningful only for plan Premium. */
  readonly premiumSku?: PremiumSku;
  /** The last collection-wide action disabled every job (ARM state `Disabled`). */
  readonly jobsDisabled?: boolean;
  readonly createdAt: EpochMs;
  readonly updatedAt: EpochMs;
}

export type PremiumSku = 'P10Premium' | 'P20Premium';

/** The ARM view of a collection's state (docs/api.md, collection state). */
export type CollectionState = 'Enabled' | 'Disabled' | 'Suspended';

export function collectionState(jc: JobCollection): CollectionState {
  if (jc.suspended) return 'Suspended';
  return jc.jobsDisabled === true ? 'Disabled' : 'Enabled';
}

/** What a deployment defines for one plan (docs/reference/scheduling-rules.md §7). */
export interface PlanLimits {
  readonly maxJobCount: number;
  /** Shortest allowed gap between occurrences, in ms. */
  readonly minRecurrenceMs: number;
  /** Collections of this plan per subscription; undefined = no cap. */
  readonly maxCollectionsPerSubscription?: number;
  readonly outboundAuthentication: boolean;
}

export type PlanTable = Readonly<Record<Plan, PlanLimits>>;

export const DEFAULT_PLANS: PlanTable = {
  Free: {
    maxJobCount: 5,
    minRecurrenceMs: 3_600_000,
    maxCollectionsPerSubscription: 1,
    outboundAuthentication: false,
  },
  Standard: { maxJobCount: 50, minRecurrenceMs: 60_000, outboundAuthentication: true },
  Premium: { maxJobCount: 1000, minRecurrenceMs: 60_000, outboundAuthentication: true },
};
