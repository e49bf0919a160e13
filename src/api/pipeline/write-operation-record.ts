import { recordOperation } from '../../app/operations.js';
import { FailureStreak } from '../../logging/failure-streak.js';
import { StoreUnavailable } from '../../ports/store.js';
import type { FailureStage } from './render-failure.js';
import type { RequestContext } from './request-context.js';
import type { PipelineEnv, Stage } from './stage.js';

const MUTATING = new Set(['PUT', 'POST', 'PATCH', 'DELETE']);

/**
 * Every authenticated mutating request leaves an operation record under its request id, written
 * before the response leaves (a client may poll at once). A failed write is logged, not answered —
 * unless the handler's own write still owes its fsync (Outcome.syncOwed): then the record's durable
 * write is what makes the handler's write durable too, and the answer waits for both at once.
 */
export function writeOperationRecord(env: PipelineEnv, fail: FailureStage): Stage {
  // A store that refuses writes refuses every record: one line while it lasts (failure-streak.ts).
  const notWritten = new FailureStreak(env.deps.logger, env.deps.app.clock);
  // Not async itself: a read (most requests) returns at once instead of with a settled promise.
  return (ctx) => {
    const { subscriptionId } = ctx;
    const recorded = subscriptionId !== undefined && MUTATING.has(ctx.req.method);
    if (ctx.outcome?.syncOwed === true)
      return settle(env, fail, ctx, recorded ? subscriptionId : undefined, notWritten);
    if (!recorded) return undefined;
    return write(env, ctx, subscriptionId, notWritten).then(() => undefined);
  };
}

/**
 * The handler committed without waiting for the disk (docs/store.md, Durability). The record
 * commits after it and its write waits for a group fsync that started later still, so that fsync
 * covers both commits: one wait instead of two in a row. That holds only if no fsync failed since
 * the handler began (a failed fsync may have lost the earlier commit even if a later one succeeds);
 * otherwise, or when the journal cannot be synced, the answer becomes the store's 503 and the
 * record is written again with it.
 */
async function settle(
  env: PipelineEnv,
  fail: FailureStage,
  ctx: RequestContext,
  subscriptionId: string | undefined,
  notWritten: FailureStreak,
): Promise<void> {
  const { store } = env.deps.app;
  const covered = subscriptionId !== undefined && (await write(env, ctx, subscriptionId, notWritten));
  try {
    if (!covered) await store.syncWrites();
    if (store.syncFailures() !== ctx.syncFailuresBefore)
      throw new StoreUnavailable('could not sync the database journal to disk while the request ran');
  } catch (e) {
    fail(ctx, e);
    if (subscriptionId !== undefined) await write(env, ctx, subscriptionId, notWritten);
  }
}

/** Writes the record; false (logged) when that failed. */
async function write(
  env: PipelineEnv,
  { req, reply, outcome, failure }: RequestContext,
  subscriptionId: string,
  notWritten: FailureStreak,
): Promise<boolean> {
  try {
    await recordOperation(env.deps.app, {
      id: req.id,
      subscriptionId,
      httpStatus: failure?.status ?? outcome?.status ?? reply.statusCode,
      ...(failure ? { error: { code: failure.code, message: failure.message } } : {}),
      asynchronous: outcome?.asynchronous === true,
    });
    notWritten.succeeded('operation records are written again');
    return true;
  } catch (e) {
    notWritten.failed(e, 'operation record not written', { reqId: req.id });
    return false;
  }
}
