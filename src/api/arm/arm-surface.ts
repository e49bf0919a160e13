/**
 * The ARM surface (docs/api.md, ARM surface) as one more surface of the API pipeline: it owns the
 * paths whose first segment is `subscriptions` (any case; classic subscription ids are GUIDs, so
 * the two never overlap), authenticates with ARM's 401/403 distinctions, routes with 404 NotFound /
 * 405 MethodNotAllowed, checks the api-version after routing (the plumbing routes accept any
 * well-formed one), and answers errors as `{"error":{"code","message"}}`.
 */
import { authenticateArm } from '../../app/authenticate.js';
import { formatArmError } from '../../wire/arm/error-json.js';
import { ACCEPTED_CODING } from '../content-encoding.js';
import { segmentAt } from '../path-segment.js';
import type { Surface } from '../pipeline/surface.js';
import { Router } from '../router.js';
import { ArmError, toArmWireError } from './arm-errors.js';
import { checkApiVersion } from './arm-request.js';
import { ARM_ROUTES, PLUMBING_ROUTES } from './arm-routes.js';
import type { ArmHandler } from './arm-types.js';

const JSON_TYPE = 'application/json; charset=utf-8';
const ARM_PATH = /^\/subscriptions(?:\/|$)/i;

/** The subscription segment as written (an undecodable one authenticates nothing). */
function subscriptionSegment(path: string): string {
  // The third `/`-separated part, found without splitting the whole path (once per ARM request).
  const start = path.indexOf('/', 1) + 1;
  if (start === 0) return '';
  return segmentAt(path, start);
}

export function armSurface(): Surface {
  const router = new Router<ArmHandler>(ARM_ROUTES);
  return {
    name: 'arm',
    matches: (path) => ARM_PATH.test(path),
    subscriptionOf: subscriptionSegment,
    authenticate: authenticateArm,
    // The api-version rule depends on the route: checked in `route`, after 404/405.
    checkVersion: () => undefined,
    route(method, path, query) {
      const m = router.match(method, path);
      if (m.kind === 'none') {
        throw new ArmError(404, 'NotFound', 'The requested resource or route does not exist.');
      }
      if (m.kind === 'wrong-method') {
        const allow = Object.keys(m.route.methods).join(', ');
        throw new ArmError(
          405,
          'MethodNotAllowed',
          `The HTTP method ${method} is not supported on this resource; use ${allow}.`,
          allow,
        );
      }
      const apiVersion = checkApiVersion(query, PLUMBING_ROUTES.has(m.route.name));
      const handler = m.handler;
      return {
        // Built member by member: a spread of the call copies through a slow generic path.
        handler: (call) =>
          handler({
            deps: call.deps,
            req: call.req,
            params: call.params,
            query: call.query,
            body: call.body,
            requestId: call.requestId,
            apiVersion,
          }),
        name: m.label,
        params: m.params,
      };
    },
    renderError(err) {
      const w = toArmWireError(err);
      const headers: Record<string, string> = {};
      if (w.retryAfterSeconds !== undefined) headers['retry-after'] = String(w.retryAfterSeconds);
      if (w.status === 401) headers['www-authenticate'] = 'Bearer';
      if (w.allow !== undefined) headers['allow'] = w.allow;
      if (w.code === 'UnsupportedMediaType') headers['accept-encoding'] = ACCEPTED_CODING;
      return {
        status: w.status,
        code: w.code,
        message: w.message,
        contentType: JSON_TYPE,
        body: formatArmError(w.code, w.message),
        ...(Object.keys(headers).length > 0 ? { headers } : {}),
        unexpected: w.unexpected,
      };
    },
  };
}
