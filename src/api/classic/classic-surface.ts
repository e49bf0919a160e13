/**
 * The classic Azure Scheduler surface (docs/api.md): XML and JSON resources under
 * `/{subscriptionId}/…`, `x-ms-version` checked before routing, errors as `<Error>` XML. With the
 * pipeline this gives the check order of docs/reference/classic-operations.md §8.3: authentication (403) →
 * x-ms-version (400) → route and method (404/400) → query → body → existence → validation →
 * If-Match → conflicts; the last five live in the handlers and use cases.
 */
import { authenticate } from '../../app/authenticate.js';
import { clip } from '../../domain/clip.js';
import { DomainError } from '../../domain/errors.js';
import { formatErrorXml } from '../../wire/xml/error-xml.js';
import { ACCEPTED_CODING } from '../content-encoding.js';
import type { Handler } from '../handler.js';
import type { Surface } from '../pipeline/surface.js';
import { segmentAt } from '../path-segment.js';
import { Router, type RouteSpec } from '../router.js';
import { toWireError } from '../to-wire-error.js';
import { classicRoutes } from './classic-routes.js';

const VERSION = /^\d{4}-\d{2}-\d{2}$/;
const XML = 'application/xml; charset=utf-8';

/** The subscription id is the first segment, whatever the rest of the path looks like. */
const firstSegment = (path: string): string => segmentAt(path, 1);

/** `extraRoutes`: more classic-style routes, authenticated like the rest. */
export function classicSurface(extraRoutes: readonly RouteSpec<Handler>[] = []): Surface {
  const router = new Router<Handler>(classicRoutes(extraRoutes));
  return {
    name: 'classic',
    matches: () => true,
    subscriptionOf: firstSegment,
    authenticate,
    checkVersion(req) {
      const version = req.headers['x-ms-version'];
      // Node joins a header sent twice into one value ("a, b"): the same version twice is that
      // version (a client's library and its caller may both set it); two different ones are refused.
      const versions = typeof version === 'string' ? version.split(',').map((v) => v.trim()) : [];
      if (versions.length === 0 || !versions.every((v) => VERSION.test(v))) {
        throw new DomainError(
          'MissingOrIncorrectVersionHeader',
          'The x-ms-version header is missing or malformed; send a version such as 2013-03-01.',
        );
      }
      if (versions.some((v) => v !== versions[0])) {
        throw new DomainError(
          'MissingOrIncorrectVersionHeader',
          `The x-ms-version header is sent more than once with different values (${clip(String(version))}); send one version.`,
        );
      }
    },
    route(method, path) {
      const m = router.match(method, path);
      if (m.kind === 'none')
        throw new DomainError('ResourceNotFound', 'The requested resource does not exist.');
      if (m.kind === 'wrong-method')
        throw new DomainError(
          'InvalidHttpVerb',
          `The HTTP verb ${method} is not supported on this resource.`,
        );
      return { handler: m.handler, name: m.label, params: m.params };
    },
    renderError(err) {
      const w = toWireError(err);
      const headers: Record<string, string> = {};
      if (w.retryAfterSeconds !== undefined) headers['retry-after'] = String(w.retryAfterSeconds);
      if (w.code === 'UnsupportedMediaType') headers['accept-encoding'] = ACCEPTED_CODING;
      return {
        status: w.status,
        code: w.code,
        message: w.message,
        contentType: XML,
        body: formatErrorXml(w.code, w.message),
        ...(Object.keys(headers).length > 0 ? { headers } : {}),
        unexpected: w.unexpected,
      };
    },
  };
}
