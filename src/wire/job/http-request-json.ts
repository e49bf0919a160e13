/**
 * `request` of an http/https action (docs/reference/classic-operations.md §6.4, docs/reference/scheduling-rules.md §7
 * limits).
 */
import { badRequest } from '../../domain/errors.js';
import type { HttpMethod, HttpRequest } from '../../domain/job.js';
import type { WireLimits } from '../../domain/limits.js';
import type { PlainSecret } from '../../domain/secret.js';
import { checkString, describe, JsonFields } from '../json-object.js';
import { firstNonLatin1, hasControlChar, hasSpaceOrControl } from '../text.js';
import type { FormatMode } from './context.js';
import { formatHttpAuthentication, parseHttpAuthentication } from './http-auth-json.js';

const METHODS: readonly HttpMethod[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
/** RFC 9110 token: what a header name must be to be sendable at all. */
export const HTTP_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export function parseHttpRequest(
  value: unknown,
  path: string,
  actionType: 'http' | 'https',
  limits: WireLimits,
): HttpRequest<PlainSecret> {
  const f = JsonFields.of(value, path);
  const uri = parseUri(f.requiredString('uri', { nonEmpty: true }), f.at('uri'), actionType, limits);
  const methodRaw = f.required('method');
  if (typeof methodRaw !== 'string') throw badRequest(`${f.at('method')}: must be a string`);
  const method = METHODS.find((m) => m === methodRaw.toUpperCase());
  if (!method)
    throw badRequest(`${f.at('method')}: must be one of ${METHODS.join(', ')}, got ${describe(methodRaw)}`);
  const headers = parseHeaders(f.get('headers'), f.at('headers'), limits);
  const body = f.optionalString('body', { max: limits.maxBodyChars });
  const authentication = parseHttpAuthentication(f.get('authentication'), f.at('authentication'));
  return {
    uri,
    method,
    headers,
    ...(body !== undefined ? { body } : {}),
    ...(authentication ? { authentication } : {}),
  };
}

function parseUri(uri: string, path: string, actionType: 'http' | 'https', limits: WireLimits): string {
  if (uri.length > limits.maxUriChars) {
    throw badRequest(`${path}: must be at most ${limits.maxUriChars} characters, got ${uri.length}`);
  }
  const scheme = uriScheme(uri);
  if (scheme === undefined) throw badRequest(`${path}: must be an absolute http or https URI`);
  // A URI is returned by every read; credentials in it would leak where a password never does.
  if (USERINFO.test(uri)) {
    throw badRequest(`${path}: must not hold credentials (user:password@); use authentication of type Basic`);
  }
  // The retired service accepted `type: http` with an https URI, but not the reverse.
  if (actionType === 'https' && scheme !== 'https:') {
    throw badRequest(`${path}: must be an https URI when the action type is https`);
  }
  return uri;
}

/**
 * Schemes of URIs already parsed: jobs target a handful of endpoints, and parsing a URL was a
 * visible share of a PUT job (~2 µs of ~140). Only good URIs are kept, at most URI_MEMO_SIZE of
 * them (the memo starts over when full), so a client cannot grow it with bad ones.
 */
const URI_MEMO_SIZE = 1024;
/**
 * `scheme://` and then a host, literally: the WHATWG parser repairs `http:/host`, `http:///host` and
 * `http:\\host` into `http://host/`, which .NET's Uri (and so the retired service) refused, and
 * which would send the job somewhere its stored URI does not say.
 */
const AUTHORITY_FORM = /^https?:\/\/[^/\\?#]/i;
/** An `@` in the authority (before the first `/`, `?` or `#` after `//`): userinfo. */
const USERINFO = /^https?:\/\/[^/\\?#]*@/i;
const uriSchemes = new Map<string, 'http:' | 'https:'>();

/** `http:` or `https:` for an absolute http(s) URI with a host; undefined for anything else. */
function uriScheme(uri: string): 'http:' | 'https:' | undefined {
  const known = uriSchemes.get(uri);
  if (known !== undefined) return known;
  let url: URL | undefined;
  try {
    // The URI must reach the HTTP client exactly as stored: no whitespace or controls that a URL
    // parser would silently trim or encode.
    url = hasSpaceOrControl(uri) || !AUTHORITY_FORM.test(uri) ? undefined : new URL(uri);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '')
    return undefined;
  if (uriSchemes.size >= URI_MEMO_SIZE) uriSchemes.clear();
  uriSchemes.set(uri, url.protocol);
  return url.protocol;
}

/** A JSON map of header name -> value, kept in the order given with names exactly as sent. */
function parseHeaders(value: unknown, path: string, limits: WireLimits): [string, string][] {
  if (value === undefined) return [];
  const f = JsonFields.of(value, path);
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > limits.maxHeaders) {
    throw badRequest(`${path}: at most ${limits.maxHeaders} headers are allowed, got ${entries.length}`);
  }
  const seen = new Map<string, string>();
  let total = 0;
  const out: [string, string][] = [];
  for (const [name, raw] of entries) {
    const at = f.at(name);
    if (!HTTP_TOKEN.test(name)) throw badRequest(`${at}: the header name must be an HTTP token`);
    const earlier = seen.get(name.toLowerCase());
    if (earlier !== undefined)
      throw badRequest(`${at}: repeats the header '${earlier}' (names are case-insensitive)`);
    seen.set(name.toLowerCase(), name);
    const v = checkString(raw, at);
    // Controls other than HTAB cannot be sent in a field value; CR/LF would split it.
    if (hasControlChar(v, true))
      throw badRequest(`${at}: the value must not contain CR, LF or other control characters`);
    const wide = firstNonLatin1(v);
    if (wide !== undefined) {
      const code = (wide.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
      throw badRequest(
        `${at}: the value must be Latin-1 text (an HTTP header carries one byte per character), got U+${code}`,
      );
    }
    total += name.length + v.length;
    out.push([name, v]);
  }
  if (total > limits.maxHeaderChars) {
    throw badRequest(
      `${path}: header names and values must total at most ${limits.maxHeaderChars} characters, got ${total}`,
    );
  }
  return out;
}

export function formatHttpRequest(
  r: HttpRequest<unknown>,
  mode: FormatMode,
  secret: (s: unknown) => string,
): Record<string, unknown> {
  const out: Record<string, unknown> = { uri: r.uri, method: r.method };
  if (r.headers.length > 0) out['headers'] = Object.fromEntries(r.headers);
  if (r.body !== undefined) out['body'] = r.body;
  if (r.authentication) out['authentication'] = formatHttpAuthentication(r.authentication, mode, secret);
  return out;
}
