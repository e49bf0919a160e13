/**
 * The API as a Fastify instance (not listening: the composition root calls `listen`). The request
 * pipeline (pipeline/pipeline.ts) decides what happens to a request; this file only runs its
 * groups at the matching points of Fastify's life cycle, and adds the routes that bypass it
 * (/healthz here; /readyz, /metrics and the dashboard through `extend`).
 */
import { createServer, type RequestListener, type Server } from 'node:http';
import fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerFactory,
  type FastifyServerOptions,
} from 'fastify';
import { badRequest } from '../domain/errors.js';
import type { ApiDeps } from './api-deps.js';
import { clientErrorAnswer, connectAnswer } from './client-error-answer.js';
import { checkContentEncoding, checkTransferEncoding } from './content-encoding.js';
import { tlsAndBearerCredentials } from './credentials.js';
import type { Handler } from './handler.js';
import { apiPipeline } from './pipeline/pipeline.js';
import { surfaceOf } from './pipeline/detect-surface.js';
import { newRequestContext, type RequestContext } from './pipeline/request-context.js';
import type { Stage } from './pipeline/stage.js';
import type { Surface } from './pipeline/surface.js';
import type { RouteSpec } from './router.js';
import { apiSurfaces } from './api-surfaces.js';
import { BODY_LIMIT_BYTES } from './to-wire-error.js';
import { decodeUtf8Body } from './utf8-body.js';

export interface BuildApiOptions {
  /**
   * Creates the Node server around Fastify's request handler (e.g. `https.createServer` with the
   * TLS options and slow-client timeouts). Default: a plain `http.createServer` (for `inject`).
   */
  readonly createServer?: (handler: RequestListener) => Server;
  /** Extra classic-style routes (authenticated like the rest), e.g. the run-now extension. */
  readonly extraRoutes?: readonly RouteSpec<Handler>[];
  /**
   * Called before the API's catch-all route is added, to register other routes on the same server
   * (`/metrics`, the dashboard). They bypass the pipeline's gate but keep its listener stages.
   */
  readonly extend?: (app: FastifyInstance) => void;
}

export function buildApi(deps: ApiDeps, options: BuildApiOptions = {}): FastifyInstance {
  let closing = false;
  const surfaces = apiSurfaces(options.extraRoutes);
  const pipeline = apiPipeline({
    deps,
    surfaces,
    credentials: deps.credentials ?? tlsAndBearerCredentials,
    isClosing: () => closing,
  });
  const late: LateBound = {};
  const app = fastify(serverOptions(deps, surfaces, options.createServer, late));
  app.decorateRequest('taktContext', undefined);
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });

  const listen = (req: FastifyRequest, reply: FastifyReply): void => {
    const ctx = newRequestContext(req, reply);
    req.taktContext = ctx;
    for (const stage of pipeline.listener) stage(ctx);
  };
  app.addHook('onRequest', (req, reply, done) => {
    try {
      listen(req, reply);
      done();
    } catch (e) {
      done(e instanceof Error ? e : new Error(String(e)));
    }
  });
  app.addHook('onResponse', (req, _reply, done) => {
    const ctx = req.taktContext;
    if (ctx) for (const stage of pipeline.done) stage(ctx);
    done();
  });

  addBodyParser(app);

  const contextOf = (req: FastifyRequest, reply: FastifyReply): RequestContext =>
    req.taktContext ?? (req.taktContext = newRequestContext(req, reply));
  const finish = async (ctx: RequestContext): Promise<FastifyReply> => {
    await runStages(pipeline.finish, ctx);
    return ctx.reply;
  };
  const failed = async (err: unknown, req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const ctx = contextOf(req, reply);
    pipeline.fail(ctx, err);
    return finish(ctx);
  };
  app.setErrorHandler(failed);

  addHealth(app, deps);
  options.extend?.(app);

  const gate = (req: FastifyRequest, reply: FastifyReply): Promise<void> =>
    runStages(pipeline.gate, contextOf(req, reply));
  const handle = async (req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const ctx = contextOf(req, reply);
    await runStages(pipeline.handle, ctx);
    return finish(ctx);
  };
  // Fastify never reads a GET body, so nothing happens between the gate and the handler: a GET runs
  // gate, handle and finish in its handler, one async step instead of an onRequest hook and three
  // nested ones (the hot read path). A throw goes to the error handler either way.
  const getStages = [...pipeline.gate, ...pipeline.handle, ...pipeline.finish];
  const gateAndHandle = async (req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    await runStages(getStages, contextOf(req, reply));
    return reply;
  };
  // Every other method `app.all` would route keeps the gate as its onRequest hook.
  const withoutGet = app.supportedMethods.filter((m) => m !== 'GET');
  for (const url of ['/', '/*']) {
    app.get(url, gateAndHandle);
    app.route({ method: withoutGet, url, onRequest: gate, handler: handle });
  }
  late.badUrl = throughPipeline([listen, gate, handle], failed);
  app.setNotFoundHandler(async (req, reply) => {
    // Methods Fastify does not route at all still follow the check order.
    await gate(req, reply);
    return handle(req, reply);
  });
  return app;
}

/**
 * Every body is read as UTF-8 text, whatever its Content-Type; the handler decides how to parse it.
 * A content coding is refused first (content-encoding.ts).
 */
function addBodyParser(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (req, body, done) => {
    try {
      // An empty body has nothing to decode (a GET, whose body is never read, does not get here).
      if (body.length > 0) {
        checkTransferEncoding(req.headers['transfer-encoding']);
        checkContentEncoding(req.headers['content-encoding']);
      }
      done(null, decodeUtf8Body(Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8')));
    } catch (e) {
      done(e instanceof Error ? e : new Error(String(e)), undefined);
    }
  });
}

/** `/healthz`: `ok` once the node is ready; it bypasses the pipeline's gate (no credentials, no rate limit). */
function addHealth(app: FastifyInstance, deps: ApiDeps): void {
  app.get('/healthz', async (_req, reply) => {
    const ready = deps.isReady ? deps.isReady() : true;
    reply.code(ready ? 200 : 503).header('content-type', 'text/plain; charset=utf-8');
    return ready ? 'ok' : 'not ready';
  });
}

const NO_QUERY: Record<string, string> = Object.freeze({});

type BadUrlHandler = (req: FastifyRequest, reply: FastifyReply) => void;
/** What the server's options call but buildApi binds only once the pipeline's groups exist. */
interface LateBound {
  badUrl?: BadUrlHandler;
}
type Step = (req: FastifyRequest, reply: FastifyReply) => unknown;

/**
 * An undecodable path segment matches no route (docs/api.md): such a request — which Fastify's router
 * refuses before any hook — runs the listener stages, is authenticated and is answered like any path
 * without a route, instead of with a framework 400 before authentication. It is outside Fastify's
 * life cycle, so its failures are handed to the error path here (and no `done` stage counts it).
 */
function throughPipeline(
  steps: readonly Step[],
  failed: (err: unknown, req: FastifyRequest, reply: FastifyReply) => Promise<unknown>,
): BadUrlHandler {
  return (req, reply) => {
    const run = async (): Promise<void> => {
      for (const step of steps) await step(req, reply);
    };
    run()
      .catch((e: unknown) => failed(e, req, reply))
      .catch(() => reply.raw.destroy());
  };
}

/** Fastify's options: Takt's ids and body limit, and the wire error form for what never reaches routing. */
function serverOptions(
  deps: ApiDeps,
  surfaces: readonly Surface[],
  create: BuildApiOptions['createServer'],
  late: LateBound,
): FastifyServerOptions & {
  serverFactory: FastifyServerFactory;
} {
  return {
    serverFactory: (handler) => {
      const server = create ? create(handler) : createServer(handler);
      // An Expect other than 100-continue is ignored (RFC 9110 §10.1.1 makes the 417 a MAY): Node's
      // own answer would be a bare 417, without Takt's headers or error form (docs/api.md).
      server.on('checkExpectation', handler);
      // Without a listener Node closes a CONNECT's connection with no answer at all.
      server.on('connect', connectAnswer(deps, surfaces));
      // Node's own 400 for a missing Host is bare too; the pipeline answers it (require-host.ts).
      Object.assign(server, { requireHostHeader: false });
      return server;
    },
    logger: false,
    requestIdHeader: false,
    genReqId: () => deps.app.ids.requestId(deps.app.clock.now()),
    bodyLimit: BODY_LIMIT_BYTES,
    // Takt reads the query itself (query-params.ts: names matched case-insensitively, the last
    // repeat wins) and never `request.query`: the router's own parse of it would be wasted work.
    routerOptions: { querystringParser: () => NO_QUERY },
    exposeHeadRoutes: false,
    // RFC 9112 §3.2.2: a server must accept an absolute-form target (`GET https://host/path`).
    rewriteUrl: (req) => originForm(req.url ?? '/'),
    // Fastify's own 503 while closing is JSON; the pipeline answers ServerBusy in the surface's form.
    return503OnClosing: false,
    // Requests Node's parser cannot read never reach routing: answered in the <Error> form too.
    clientErrorHandler: clientErrorAnswer(deps, surfaces),
    // Requests Fastify refuses before routing (e.g. an undecodable URL) still get the wire error
    // form of the surface the path belongs to.
    frameworkErrors: (err: Error & { code?: unknown }, req: FastifyRequest, reply: FastifyReply) => {
      if (err.code === 'FST_ERR_BAD_URL' && late.badUrl) return late.badUrl(req, reply);
      const url = req.raw.url ?? '/';
      const q = url.indexOf('?');
      const surface = surfaceOf(surfaces, q >= 0 ? url.slice(0, q) : url);
      const failure = surface.renderError(badRequest('The request URL or headers could not be read.'));
      void reply
        .code(failure.status)
        .header('x-ms-request-id', req.id)
        .header('cache-control', 'no-cache')
        .header('server', `Takt/${deps.version}`)
        .header('content-type', failure.contentType)
        .send(failure.body);
    },
  };
}

const ABSOLUTE_FORM = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/;

/** The origin form of a request target: `https://host:1/a?b` → `/a?b`; others as they are. */
function originForm(url: string): string {
  if (url.charCodeAt(0) === 0x2f) return url;
  const m = ABSOLUTE_FORM.exec(url);
  if (!m) return url;
  const rest = url.slice(m[0].length);
  return rest.startsWith('/') ? rest : `/${rest}`;
}

/** Runs stages in order; a synchronous stage costs no extra turn of the event loop. */
async function runStages(stages: readonly Stage[], ctx: RequestContext): Promise<void> {
  for (const stage of stages) {
    const pending = stage(ctx);
    if (pending !== undefined) await pending;
  }
}
