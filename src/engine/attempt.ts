import type { ActionName } from '../domain/history.js';
import type { ActionBody, JobRef } from '../domain/job.js';
import { mapBody } from '../domain/job-secrets.js';
import type { ClaimedRun } from '../domain/occurrence-outcome.js';
import type { PlainSecret, SealedSecret } from '../domain/secret.js';
import type { EpochMs } from '../domain/time.js';
import type { Clock } from '../ports/clock.js';
import type { ActionExecutor, AttemptResult } from '../ports/executor.js';
import type { IdSource } from '../ports/ids.js';
import type { SecretBox } from '../ports/secret-box.js';

export interface AttemptDeps {
  readonly clock: Clock;
  readonly executor: ActionExecutor;
  readonly secrets: SecretBox;
  readonly ids: IdSource;
}

/** An attempt's result plus whether retrying could ever help. */
export interface AttemptReport extends AttemptResult {
  readonly fatal: boolean;
}

/** An attempt under way; `report` is undefined when it was interrupted (never to be recorded). */
export interface RunningAttempt {
  readonly report: Promise<AttemptReport | undefined>;
  cancel(): void;
}

/**
 * What one attempt needs, with its secrets still sealed: all that crosses to an executor thread
 * (worker-runner.ts), so secrets are only ever opened where the request is sent.
 */
export interface AttemptOrder {
  readonly action: ActionBody<SealedSecret> | undefined;
  readonly job: JobRef;
  readonly executionTag: string;
  readonly dueAt: EpochMs;
  readonly region: string;
  readonly retryCount: number;
  readonly actionName: ActionName;
}

export const UNDECRYPTABLE_MESSAGE =
  'Takt - The stored secrets of this job cannot be decrypted (was the secret key replaced?); the attempt was not sent.';

/** The action this attempt runs: the main action, or the occurrence's error action. */
export function attemptAction(run: ClaimedRun): ActionBody<SealedSecret> | undefined {
  return run.actionName === 'MainAction' ? run.action : run.action.errorAction;
}

export function attemptOrder(run: ClaimedRun): AttemptOrder {
  return {
    action: attemptAction(run),
    job: run.job,
    executionTag: run.executionTag,
    dueAt: run.dueAt,
    region: run.region,
    retryCount: run.retryCount,
    actionName: run.actionName,
  };
}

const NOTHING_TO_CANCEL = (): void => undefined;

/**
 * Starts one attempt: opens its secrets, then has the executor send it with the occurrence's
 * execution tag and a fresh client request id, under the executor's one signal (deadline and
 * cancellation). Never rejects: a job whose secrets cannot be opened fails with a clear message
 * (and no retry) instead of stopping other jobs.
 */
export function startAttempt(deps: AttemptDeps, order: AttemptOrder): RunningAttempt {
  const startedAt = deps.clock.now();
  const sealed = order.action;
  const fail = (message: string): RunningAttempt => ({
    report: Promise.resolve({ ok: false, fatal: true, message, startedAt, endedAt: startedAt }),
    cancel: NOTHING_TO_CANCEL,
  });
  if (!sealed) return fail('Takt - The occurrence has no error action.');
  let action: ActionBody<PlainSecret>;
  try {
    action = mapBody(sealed, (s: SealedSecret) => deps.secrets.open(s));
  } catch {
    return fail(UNDECRYPTABLE_MESSAGE);
  }
  let handle;
  try {
    handle = deps.executor.start(action, {
      job: order.job,
      executionTag: order.executionTag,
      clientRequestId: deps.ids.guid(),
      expectedExecutionTime: order.dueAt,
      region: order.region,
      retryCount: order.retryCount,
      actionName: order.actionName,
    });
  } catch (e) {
    return { report: Promise.resolve(unexpected(deps.clock, startedAt, e)), cancel: NOTHING_TO_CANCEL };
  }
  return {
    report: handle.result.then(
      (r): AttemptReport => ({
        ok: r.ok,
        message: r.message,
        startedAt: r.startedAt,
        endedAt: r.endedAt,
        fatal: false,
      }),
      (e: unknown) => unexpected(deps.clock, startedAt, e),
    ),
    cancel: () => handle.cancel(),
  };
}

/** Executors report failures as results; a throw is a bug, recorded rather than lost. */
function unexpected(clock: Clock, startedAt: EpochMs, e: unknown): AttemptReport {
  const reason = e instanceof Error ? e.message : String(e);
  return {
    ok: false,
    fatal: false,
    message: `Takt - The attempt failed unexpectedly: ${reason}`,
    startedAt,
    endedAt: clock.now(),
  };
}
