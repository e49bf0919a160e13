/** History messages of the HTTP action (docs/reference/scheduling-rules.md §6.1). */

/** A URL's host without port or IPv6 brackets. */
export function hostnameOf(url: URL): string {
  const host = url.hostname;
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** Same-named headers (ignoring case) are joined with `, ` at the first one's place. */
export function mergeHeaders(headers: readonly (readonly [string, string])[]): [string, string][] {
  const out: [string, string][] = [];
  const index = new Map<string, number>();
  for (const [name, value] of headers) {
    const at = index.get(name.toLowerCase());
    const existing = at === undefined ? undefined : out[at];
    if (existing) existing[1] = `${existing[1]}, ${value}`;
    else {
      index.set(name.toLowerCase(), out.length);
      out.push([name, value]);
    }
  }
  return out;
}

export function responseMessage(
  host: string,
  statusText: string,
  headers: readonly (readonly [string, string])[],
  body: string,
): string {
  const lines = mergeHeaders(headers)
    .map(([n, v]) => `${n}: ${v}\r\n`)
    .join('');
  return `Http Action - Response from host '${host}': '${statusText}' Response Headers: ${lines} Body: ${body}`;
}

export function failureMessage(host: string, reason: string): string {
  return `Http Action - Request to host '${host}' failed: ${reason}`;
}

export const TOO_MANY_REDIRECTS = 'Too many redirects.';

/** `Could not obtain an OAuth token: <detail>.` without doubling a final period. */
export function oauthFailureReason(detail: string): string {
  return `Could not obtain an OAuth token: ${detail.replace(/\.+$/, '')}.`;
}
