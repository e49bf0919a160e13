/**
 * `retryPolicy` (docs/reference/classic-operations.md §6.3). Echoed only when sent; for `fixed`, omitted members are
 * echoed with their defaults; for `none`, only `retryType` (members sent with it are ignored).
 */
import { badRequest } from '../../domain/errors.js';
import type { RetryPolicy } from '../../domain/job.js';
import { formatTimeSpan, parseDuration, TICKS_PER_DAY, TICKS_PER_SECOND } from '../duration.js';
import { JsonFields } from '../json-object.js';
import type { ActionParseContext } from './context.js';

export const DEFAULT_RETRY_INTERVAL_TICKS = 30 * TICKS_PER_SECOND;
export const DEFAULT_RETRY_COUNT = 4;
export const MAX_RETRY_COUNT = 20;
export const MAX_RETRY_INTERVAL_TICKS = 548 * TICKS_PER_DAY;

export function parseRetryPolicy(value: unknown, path: string, ctx: ActionParseContext): RetryPolicy {
  const f = JsonFields.of(value, path);
  const retryType = f.requiredEnum('retryType', ['none', 'fixed'] as const);
  if (retryType === 'none') return { retryType };
  const intervalRaw = f.get('retryInterval');
  const retryInterval =
    intervalRaw === undefined
      ? DEFAULT_RETRY_INTERVAL_TICKS
      : parseDuration(intervalRaw, f.at('retryInterval'));
  const min = ctx.minRetryIntervalTicks;
  if (retryInterval < min || retryInterval > MAX_RETRY_INTERVAL_TICKS) {
    throw badRequest(
      `${f.at('retryInterval')}: must be between ${formatTimeSpan(min)} and ${formatTimeSpan(MAX_RETRY_INTERVAL_TICKS)}, ` +
        `got ${formatTimeSpan(retryInterval)}`,
    );
  }
  const retryCount = f.optionalInteger('retryCount', 0, MAX_RETRY_COUNT) ?? DEFAULT_RETRY_COUNT;
  return { retryType, retryInterval, retryCount };
}

export function formatRetryPolicy(p: RetryPolicy): Record<string, unknown> {
  if (p.retryType === 'none') return { retryType: 'none' };
  return { retryType: 'fixed', retryInterval: formatTimeSpan(p.retryInterval), retryCount: p.retryCount };
}
