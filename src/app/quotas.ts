import type { JobCollection, PlanLimits, PlanTable, Quota, QuotaFrequency } from '../domain/collection.js';
import { conflict } from '../domain/errors.js';
import type { JobDefinition } from '../domain/job.js';
import { shortestGapMs } from '../domain/recurrence/index.js';
import type { EpochMs } from '../domain/time.js';

/**
 * Plan and quota rules (docs/reference/scheduling-rules.md §7): the effective limit is the stricter of plan and
 * quota.
 */

const UNIT_MS: Record<QuotaFrequency, number> = {
  Minute: 60_000,
  Hour: 3_600_000,
  Day: 86_400_000,
  Week: 7 * 86_400_000,
  Month: 28 * 86_400_000,
  Year: 365 * 86_400_000,
};

export function maxRecurrenceMs(q: NonNullable<Quota['maxRecurrence']>): number {
  return UNIT_MS[q.frequency] * q.interval;
}

export interface EffectiveLimits {
  readonly maxJobs: number;
  readonly minGapMs: number;
  readonly outboundAuthentication: boolean;
}

export function effectiveLimits(plan: PlanLimits, quota: Quota): EffectiveLimits {
  return {
    maxJobs: Math.min(plan.maxJobCount, quota.maxJobCount ?? Infinity),
    minGapMs: Math.max(plan.minRecurrenceMs, quota.maxRecurrence ? maxRecurrenceMs(quota.maxRecurrence) : 0),
    outboundAuthentication: plan.outboundAuthentication,
  };
}

export function collectionLimits(
  plans: PlanTable,
  jc: Pick<JobCollection, 'plan' | 'quota'>,
): EffectiveLimits {
  return effectiveLimits(plans[jc.plan], jc.quota);
}

/** A quota may only tighten the plan: 409 otherwise. */
export function checkQuotaWithinPlan(plans: PlanTable, jc: Pick<JobCollection, 'plan' | 'quota'>): void {
  const plan = plans[jc.plan];
  const q = jc.quota;
  if (q.maxJobCount !== undefined && q.maxJobCount > plan.maxJobCount) {
    throw conflict(
      `Quota.MaxJobCount: ${q.maxJobCount} exceeds the ${jc.plan} plan's maximum of ${plan.maxJobCount} jobs.`,
    );
  }
  if (q.maxRecurrence && maxRecurrenceMs(q.maxRecurrence) < plan.minRecurrenceMs) {
    throw conflict(
      `Quota.MaxRecurrence: every ${q.maxRecurrence.interval} ${q.maxRecurrence.frequency} is more frequent than the ${jc.plan} plan allows (at most once every ${describeMs(plan.minRecurrenceMs)}).`,
    );
  }
}

/** Where the definition sets outbound authentication (main action first), or undefined. */
function authenticationAt(def: JobDefinition<unknown>): string | undefined {
  const hasAuth = (
    a: JobDefinition<unknown>['action'] | NonNullable<JobDefinition<unknown>['action']['errorAction']>,
  ) => (a.type === 'http' || a.type === 'https') && a.request.authentication !== undefined;
  if (hasAuth(def.action)) return 'action.request.authentication';
  const error = def.action.errorAction;
  return error !== undefined && hasAuth(error) ? 'action.errorAction.request.authentication' : undefined;
}

/**
 * Checks one job definition against a collection's effective limits (not the job count, which the
 * store guards atomically). Throws 409 ConflictError naming the rule.
 */
export function checkJobAgainstLimits(
  def: JobDefinition<unknown>,
  anchor: EpochMs,
  limits: EffectiveLimits,
  planName: string,
): void {
  const authAt = limits.outboundAuthentication ? undefined : authenticationAt(def);
  if (authAt !== undefined) {
    throw conflict(`${authAt}: outbound authentication is not allowed in a ${planName} job collection.`);
  }
  const gap = shortestGapMs(def.recurrence, anchor);
  if (gap !== undefined && gap < limits.minGapMs) {
    throw conflict(
      `recurrence: the job would run every ${describeMs(gap)}, more often than the job collection allows (at most once every ${describeMs(limits.minGapMs)}).`,
    );
  }
}

export function describeMs(ms: number): string {
  const units: [number, string][] = [
    [86_400_000, 'day'],
    [3_600_000, 'hour'],
    [60_000, 'minute'],
    [1_000, 'second'],
  ];
  for (const [size, name] of units) {
    if (ms >= size && ms % size === 0) {
      const n = ms / size;
      return `${n} ${name}${n === 1 ? '' : 's'}`;
    }
  }
  return `${ms} ms`;
}
