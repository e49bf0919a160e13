import type { ActionBody } from '../domain/job.js';
import { mapBody } from '../domain/job-secrets.js';
import type { ClaimedRun } from '../domain/occurrence-outcome.js';
import type { PlainSecret, SealedSecret } from '../domain/secret.js';
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

export const UNDECRYPTABLE_MESSAGE =
  'Takt - The stored secrets of this job cannot be decrypted (was the secret key replaced?); the attempt was not sent.';

/** The action this attempt runs: the main action, or the occurrence's error action. */
export function attemptAction(run: ClaimedRun): ActionBody<SealedSecret> | undefined {
  return run.actionName === 'MainAction' ? run.action : run.action.errorAction;
}

/**
 * Runs one attempt of a claimed run: opens its secrets, then calls the executor with the
 * occurrence's execution tag and a fresh client request id. Never throws: a job whose secrets
 * cannot be opened fails with a clear message (and no retry) instead of stopping other jobs.
 */
export async function runAttempt(
  deps: AttemptDeps,
  run: ClaimedRun,
  signal: AbortSignal,
): Promise<AttemptReport> {
  const startedAt = deps.clock.now();
  const sealed = attemptAction(run);
  if (!sealed) {
    return {
      ok: false,
      fatal: true,
      message: 'Takt - The occurrence has no error action.',
      startedAt,
      endedAt: startedAt,
    };
  }
  let action: ActionBody<PlainSecret>;
  try {
    action = mapBody(sealed, (s: SealedSecret) => deps.secrets.open(s));
  } catch {
    return { ok: false, fatal: true, message: UNDECRYPTABLE_MESSAGE, startedAt, endedAt: startedAt };
  }
  try {
    const result = await deps.executor.execute(action, {
      job: run.job,
      executionTag: run.executionTag,
      clientRequestId: deps.ids.guid(),
      expectedExecutionTime: run.dueAt,
      region: run.region,
      retryCount: run.retryCount,
      actionName: run.actionName,
      signal,
    });
    return { ...result, fatal: false };
  } catch (e) {
    // Executors report failures as results; a throw is a bug, recorded rather than lost.
    const reason = e instanceof Error ? e.message : String(e);
    return {
      ok: false,
      fatal: false,
      message: `Takt - The attempt failed unexpectedly: ${reason}`,
      startedAt,
      endedAt: deps.clock.now(),
    };
  }
}
