import { DomainError } from '../../domain/errors.js';
import { extend } from '../../domain/extend.js';
import { QueryParams } from '../query-params.js';
import { surfaceIn } from './authenticate-request.js';
import type { Stage } from './stage.js';

/** The surface's route table picks the handler; `sub` becomes the authenticated subscription id. */
export const routeRequest: Stage = (ctx) => {
  const subscriptionId = ctx.subscriptionId;
  if (subscriptionId === undefined) throw new DomainError('InternalError', 'routed before authentication');
  const query = new QueryParams(ctx.rawQuery);
  const routed = surfaceIn(ctx).route(ctx.req.method, ctx.path, query);
  ctx.query = query;
  ctx.routed = extend(routed, { params: extend(routed.params, { sub: subscriptionId }) });
};
