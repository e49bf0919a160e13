/**
 * Headers Takt computes itself; a job's values for them are never sent (docs/reference/scheduling-rules.md §6.1).
 */
export const COMPUTED_HEADERS: ReadonlySet<string> = new Set([
  'host',
  'content-length',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'expect',
]);

export interface HeaderInputs {
  readonly jobHeaders: readonly (readonly [string, string])[];
  /** A body will be sent (not GET/HEAD, and one is stored). */
  readonly sendsBody: boolean;
  readonly userAgent: string;
  readonly tracking: readonly (readonly [string, string])[];
  /** From outbound authentication; replaces a job `Authorization` header. */
  readonly authorization?: string;
}

/**
 * The headers of the first hop, in order: job headers (minus computed, tracking and replaced ones),
 * then defaults (Content-Type, User-Agent), tracking headers and Authorization.
 */
export function composeHeaders(input: HeaderInputs): [string, string][] {
  const out: [string, string][] = [];
  let hasContentType = false;
  let hasUserAgent = false;
  for (const [name, value] of input.jobHeaders) {
    const lower = name.toLowerCase();
    if (COMPUTED_HEADERS.has(lower) || replaced(lower, input)) continue;
    if (lower === 'content-type') hasContentType = true;
    else if (lower === 'user-agent') hasUserAgent = true;
    out.push([name, value]);
  }
  if (input.sendsBody && !hasContentType) out.push(['Content-Type', 'text/plain; charset=utf-8']);
  if (!hasUserAgent) out.push(['User-Agent', input.userAgent]);
  for (const header of input.tracking) out.push([header[0], header[1]]);
  if (input.authorization !== undefined) out.push(['Authorization', input.authorization]);
  return out;
}

/** Whether Takt sends its own value of the header `lower` (a tracking header, Authorization). */
function replaced(lower: string, input: HeaderInputs): boolean {
  if (lower === 'authorization' && input.authorization !== undefined) return true;
  for (const [name] of input.tracking) if (name.toLowerCase() === lower) return true;
  return false;
}

/** `Basic base64(UTF-8 "username:password")`. */
export function basicAuthorization(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}

/** GET and HEAD never carry a body, even when one is stored. */
export function methodSendsBody(method: string): boolean {
  return method !== 'GET' && method !== 'HEAD';
}
