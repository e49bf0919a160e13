import fastify, { type FastifyInstance } from 'fastify';
import type { MetricsExposition } from '../ports/metrics.js';

export interface OpsDeps {
  /** True once the node started and until it begins to stop. */
  readonly isReady: () => boolean;
  readonly metrics: MetricsExposition;
}

/**
 * `/readyz` and `/metrics` (Prometheus, unauthenticated like `/healthz`: operators scrape them from
 * inside their network; the series carry no tenant data). Registered on the API's listener, or on
 * the engine-only listener below.
 */
export function registerOpsRoutes(app: FastifyInstance, deps: OpsDeps): void {
  app.get('/readyz', async (_req, reply) => {
    const ready = deps.isReady();
    reply.code(ready ? 200 : 503).header('content-type', 'text/plain; charset=utf-8');
    return ready ? 'ready' : 'not ready';
  });
  app.get('/metrics', async (_req, reply) => {
    reply.header('content-type', deps.metrics.contentType);
    return deps.metrics.render();
  });
}

/**
 * `--role engine` serves no API: only `/healthz`, `/readyz` and `/metrics`, over plain HTTP on the
 * configured host and port (there is no TLS material on an engine-only node, and nothing secret here).
 */
export function buildOpsServer(deps: OpsDeps): FastifyInstance {
  const app = fastify({ logger: false });
  app.get('/healthz', async (_req, reply) => {
    reply.header('content-type', 'text/plain; charset=utf-8');
    return 'ok';
  });
  registerOpsRoutes(app, deps);
  return app;
}
