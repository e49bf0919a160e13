import type { RequestContext } from './request-context.js';
import { surfaceOf } from './detect-surface.js';
import type { PipelineEnv } from './stage.js';

/** A failure at any stage becomes the surface's error form; unexpected causes are logged, not answered. */
export type FailureStage = (ctx: RequestContext, err: unknown) => void;

export function renderFailure(env: PipelineEnv): FailureStage {
  return (ctx, err) => {
    // A listener stage may refuse a request before any surface was picked.
    const surface = ctx.surface ?? surfaceOf(env.surfaces, ctx.path);
    const failure = surface.renderError(err);
    ctx.failure = failure;
    ctx.outcome = undefined;
    if (failure.unexpected) {
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
