import { armSurface } from './arm/arm-surface.js';
import { classicSurface } from './classic/classic-surface.js';
import type { Handler } from './handler.js';
import type { Surface } from './pipeline/surface.js';
import type { RouteSpec } from './router.js';

/**
 * The API surfaces on the listener, in detection order: a surface claims the paths its `matches`
 * accepts; the last one takes every other path. A new surface is one more entry here.
 */
export function apiSurfaces(extraRoutes: readonly RouteSpec<Handler>[] = []): Surface[] {
  return [armSurface(), classicSurface(extraRoutes)];
}
