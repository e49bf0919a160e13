import { DomainError } from '../../domain/errors.js';
import type { PipelineEnv, Stage } from './stage.js';

/** The operation itself, once Fastify has read the body (as text: the handler parses it). */
export function runHandler(env: PipelineEnv): Stage {
  return async (ctx) => {
    const { routed, query, req } = ctx;
    if (routed === undefined || query === undefined)
      throw new DomainError('InternalError', 'request was not routed');
    ctx.syncFailuresBefore = env.deps.app.store.syncFailures();
    ctx.outcome = await routed.handler({
      deps: env.deps,
      req,
      params: routed.params,
      query,
      body: typeof req.body === 'string' ? req.body : '',
      requestId: req.id,
    });
  };
}
