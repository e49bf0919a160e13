// Shared values for the executor tests: an attempt context, action builders and an executor factory.
import type { HttpRequest } from '../../src/domain/job.js';
import type { ActionBody } from '../../src/domain/job.js';
import type { PlainSecret } from '../../src/domain/secret.js';
import { createExecutors, type Executors, type ExecutorOptions } from '../../src/executors/index.js';
import type { AttemptContext } from '../../src/ports/executor.js';
import { ManualClock } from '../support/manual-clock.js';

export const VERSION = '9.8.7-test';
export const DUE = Date.parse('2026-03-02T02:00:00Z');

export function attemptContext(overrides: Partial<AttemptContext> = {}): AttemptContext {
  return {
    job: {
      subscriptionId: 'sub-1',
      cloudService: 'cs-westeurope',
      collection: 'jc1',
      jobId: 'nightly-report',
    },
    executionTag: 'c4f1d9a0b7e24b6a9f0d3e5a1b2c3d4e',
    clientRequestId: '0b6d1f0e-2a47-4c1e-9d8e-5f3a7b9c1d2e',
    expectedExecutionTime: DUE,
    region: 'West Europe',
    retryCount: 0,
    actionName: 'MainAction',
    ...overrides,
  };
}

export function httpAction(
  request: Partial<HttpRequest<PlainSecret>> & { uri: string },
): ActionBody<PlainSecret> {
  const type = request.uri.startsWith('https:') ? 'https' : 'http';
  return { type, request: { method: 'GET', headers: [], ...request } };
}

export interface Harness {
  readonly clock: ManualClock;
  readonly executors: Executors;
}

/** Executors on a ManualClock (attempt deadlines fire only when the test advances it). */
export function harness(options: Partial<ExecutorOptions> = {}): Harness {
  const clock = new ManualClock('2026-03-02T02:00:01Z');
  const executors = createExecutors({ clock, version: VERSION, ...options });
  return { clock, executors };
}
