import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { JobAction, RetryPolicy } from '../../../src/domain/job.js';
import {
  decideOutcome,
  finishedJobState,
  type OutcomeDecision,
} from '../../../src/domain/occurrence-outcome.js';
import type { SealedSecret } from '../../../src/domain/secret.js';

const T = Date.UTC(2026, 0, 1);
const secs = (s: number): number => s * 10_000_000;
const fixed = (interval: number, count: number): RetryPolicy => ({
  retryType: 'fixed',
  retryInterval: secs(interval),
  retryCount: count,
});
const http = { type: 'http', request: { uri: 'http://a.example/', method: 'GET', headers: [] } } as const;

function action(main?: RetryPolicy, error?: { retryPolicy?: RetryPolicy } | null): JobAction<SealedSecret> {
  return {
    ...http,
    ...(main ? { retryPolicy: main } : {}),
    ...(error
      ? { errorAction: { ...http, ...(error.retryPolicy ? { retryPolicy: error.retryPolicy } : {}) } }
      : {}),
  };
}

type Case = [
  name: string,
  run: {
    actionName: 'MainAction' | 'ErrorAction';
    retryCount: number;
    action: JobAction<SealedSecret>;
  },
  verdict: { ok: boolean; fatal?: boolean },
  expected: OutcomeDecision,
];

const cases: Case[] = [
  [
    'first attempt succeeds',
    { actionName: 'MainAction', retryCount: 0, action: action() },
    { ok: true },
    { status: 'completed', failureDelta: 0, faultedDelta: 0, mainOutcome: 'succeeded' },
  ],
  [
    'a later attempt succeeds',
    { actionName: 'MainAction', retryCount: 2, action: action() },
    { ok: true },
    {
      status: 'completed',
      failureDelta: 0,
      faultedDelta: 0,
      mainOutcome: 'succeeded',
    },
  ],
  [
    'failure with retries left (default policy)',
    { actionName: 'MainAction', retryCount: 0, action: action() },
    { ok: false },
    {
      status: 'failed',
      failureDelta: 1,
      faultedDelta: 0,
      next: { at: T + 30_000, retryCount: 1, actionName: 'MainAction' },
    },
  ],
  [
    'last attempt fails, no error action',
    { actionName: 'MainAction', retryCount: 4, action: action() },
    { ok: false },
    { status: 'failed', failureDelta: 1, faultedDelta: 1, mainOutcome: 'faulted' },
  ],
  [
    'last attempt fails: faulted, error action at once',
    { actionName: 'MainAction', retryCount: 0, action: action({ retryType: 'none' }, {}) },
    { ok: false },
    {
      status: 'failed',
      failureDelta: 1,
      faultedDelta: 1,
      mainOutcome: 'faulted',
      next: { at: T, retryCount: 0, actionName: 'ErrorAction' },
    },
  ],
  [
    'undecryptable secrets: no retry',
    { actionName: 'MainAction', retryCount: 0, action: action() },
    { ok: false, fatal: true },
    { status: 'failed', failureDelta: 1, faultedDelta: 1, mainOutcome: 'faulted' },
  ],
  [
    'error action fails: its own policy',
    {
      actionName: 'ErrorAction',
      retryCount: 0,
      action: action(fixed(60, 5), { retryPolicy: fixed(20, 1) }),
    },
    { ok: false },
    {
      status: 'failed',
      failureDelta: 0,
      faultedDelta: 0,
      next: { at: T + 20_000, retryCount: 1, actionName: 'ErrorAction' },
    },
  ],
  [
    'error action fails: its own policy used up',
    {
      actionName: 'ErrorAction',
      retryCount: 1,
      action: action(fixed(60, 5), { retryPolicy: fixed(20, 1) }),
    },
    { ok: false },
    { status: 'failed', failureDelta: 0, faultedDelta: 0 },
  ],
  [
    'error action without a policy uses the main one',
    { actionName: 'ErrorAction', retryCount: 1, action: action(fixed(60, 5), {}) },
    { ok: false },
    {
      status: 'failed',
      failureDelta: 0,
      faultedDelta: 0,
      next: { at: T + 60_000, retryCount: 2, actionName: 'ErrorAction' },
    },
  ],
  [
    'error action without any policy uses the default',
    { actionName: 'ErrorAction', retryCount: 4, action: action(undefined, {}) },
    { ok: false },
    { status: 'failed', failureDelta: 0, faultedDelta: 0 },
  ],
  [
    'error action succeeds: no counter, no state',
    { actionName: 'ErrorAction', retryCount: 0, action: action(undefined, {}) },
    { ok: true },
    { status: 'completed', failureDelta: 0, faultedDelta: 0 },
  ],
];

test('decideOutcome: what one attempt does to its occurrence (docs/reference/scheduling-rules.md §5.2–5.4)', () => {
  for (const [name, run, verdict, expected] of cases) {
    assert.deepEqual(decideOutcome(run, { ...verdict, endedAt: T }), expected, name);
  }
});

test('the final occurrence finishes the job only if nothing gave the job a future since it started', () => {
  const run = { isFinal: true, seriesStartedAt: 1_000 };
  const job = { state: 'enabled', nextDueAt: undefined, seriesStartedAt: 1_000 };
  const done = { mainOutcome: 'succeeded' } as const;
  assert.equal(finishedJobState(done, run, job), 'completed');
  assert.equal(finishedJobState({ mainOutcome: 'faulted' }, run, job), 'faulted');
  assert.equal(finishedJobState({}, run, job), undefined, 'the outcome is not final');
  assert.equal(finishedJobState(done, { ...run, isFinal: false }, job), undefined, 'not the last occurrence');
  assert.equal(finishedJobState(done, run, { ...job, seriesStartedAt: 2_000 }), undefined, 'a new series');
  assert.equal(finishedJobState(done, run, { ...job, nextDueAt: 5_000 }), undefined, 'a future due time');
  assert.equal(finishedJobState(done, run, { ...job, state: 'disabled' }), undefined, 'disabled meanwhile');
  assert.equal(finishedJobState(done, run, { ...job, state: 'completed' }), undefined, 'finished already');
});
