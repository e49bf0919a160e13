// planFor keeps the plans of the last few recurrence objects (src/domain/recurrence/plan.ts): the
// same object and anchor answer the same plan; another anchor, or an object pushed out by newer
// ones, is compiled again — always equal to a fresh compile.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compile, planFor } from '../../../src/domain/recurrence/plan.js';
import type { Recurrence } from '../../../src/domain/recurrence/index.js';

const A = Date.UTC(2027, 0, 1, 8, 30);
const daily = (): Recurrence => ({
  frequency: 'day',
  interval: 1,
  schedule: { hours: [9, 17], minutes: [0] },
});

test('planFor: the same recurrence and anchor answer the same plan, equal to a fresh compile', () => {
  const r = daily();
  const p = planFor(r, A);
  assert.equal(planFor(r, A), p);
  assert.deepEqual(p, compile(r, A));
});

test('planFor: another anchor is compiled for it; an equal but distinct recurrence object gets its own plan', () => {
  const r = daily();
  const first = planFor(r, A);
  const moved = planFor(r, A + 3_600_000);
  assert.notEqual(moved, first);
  assert.equal(moved.anchor, A + 3_600_000);
  assert.deepEqual(moved, compile(r, A + 3_600_000));
  const twin = daily();
  assert.notEqual(planFor(twin, A), planFor(r, A + 3_600_000));
});

test('planFor: a recurrence pushed out by newer ones is compiled again, equal to before', () => {
  const r = daily();
  const before = planFor(r, A);
  for (let i = 0; i < 8; i++) planFor({ frequency: 'hour', interval: i + 1 }, A);
  const after = planFor(r, A);
  assert.notEqual(after, before, 'compiled anew');
  assert.deepEqual(after, before);
});
