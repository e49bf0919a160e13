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
  const replaced = new Set(input.tracking.map(([n]) => n.toLowerCase()));
  if (input.authorization !== undefined) replaced.add('authorization');
  const out: [string, string][] = [];
  for (const [name, value] of input.jobHeaders) {
    const lower = name.toLowerCase();
    if (COMPUTED_HEADERS.has(lower) || replaced.has(lower)) continue;
    out.push([name, value]);
  }
  const has = (name: string): boolean => out.some(([n]) => n.toLowerCase() === name);
  if (input.sendsBody && !has('content-type')) out.push(['Content-Type', 'text/plain; charset=utf-8']);
  if (!has('user-agent')) out.push(['User-Agent', input.userAgent]);
  for (const [name, value] of input.tracking) out.push([name, value]);
  if (input.authorization !== undefined) out.push(['Authorization', input.authorization]);
  return out;
}

/** `Basic base64(UTF-8 "username:password")`. */
export function basicAuthorization(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}

/** GET and HEAD never carry a body, even when one is stored. */
export function methodSendsBody(method: string): boolean {
  return method !== 'GET' && method !== 'HEAD';
}
