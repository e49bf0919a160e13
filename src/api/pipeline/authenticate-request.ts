import type { RequestContext } from './request-context.js';
import type { Surface } from './surface.js';
import type { PipelineEnv, Stage } from './stage.js';

/** The client's certificate or bearer token must be valid for the path's subscription. */
export function authenticateRequest(env: PipelineEnv): Stage {
  return async (ctx) => {
    const surface = surfaceIn(ctx);
    const presented = env.credentials.read(ctx.req);
    const subscription = await surface.authenticate(
      env.deps.app,
      surface.subscriptionOf(ctx.path),
      presented,
    );
    ctx.subscriptionId = subscription.id;
  };
}

/** The surface chosen by detectSurface (a stage order mistake otherwise). */
export function surfaceIn(ctx: RequestContext): Surface {
  if (ctx.surface === undefined) throw new Error('no surface detected before this stage');
  return ctx.surface;
}
