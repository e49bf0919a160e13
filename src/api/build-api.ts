/**
 * The classic Azure Scheduler REST surface as a Fastify instance (not listening: the composition
 * root calls `listen`). One catch-all route runs every request through the check order of
 * docs/reference/classic-api.md §8.3: authentication (403) → x-ms-version (400) → route and method (404/400) →
 * query → body → existence → validation → If-Match → conflicts; the last five live in the
 * handlers and use cases.
 */
import type { ServerOptions as HttpServerOptions } from 'node:http';
import type { ServerOptions as HttpsServerOptions } from 'node:https';
import fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
} from 'fastify';
import { authenticate } from '../app/authenticate.js';
import { recordOperation } from '../app/operations.js';
import { DomainError } from '../domain/errors.js';
import { formatErrorXml } from '../wire/xml/error-xml.js';
import { clientErrorAnswer } from './client-error.js';
import { tlsAndBearerCredentials } from './credentials.js';
import { BODY_LIMIT_BYTES, toWireError, type WireError } from './error-table.js';
import { QueryParams } from './query.js';
import { SubscriptionRateLimiter } from './rate-limiter.js';
import { Router, type RouteSpec } from './router.js';
import { classicRoutes } from './routes.js';
import type { ApiDeps, Handler, Outcome } from './types.js';

export interface BuildApiOptions {
  /** Passed to Fastify (e.g. `https: { key, cert, requestCert: true, rejectUnauthorized: false }`). */
  readonly serverOptions?: Omit<FastifyServerOptions, 'logger' | 'genReqId' | 'bodyLimit'> & {
    readonly https?: HttpsServerOptions | null;
    /** Options of a plain-HTTP server (e.g. headersTimeout). */
    readonly http?: HttpServerOptions;
  };
  /** Extra classic-style routes (authenticated like the rest), e.g. the run-now extension. */
  readonly extraRoutes?: readonly RouteSpec<Handler>[];
  /**
   * Called before the catch-all route is added, to register other routes on the same server
   * (`/metrics`, the dashboard). Such routes bypass the classic pipeline but keep the common headers.
   */
  readonly extend?: (app: FastifyInstance) => void;
}

const XML = 'application/xml; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';
const MUTATING = new Set(['PUT', 'POST', 'PATCH', 'DELETE']);
const VERSION = /^\d{4}-\d{2}-\d{2}$/;

interface RequestState {
  /** Set once the request is authenticated: such mutating requests leave an operation record. */
  subscriptionId?: string;
  handler?: Handler;
  params?: Record<string, string>;
  query?: QueryParams;
  error?: WireError;
  asynchronous?: boolean;
  /** Route template for metrics, e.g. 'PUT job' (never the raw path: it carries tenant names). */
  route?: string;
}

/** Monitoring paths stay reachable under overload, so operators can see what is happening. */
const OPS_PATHS = new Set(['/healthz', '/readyz', '/metrics']);
/** Seconds a client is asked to wait when the in-flight cap is reached. */
const BUSY_RETRY_AFTER_SECONDS = 1;

/** The subscription id is the first segment, whatever the rest of the path looks like. */
function firstSegment(path: string): string {
  const seg = path.split('/')[1] ?? '';
  try {
    return decodeURIComponent(seg);
  } catch {
    return '';
  }
}

/** The metrics label of a request: a classic route's name, another route's template, or 'unmatched'. */
function routeLabel(req: FastifyRequest, s: RequestState | undefined): string {
  if (s?.route !== undefined) return s.route;
  const template = req.routeOptions.url;
  if (template === undefined || template === '/' || template === '/*') return 'unmatched';
  return `${req.method} ${template}`;
}

export function buildApi(deps: ApiDeps, options: BuildApiOptions = {}): FastifyInstance {
  const app = fastify({
    ...(options.serverOptions ?? {}),
    logger: false,
    requestIdHeader: false,
    genReqId: () => deps.app.ids.hex32(),
    bodyLimit: BODY_LIMIT_BYTES,
    exposeHeadRoutes: false,
    // Fastify's own 503 while closing is JSON; Takt answers ServerBusy in the XML error form instead.
    return503OnClosing: false,
    // Requests Node's parser cannot read never reach routing: answered in the <Error> form too.
    clientErrorHandler: clientErrorAnswer(deps.version),
    // Requests Fastify refuses before routing (e.g. an undecodable URL) still get the wire error form.
    frameworkErrors: (err: Error, req: FastifyRequest, reply: FastifyReply) => {
      const w = toWireError(err);
      void reply
        .code(w.status === 500 ? 400 : w.status)
        .header('x-ms-request-id', req.id)
        .header('cache-control', 'no-cache')
        .header('server', `Takt/${deps.version}`)
        .header('content-type', XML)
        .send(formatErrorXml('BadRequest', 'The request URL or headers could not be read.'));
    },
  } as FastifyServerOptions) as unknown as FastifyInstance;
  const router = new Router<Handler>(classicRoutes(options.extraRoutes));
  const credentials = deps.credentials ?? tlsAndBearerCredentials;
  const states = new WeakMap<FastifyRequest, RequestState>();
  const stateOf = (req: FastifyRequest): RequestState => {
    let s = states.get(req);
    if (!s) states.set(req, (s = {}));
    return s;
  };

  const limiter = deps.overload
    ? new SubscriptionRateLimiter(
        { ratePerSecond: deps.overload.rateLimitPerSecond, burst: deps.overload.rateLimitBurst },
        () => deps.app.clock.now(),
      )
    : undefined;
  const maxInFlight = deps.overload?.maxInFlightRequests ?? Number.POSITIVE_INFINITY;
  let inFlight = 0;

  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });

  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-ms-request-id', req.id);
    reply.header('cache-control', 'no-cache');
    reply.header('server', `Takt/${deps.version}`);
    if (closing) {
      reply.header('connection', 'close');
      throw new DomainError('ServerBusy', 'The server is shutting down. Please retry the request.', 5);
    }
    // Counted until the response is finished or the client went away ('close' fires either way).
    inFlight += 1;
    reply.raw.once('close', () => (inFlight -= 1));
    if (inFlight > maxInFlight && !OPS_PATHS.has(req.url.split('?')[0] ?? '')) {
      throw new DomainError(
        'ServerBusy',
        `The server is handling its maximum of ${maxInFlight} concurrent requests. Please retry the request.`,
        BUSY_RETRY_AFTER_SECONDS,
      );
    }
  });

  // Every body is read as text, whatever its Content-Type; the route decides how to parse it.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));

  app.setErrorHandler(async (err, req, reply) => {
    const w = toWireError(err);
    stateOf(req).error = w;
    if (w.unexpected) {
      deps.logger.error(
        {
          reqId: req.id,
          method: req.method,
          err: err instanceof Error ? { message: err.message, stack: err.stack } : String(err),
        },
        'request failed unexpectedly',
      );
    }
    if (w.retryAfterSeconds !== undefined) reply.header('retry-after', String(w.retryAfterSeconds));
    reply.code(w.status).header('content-type', XML);
    return formatErrorXml(w.code, w.message);
  });

  // The operation record is written before the response leaves (a client may poll at once).
  app.addHook('onSend', async (req, reply, payload) => {
    const s = states.get(req);
    if (!s?.subscriptionId || !MUTATING.has(req.method)) return payload;
    try {
      await recordOperation(deps.app, {
        id: req.id,
        subscriptionId: s.subscriptionId,
        httpStatus: reply.statusCode,
        ...(s.error ? { error: { code: s.error.code, message: s.error.message } } : {}),
        asynchronous: s.asynchronous === true,
      });
    } catch (e) {
      deps.logger.warn(
        { reqId: req.id, err: e instanceof Error ? e.message : String(e) },
        'operation record not written',
      );
    }
    return payload;
  });

  app.addHook('onResponse', async (req, reply) => {
    const route = routeLabel(req, states.get(req));
    deps.metrics?.apiRequest(route, reply.statusCode, reply.elapsedTime);
    deps.logger.debug(
      {
        reqId: req.id,
        method: req.method,
        route,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
  });

  app.get('/healthz', async (_req, reply) => {
    const ready = deps.isReady ? deps.isReady() : true;
    reply.code(ready ? 200 : 503).header('content-type', 'text/plain; charset=utf-8');
    return ready ? 'ok' : 'not ready';
  });

  options.extend?.(app);

  /** Steps 1–3 of the check order; the rest happen in the handler. */
  const gate = async (req: FastifyRequest): Promise<void> => {
    const s = stateOf(req);
    const url = req.raw.url ?? '/';
    const q = url.indexOf('?');
    const path = q >= 0 ? url.slice(0, q) : url;
    const sub = firstSegment(path);
    const subscription = await authenticate(deps.app, sub, credentials.read(req));
    // After authentication, so one tenant cannot spend another's budget; before the subscription is
    // noted, so a refused request writes no operation record (that would be the very load refused).
    const wait = limiter?.take(subscription.id) ?? 0;
    if (wait > 0) {
      throw new DomainError(
        'ServerBusy',
        `The subscription exceeded its request rate limit of ${deps.overload?.rateLimitPerSecond ?? 0} requests per second. Retry after ${wait} second(s).`,
        wait,
      );
    }
    s.subscriptionId = subscription.id;
    const version = req.headers['x-ms-version'];
    if (typeof version !== 'string' || !VERSION.test(version.trim())) {
      throw new DomainError(
        'MissingOrIncorrectVersionHeader',
        'The x-ms-version header is missing or malformed; send a version such as 2013-03-01.',
      );
    }
    const m = router.match(req.method, path);
    if (m.kind === 'none')
      throw new DomainError('ResourceNotFound', 'The requested resource does not exist.');
    if (m.kind === 'wrong-method') {
      throw new DomainError(
        'InvalidHttpVerb',
        `The HTTP verb ${req.method} is not supported on this resource.`,
      );
    }
    s.handler = m.handler;
    s.route = `${req.method} ${m.route.name}`;
    s.params = { ...m.params, sub: subscription.id };
    s.query = new QueryParams(q >= 0 ? url.slice(q + 1) : '');
  };

  const dispatch = async (req: FastifyRequest, reply: FastifyReply): Promise<string | undefined> => {
    const s = stateOf(req);
    if (!s.handler || !s.params || !s.query) throw new DomainError('InternalError', 'request was not routed');
    const outcome: Outcome = await s.handler({
      deps,
      req,
      params: s.params,
      query: s.query,
      body: typeof req.body === 'string' ? req.body : '',
      requestId: req.id,
    });
    s.asynchronous = outcome.asynchronous === true;
    reply.code(outcome.status);
    if (outcome.etag !== undefined) reply.header('etag', outcome.etag);
    if (outcome.json !== undefined) {
      reply.header('content-type', JSON_TYPE);
      return JSON.stringify(outcome.json);
    }
    if (outcome.xml !== undefined) {
      reply.header('content-type', XML);
      return outcome.xml;
    }
    reply.header('content-length', '0');
    return undefined;
  };

  const route = { onRequest: gate, handler: dispatch };
  app.all('/', route);
  app.all('/*', route);
  app.setNotFoundHandler(async (req, reply) => {
    // Methods Fastify does not route at all still follow the check order.
    await gate(req);
    return dispatch(req, reply);
  });
  return app;
}
