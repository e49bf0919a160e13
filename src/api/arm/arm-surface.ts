/**
 * The ARM surface as the API pipeline runs it (docs/api.md, ARM surface): which requests are
 * ARM's (first path segment `subscriptions`, any case), the check order of its gate
 * (authentication 401/403 → rate limit → route and method 404/405 → api-version 400), its
 * dispatch and its error form.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { authenticateArm, type PresentedIdentity } from '../../app/authenticate.js';
import type { Subscription } from '../../domain/tenant.js';
import { formatArmError } from '../../wire/arm/error-json.js';
import { QueryParams } from '../query.js';
import { Router } from '../router.js';
import type { ApiDeps } from '../types.js';
import { ArmError, toArmWireError, type ArmWireError } from './arm-errors.js';
import { checkApiVersion } from './arm-request.js';
import { ARM_ROUTES, PLUMBING_ROUTES } from './arm-routes.js';
import type { ArmHandler } from './arm-types.js';

const JSON_TYPE = 'application/json; charset=utf-8';

/** First path segment `subscriptions` (classic subscription ids are GUIDs, so no overlap). */
export function isArmPath(path: string): boolean {
  return /^\/subscriptions(?:[/?]|$)/i.test(path);
}

/** An ARM request after its gate. */
export interface ArmRouted {
  readonly handler: ArmHandler;
  readonly route: string;
  readonly params: Record<string, string>;
  readonly query: QueryParams;
  readonly subscription: Subscription;
  readonly apiVersion: string;
}

const router = new Router<ArmHandler>(ARM_ROUTES);

/** The subscription segment as written (raw decoding; an undecodable one matches nothing). */
function subscriptionSegment(path: string): string {
  const seg = path.split('/')[2] ?? '';
  try {
    return decodeURIComponent(seg);
  } catch {
    return '';
  }
}

export async function armGate(
  deps: ApiDeps,
  req: FastifyRequest,
  path: string,
  rawQuery: string,
  who: PresentedIdentity,
  /** The rate limit (throws ServerBusy): after authentication, so tenants do not share a budget. */
  rateLimit: (subscriptionId: string) => void,
): Promise<ArmRouted> {
  const subscription = await authenticateArm(deps.app, subscriptionSegment(path), who);
  rateLimit(subscription.id);
  const m = router.match(req.method, path);
  if (m.kind === 'none')
    throw new ArmError(404, 'NotFound', 'The requested resource or route does not exist.');
  if (m.kind === 'wrong-method') {
    const allow = Object.keys(m.route.methods).join(', ');
    throw new ArmError(
      405,
      'MethodNotAllowed',
      `The HTTP method ${req.method} is not supported on this resource; use ${allow}.`,
      allow,
    );
  }
  const query = new QueryParams(rawQuery);
  const apiVersion = checkApiVersion(query, PLUMBING_ROUTES.has(m.route.name));
  return {
    handler: m.handler,
    route: `${req.method} ${m.route.name}`,
    params: { ...m.params, sub: subscription.id },
    query,
    subscription,
    apiVersion,
  };
}

export async function armDispatch(
  deps: ApiDeps,
  req: FastifyRequest,
  reply: FastifyReply,
  routed: ArmRouted,
): Promise<string | undefined> {
  const outcome = await routed.handler({
    deps,
    req,
    params: routed.params,
    query: routed.query,
    body: typeof req.body === 'string' ? req.body : '',
    subscription: routed.subscription,
    apiVersion: routed.apiVersion,
  });
  reply.code(outcome.status);
  if (outcome.json !== undefined && req.method !== 'HEAD') {
    reply.header('content-type', JSON_TYPE);
    return JSON.stringify(outcome.json);
  }
  reply.header('content-length', '0');
  return undefined;
}

/** Writes the ARM error answer; returns the body (none for HEAD). */
export function armErrorAnswer(
  e: unknown,
  req: FastifyRequest,
  reply: FastifyReply,
): { wire: ArmWireError; body: string | undefined } {
  const w = toArmWireError(e);
  if (w.retryAfterSeconds !== undefined) reply.header('retry-after', String(w.retryAfterSeconds));
  if (w.status === 401) reply.header('www-authenticate', 'Bearer');
  if (w.allow !== undefined) reply.header('allow', w.allow);
  reply.code(w.status);
  if (req.method === 'HEAD') {
    reply.header('content-length', '0');
    return { wire: w, body: undefined };
  }
  reply.header('content-type', JSON_TYPE);
  return { wire: w, body: formatArmError(w.code, w.message) };
}
