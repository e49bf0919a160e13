import { recordOperation } from '../../app/operations.js';
import type { RequestContext } from './request-context.js';
import type { PipelineEnv, Stage } from './stage.js';

const MUTATING = new Set(['PUT', 'POST', 'PATCH', 'DELETE']);

/**
 * Every authenticated mutating request leaves an operation record under its request id, written
 * before the response leaves (a client may poll at once). A failed write is logged, not answered.
 */
export function writeOperationRecord(env: PipelineEnv): Stage {
  // Not async itself: a read (most requests) returns at once instead of with a settled promise.
  return (ctx) => {
    const { subscriptionId } = ctx;
    if (subscriptionId === undefined || !MUTATING.has(ctx.req.method)) return undefined;
    return write(env, ctx, subscriptionId);
  };
}

async function write(
  env: PipelineEnv,
  { req, reply, outcome, failure }: RequestContext,
  subscriptionId: string,
): Promise<void> {
  try {
    await recordOperation(env.deps.app, {
      id: req.id,
      subscriptionId,
      httpStatus: failure?.status ?? outcome?.status ?? reply.statusCode,
      ...(failure ? { error: { code: failure.code, message: failure.message } } : {}),
      asynchronous: outcome?.asynchronous === true,
    });
  } catch (e) {
    env.deps.logger.warn(
      { reqId: req.id, err: e instanceof Error ? e.message : String(e) },
      'operation record not written',
    );
  }
}
