import type { ActionName } from '../domain/history.js';
import type { ActionBody, JobRef } from '../domain/job.js';
import type { PlainSecret } from '../domain/secret.js';
import type { EpochMs } from '../domain/time.js';

/** What an attempt needs to know besides the action itself (tracking headers, wrapper fields). */
export interface AttemptContext {
  readonly job: JobRef;
  /** One per occurrence; identical on every retry, the error action and any redelivery. */
  readonly executionTag: string;
  /** A new lower-case dashed GUID for every attempt. */
  readonly clientRequestId: string;
  /** The occurrence's due time. */
  readonly expectedExecutionTime: EpochMs;
  /** The cloud service's GeoRegion. */
  readonly region: string;
  readonly retryCount: number;
  readonly actionName: ActionName;
  /** Aborted on shutdown or when the attempt's lease is lost. */
  readonly signal?: AbortSignal;
}

/** The outcome of one attempt, ready to become a history entry. */
export interface AttemptResult {
  readonly ok: boolean;
  /** History message in the formats of docs/reference/scheduling-rules.md §6; never contains a secret. */
  readonly message: string;
  readonly startedAt: EpochMs;
  readonly endedAt: EpochMs;
}

/** An attempt under way: its result, and how to cancel it (shutdown, lost lease). */
export interface AttemptHandle {
  readonly result: Promise<AttemptResult>;
  /** Aborts the attempt; its result then says it was cancelled. A no-op once it has ended. */
  cancel(): void;
}

/**
 * Runs one attempt of an action. Implementations never throw for a failed attempt: every failure
 * (refused, timeout, bad status, egress block...) is a result with ok=false and a clear message.
 */
export interface ActionExecutor {
  /** As `start`, cancelled when `ctx.signal` aborts. */
  execute(action: ActionBody<PlainSecret>, ctx: AttemptContext): Promise<AttemptResult>;
  /** Starts an attempt with one AbortSignal for its deadline and its cancellation (`ctx.signal` unused). */
  start(action: ActionBody<PlainSecret>, ctx: AttemptContext): AttemptHandle;
}
