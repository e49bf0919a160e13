import { recordOperation } from '../../app/operations.js';
import type { PipelineEnv, Stage } from './stage.js';

const MUTATING = new Set(['PUT', 'POST', 'PATCH', 'DELETE']);

/**
 * Every authenticated mutating request leaves an operation record under its request id, written
 * before the response leaves (a client may poll at once). A failed write is logged, not answered.
 */
export function writeOperationRecord(env: PipelineEnv): Stage {
  return async ({ req, reply, subscriptionId, outcome, failure }) => {
    if (subscriptionId === undefined || !MUTATING.has(req.method)) return;
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
  };
}
