/**
 * The dashboard's server side, on the API's own Fastify instance (same port), registered through
 * `buildApi(deps, { extend: (app) => registerDashboard(app, { app: appDeps }) })`:
 *
 *   GET  / and /dashboard       the page (built into dist/web/); assets under /dashboard/assets/,
 *                               the icon at /favicon.ico
 *   GET  /dashboard/session     who is signed in (+ the CSRF token), 401 otherwise
 *   POST /dashboard/session     sign in with an API token: { "token": "…" }
 *   DELETE /dashboard/session   sign out
 *   POST /dashboard/preview     next occurrences of a job definition being edited
 *   *    /dashboard/api/<path>  the classic API at /{subscription}/<path>, called in-process with
 *                               the session's token: the page sees exactly the API's answers and
 *                               validation messages, and no rule is implemented twice.
 *
 * CSRF: the session cookie is SameSite=Strict, and every change also needs the `x-takt-csrf` header
 * with the session's token, which a cross-site page can neither read nor send. Sign-in takes only
 * application/json, which a cross-site form cannot send (no login CSRF).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hashToken } from '../app/admin/credentials.js';
import { authenticate } from '../app/authenticate.js';
import type { AppDeps } from '../app/deps.js';
import { isDomainError } from '../domain/errors.js';
import type { WireLimits } from '../domain/limits.js';
import { TICKS_PER_MS } from '../domain/time.js';
import { toWireError } from '../api/to-wire-error.js';
import { previewFor } from './preview-route.js';
import { proxyTarget } from './proxy-path.js';
import { SignInThrottle } from './sign-in-throttle.js';
import { cookieValue, SESSION_COOKIE, sessionCookie, SessionStore, type Session } from './sessions.js';
import { CONTENT_SECURITY_POLICY, DEFAULT_WEB_ROOT, loadStaticFiles } from './static-files.js';

export interface DashboardDeps {
  readonly app: AppDeps;
  /** The deployment's definition limits and shortest retry interval, as the API enforces them. */
  readonly limits: WireLimits;
  readonly minRetryIntervalMs: number;
  /** Folder of the static client (default: web/ of the package). */
  readonly webRoot?: string;
}

const ASSETS = ['index.html', 'app.js', 'app.css', 'favicon.svg'] as const;
const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const API_PREFIX = '/dashboard/api/';

function fail(reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  return reply
    .code(status)
    .header('content-type', 'application/json; charset=utf-8')
    .send(JSON.stringify({ error: { code, message } }));
}

function jsonBody(req: FastifyRequest): unknown {
  const raw = req.body;
  if (typeof raw !== 'string' || raw === '') return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

type Guard = (req: FastifyRequest, reply: FastifyReply) => Session | undefined;

export function registerDashboard(fastify: FastifyInstance, deps: DashboardDeps): void {
  const throttle = new SignInThrottle(() => deps.app.clock.now());
  const sessions = new SessionStore(deps.app.clock, { onSweep: () => throttle.sweep() });
  fastify.addHook('onClose', (_app, done) => {
    sessions.stop();
    done();
  });
  const guard = sessionGuard(sessions);
  registerPage(fastify, loadStaticFiles(deps.webRoot ?? DEFAULT_WEB_ROOT, ASSETS));
  registerSessionRoutes(fastify, deps, sessions, throttle, guard);
  fastify.post('/dashboard/preview', async (req, reply) => {
    const s = guard(req, reply);
    if (!s) return reply;
    try {
      const rules = {
        limits: deps.limits,
        minRetryIntervalTicks: deps.minRetryIntervalMs * TICKS_PER_MS,
      };
      return reply.send({ occurrences: await previewFor(deps.app, s, req, jsonBody(req), rules) });
    } catch (e) {
      // A bad definition (400), a job gone (404), a revoked token (403), the store away (503).
      const w = toWireError(e);
      if (w.status < 500 || w.status === 503) return fail(reply, w.status, w.code, w.message);
      throw e;
    }
  });
  registerProxy(fastify, guard);
}

/** The page and its assets; no sign-in needed (they hold no data). */
function registerPage(fastify: FastifyInstance, files: ReturnType<typeof loadStaticFiles>): void {
  const serve = (name: (typeof ASSETS)[number]) => async (_req: FastifyRequest, reply: FastifyReply) => {
    const f = files.get(name);
    if (!f) return fail(reply, 404, 'ResourceNotFound', 'No such file.');
    return reply
      .header('content-type', f.type)
      .header('content-security-policy', CONTENT_SECURITY_POLICY)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .send(f.body);
  };
  // `/` itself belongs to the API's catch-all route (a classic client never asks for it), so the page
  // is answered from a hook before routing; `/dashboard` is the same page as a plain route.
  const page = serve('index.html');
  // Callback style, not async: this hook sees every API request, and an async one costs each a promise.
  fastify.addHook('onRequest', (req, reply, done) => {
    if (req.method !== 'GET' || !(req.url === '/' || req.url.startsWith('/?'))) return done();
    // Answered here: Fastify stops at a hook that sent the reply without calling done.
    page(req, reply).catch((e: unknown) => done(e instanceof Error ? e : new Error(String(e))));
  });
  fastify.get('/dashboard', page);
  fastify.get('/dashboard/assets/app.js', serve('app.js'));
  fastify.get('/dashboard/assets/app.css', serve('app.css'));
  // Browsers ask for /favicon.ico on their own; without this route the API's catch-all refused it.
  fastify.get('/favicon.ico', serve('favicon.svg'));
}

/** The signed-in session, or a 401/403 already sent. */
function sessionGuard(sessions: SessionStore): Guard {
  return (req, reply) => {
    const s = sessions.get(cookieValue(req.headers.cookie, SESSION_COOKIE));
    if (!s) {
      void fail(reply, 401, 'AuthenticationFailed', 'Sign in with an API token.');
      return undefined;
    }
    if (MUTATING.has(req.method) && req.headers['x-takt-csrf'] !== s.csrf) {
      void fail(reply, 403, 'ForbiddenError', 'Missing or wrong CSRF token; reload the page.');
      return undefined;
    }
    return s;
  };
}

/** Sign in (throttled per client address), who am I, sign out. */
function registerSessionRoutes(
  fastify: FastifyInstance,
  deps: DashboardDeps,
  sessions: SessionStore,
  throttle: SignInThrottle,
  guard: Guard,
): void {
  fastify.get('/dashboard/session', async (req, reply) => {
    const s = guard(req, reply);
    if (!s) return reply;
    // A session lives only as long as its token: revoked (or its subscription disabled), the page
    // is told it is signed out instead of being handed a CSRF token for calls that are all refused.
    try {
      await authenticate(deps.app, s.subscriptionId, { tokenHash: hashToken(s.token) });
    } catch (e) {
      if (!isDomainError(e)) throw e;
      sessions.delete(s.id);
      return fail(
        reply.header('set-cookie', sessionCookie('', 0)),
        401,
        'AuthenticationFailed',
        'The token of this session is no longer valid: sign in again.',
      );
    }
    return reply.send({ subscriptionId: s.subscriptionId, csrf: s.csrf });
  });

  fastify.post('/dashboard/session', async (req, reply) => {
    // Login CSRF: a cross-site form can post text/plain or form bodies but not application/json
    // (that needs a CORS preflight, which is never granted), so it cannot sign a victim in.
    const type = req.headers['content-type'] ?? '';
    if (!/^application\/json\s*(;|$)/i.test(type)) {
      return fail(reply, 415, 'BadRequest', 'content-type: must be application/json ({ "token": "…" })');
    }
    const body = jsonBody(req) as { token?: unknown } | undefined;
    const token = typeof body?.token === 'string' ? body.token.trim() : '';
    if (token === '') return fail(reply, 400, 'BadRequest', 'token: is required');
    // Taken before the lookup so parallel guesses cannot all pass; a success gives it back.
    const wait = throttle.take(req.ip);
    if (wait > 0) {
      return fail(
        reply.header('retry-after', String(wait)),
        429,
        'TooManyRequests',
        `Too many failed sign-ins from this address. Retry after ${wait} second(s).`,
      );
    }
    const tokenHash = hashToken(token);
    const found = await deps.app.store.findTokenByHash(tokenHash);
    try {
      if (!found) throw new Error('unknown token');
      await authenticate(deps.app, found.subscriptionId, { tokenHash });
    } catch (e) {
      const code = isDomainError(e) ? e.code : 'AuthenticationFailed';
      return fail(
        reply,
        403,
        code,
        code === 'ForbiddenError' ? 'The subscription is disabled.' : 'This token is not valid.',
      );
    }
    throttle.refund(req.ip);
    const s = sessions.create(found.subscriptionId.toLowerCase(), token);
    return reply
      .header('set-cookie', sessionCookie(s.id, 8 * 3600))
      .send({ subscriptionId: s.subscriptionId, csrf: s.csrf });
  });

  fastify.delete('/dashboard/session', async (req, reply) => {
    const s = guard(req, reply);
    if (!s) return reply;
    sessions.delete(s.id);
    return reply.header('set-cookie', sessionCookie('', 0)).code(200).send({});
  });
}

/** `/dashboard/api/<path>`: the classic API called in-process with the session's token. */
function registerProxy(fastify: FastifyInstance, guard: Guard): void {
  const proxy = async (req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const s = guard(req, reply);
    if (!s) return reply;
    // The session's subscription is always the first segment, and no reading of the path may leave it.
    const target = proxyTarget(s.subscriptionId, req.url.slice(API_PREFIX.length));
    if (!target.ok) return fail(reply, 400, 'BadRequest', target.reason);
    const answer = await fastify.inject({
      method: req.method as 'GET',
      url: target.url,
      headers: {
        authorization: `Bearer ${s.token}`,
        'x-ms-version': '2013-03-01',
        ...(typeof req.headers['content-type'] === 'string'
          ? { 'content-type': req.headers['content-type'] }
          : {}),
      },
      ...(typeof req.body === 'string' && req.body !== '' ? { payload: req.body } : {}),
    });
    const type = answer.headers['content-type'];
    if (typeof type === 'string') reply.header('content-type', type);
    return reply.code(answer.statusCode).send(answer.rawPayload);
  };
  for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const) {
    fastify.route({ method, url: `${API_PREFIX}*`, handler: proxy });
  }
}
