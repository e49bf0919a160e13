/** The most redirects followed for one attempt. */
export const MAX_REDIRECTS = 5;

export interface Hop {
  readonly url: URL;
  readonly method: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly body?: string;
}

export type RedirectDecision =
  | { readonly kind: 'final' }
  | { readonly kind: 'follow'; readonly hop: Hop }
  | { readonly kind: 'invalid'; readonly reason: string };

const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);
/** Headers that describe the body; dropped with it (fetch's "request-body-header names"). */
const BODY_HEADERS: ReadonlySet<string> = new Set([
  'content-type',
  'content-encoding',
  'content-language',
  'content-location',
]);

/**
 * Credentials a job may carry in its own headers, kept to the origin it named: fetch drops
 * `Authorization` when the origin changes, and undici's and curl's redirect handling drop `Cookie`
 * and `Proxy-Authorization` too; a job's session cookie must not reach the host it is redirected to.
 */
const ORIGIN_BOUND: ReadonlySet<string> = new Set(['authorization', 'proxy-authorization', 'cookie']);

/**
 * Fetch redirect semantics (docs/reference/scheduling-rules.md §6.1): 303, and 301/302 after POST, become GET
 * without a body; 307/308 keep method and body; Authorization, Proxy-Authorization and Cookie are dropped
 * when the origin changes (ORIGIN_BOUND). A redirect status without Location, or any other 3xx, is a final
 * response.
 */
export function nextHop(current: Hop, status: number, location: string | undefined): RedirectDecision {
  if (!REDIRECT_STATUSES.has(status) || location === undefined) return { kind: 'final' };
  let url: URL;
  try {
    url = new URL(location, current.url);
  } catch {
    return { kind: 'invalid', reason: 'The redirect location is not a valid URI.' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return {
      kind: 'invalid',
      reason: `The redirect location uses the unsupported scheme '${url.protocol.slice(0, -1)}'.`,
    };
  }
  url.hash = '';
  const toGet =
    (status === 303 && current.method !== 'GET' && current.method !== 'HEAD') ||
    ((status === 301 || status === 302) && current.method === 'POST');
  const crossOrigin = url.origin !== current.url.origin;
  const headers = current.headers.filter(([name]) => {
    const lower = name.toLowerCase();
    if (toGet && BODY_HEADERS.has(lower)) return false;
    if (crossOrigin && ORIGIN_BOUND.has(lower)) return false;
    return true;
  });
  const hop: Hop = toGet
    ? { url, method: 'GET', headers }
    : { url, method: current.method, headers, ...(current.body !== undefined ? { body: current.body } : {}) };
  return { kind: 'follow', hop };
}
