import type { FailureStreak } from '../../logging/failure-streak.js';
import { StoreUnavailable } from '../../ports/store.js';
import type { RequestContext } from './request-context.js';
import { surfaceOf } from './detect-surface.js';
import type { PipelineEnv, Stage } from './stage.js';

/** A failure at any stage becomes the surface's error form; unexpected causes are logged, not answered. */
export type FailureStage = (ctx: RequestContext, err: unknown) => void;

/**
 * One per pipeline (pipeline.ts), so the store-down streak (`storeDown`, shared with the
 * noteStoreBack stage) counts every request of it. The store down answers every request 503: logged
 * when it begins and once a minute while it lasts (failure-streak.ts), not once per request with a
 * stack.
 */
export function renderFailure(env: PipelineEnv, storeDown: FailureStreak): FailureStage {
  return (ctx, err) => {
    // A listener stage may refuse a request before any surface was picked.
    const surface = ctx.surface ?? surfaceOf(env.surfaces, ctx.path);
    const failure = surface.renderError(err);
    ctx.failure = failure;
    ctx.outcome = undefined;
    if (err instanceof StoreUnavailable) {
      storeDown.failed(err, 'requests answered 503 ServerBusy: the store is unavailable', {
        reqId: ctx.req.id,
      });
    } else if (failure.unexpected) {
      env.deps.logger.error(
        {
          reqId: ctx.req.id,
          method: ctx.req.method,
          err: err instanceof Error ? { message: err.message, stack: err.stack } : String(err),
        },
        'request failed unexpectedly',
      );
    }
  };
}

/** A request the handler answered ends a store-down streak: one line says the store answers again. */
export function noteStoreBack(storeDown: FailureStreak): Stage {
  return (ctx) => {
    if (ctx.outcome !== undefined && ctx.failure === undefined)
      storeDown.succeeded('requests: the store answers again');
  };
}
