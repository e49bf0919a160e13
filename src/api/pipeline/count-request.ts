import type { ListenerStage, PipelineEnv } from './stage.js';

/** Metrics and a debug line per response, labelled by route template, never by raw path. */
export function countRequest(env: PipelineEnv): ListenerStage {
  const { metrics, logger } = env.deps;
  return ({ req, reply, routed }) => {
    const route = routed?.name ?? templateOf(req.method, req.routeOptions.url, req.url);
    metrics?.apiRequest(route, reply.statusCode, reply.elapsedTime);
    logger.debug(
      {
        reqId: req.id,
        method: req.method,
        route,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
  };
}

/**
 * A non-API route's template (`GET /metrics`); the catch-alls and unknown paths are 'unmatched'. The
 * root itself is `GET /` (the dashboard's page, answered before routing under the catch-all `/`).
 */
function templateOf(method: string, template: string | undefined, url: string): string {
  if (template === '/' && (url === '/' || url.startsWith('/?'))) return `${method} /`;
  if (template === undefined || template === '/' || template === '/*') return 'unmatched';
  return `${method} ${template}`;
}
