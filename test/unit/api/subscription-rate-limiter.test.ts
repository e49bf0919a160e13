// The per-subscription token bucket on an injected clock: burst, continuous refill, Retry-After
// seconds, separate buckets, a clock stepping back, and 0 = off.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SubscriptionRateLimiter } from '../../../src/api/pipeline/subscription-rate-limiter.js';

function limiter(
  ratePerSecond: number,
  burst: number,
): { l: SubscriptionRateLimiter; clock: { now: number } } {
  const clock = { now: 1_000_000 };
  return { l: new SubscriptionRateLimiter({ ratePerSecond, burst }, () => clock.now), clock };
}

test('a full bucket allows the burst, then answers the seconds until the next token', () => {
  const { l } = limiter(2, 3);
  assert.deepEqual([l.take('a'), l.take('a'), l.take('a')], [0, 0, 0]);
  // Empty at 2 tokens/s: one token is back in 0.5 s, rounded up to whole seconds.
  assert.equal(l.take('a'), 1);
});

test('tokens refill continuously, never above the burst', () => {
  const { l, clock } = limiter(10, 2);
  l.take('a');
  l.take('a');
  assert.ok(l.take('a') > 0);
  clock.now += 100; // one token
  assert.equal(l.take('a'), 0);
  assert.ok(l.take('a') > 0);
  clock.now += 60_000; // long idle: still only `burst` tokens
  assert.deepEqual([l.take('a'), l.take('a')], [0, 0]);
  assert.ok(l.take('a') > 0);
});

test('Retry-After grows with a slow rate', () => {
  const { l } = limiter(0.1, 1);
  assert.equal(l.take('a'), 0);
  assert.equal(l.take('a'), 10);
});

test('each key has its own bucket', () => {
  const { l } = limiter(1, 1);
  assert.equal(l.take('a'), 0);
  assert.ok(l.take('a') > 0);
  assert.equal(l.take('b'), 0);
});

test('a clock stepping back refills nothing and drains nothing', () => {
  const { l, clock } = limiter(1, 2);
  assert.equal(l.take('a'), 0);
  clock.now -= 10_000;
  assert.equal(l.take('a'), 0);
  assert.ok(l.take('a') > 0);
});

test('rate 0 turns the limiter off', () => {
  const { l } = limiter(0, 1);
  for (let i = 0; i < 100; i++) assert.equal(l.take('a'), 0);
});
