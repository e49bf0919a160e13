import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RetryPolicy } from '../../../src/domain/job.js';
import { DEFAULT_RETRY_POLICY, maxAttempts, nextRetryAt } from '../../../src/domain/retry.js';

const secs = (s: number): number => s * 1000 * 10_000; // .NET ticks
const fixed = (interval: number, count: number): RetryPolicy => ({
  retryType: 'fixed',
  retryInterval: secs(interval),
  retryCount: count,
});
const T = Date.UTC(2026, 0, 1);

test('the implicit policy is fixed, 30 s, 4 retries', () => {
  assert.deepEqual(DEFAULT_RETRY_POLICY, fixed(30, 4));
  assert.equal(maxAttempts(undefined), 5);
});

test('nextRetryAt: the interval runs from the end of the failed attempt, until the retries are used up', () => {
  const cases: [RetryPolicy | undefined, number, number | undefined][] = [
    [undefined, 0, T + 30_000],
    [undefined, 3, T + 30_000],
    [undefined, 4, undefined],
    [{ retryType: 'none' }, 0, undefined],
    [fixed(15, 1), 0, T + 15_000],
    [fixed(15, 1), 1, undefined],
    [fixed(60, 0), 0, undefined],
    [fixed(20, 20), 19, T + 20_000],
    [fixed(20, 20), 20, undefined],
  ];
  for (const [policy, retryCount, expected] of cases) {
    assert.equal(
      nextRetryAt(policy, retryCount, T),
      expected,
      `${JSON.stringify(policy)} after attempt ${retryCount}`,
    );
  }
  assert.equal(maxAttempts({ retryType: 'none' }), 1);
  assert.equal(maxAttempts(fixed(15, 2)), 3);
});

test('nextRetryAt: a sub-millisecond interval rounds up; the minimum interval is a floor', () => {
  assert.equal(nextRetryAt({ retryType: 'fixed', retryInterval: 15_000_001, retryCount: 1 }, 0, T), T + 1501);
  assert.equal(nextRetryAt(fixed(1, 3), 0, T, 15_000), T + 15_000);
  assert.equal(nextRetryAt(fixed(20, 3), 0, T, 15_000), T + 20_000);
});
