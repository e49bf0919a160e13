import type { Surface } from './surface.js';
import type { PipelineEnv, Stage } from './stage.js';

/** Picks the surface that owns the path (the last one listed takes the rest). */
export function detectSurface(env: PipelineEnv): Stage {
  return (ctx) => {
    ctx.surface = surfaceOf(env.surfaces, ctx.path);
  };
}

export function surfaceOf(surfaces: readonly Surface[], path: string): Surface {
  const last = surfaces[surfaces.length - 1];
  if (last === undefined) throw new Error('the API has no surface');
  for (const s of surfaces) if (s.matches(path)) return s;
  return last;
}
