import { surfaceIn } from './authenticate-request.js';
import type { Stage } from './stage.js';

/** The surface's version rule before routing (classic: `x-ms-version`, 400 when missing). */
export const checkVersion: Stage = (ctx) => surfaceIn(ctx).checkVersion(ctx.req);
