/**
 * The one way the page talks to the server: same-origin fetch with the session cookie and the CSRF
 * header, errors turned into ApiError with the API's own code and message (JSON or Azure XML).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const UNANSWERED = 'the server did not answer (is takt serve running?).';

let csrf = '';
let onSignedOut: () => void = () => undefined;

export function setCsrf(token: string): void {
  csrf = token;
}
/** Called when any answer says the session is gone (401). */
export function whenSignedOut(fn: () => void): void {
  onSignedOut = fn;
}

function errorOf(status: number, text: string): ApiError {
  let code = `Http${status}`;
  let message = text || `HTTP ${status}`;
  if (text.startsWith('<')) {
    const doc = new DOMParser().parseFromString(text, 'application/xml');
    code = doc.getElementsByTagName('Code')[0]?.textContent ?? code;
    message = doc.getElementsByTagName('Message')[0]?.textContent ?? message;
  } else if (text.startsWith('{')) {
    try {
      const e = (JSON.parse(text) as { error?: { code?: string; message?: string } }).error ?? {};
      code = e.code ?? code;
      message = e.message ?? message;
    } catch {
      // not JSON after all: keep the text
    }
  }
  return new ApiError(status, code, message);
}

export interface Answer {
  readonly text: string;
  readonly type: string;
}

export async function send(method: string, path: string, body?: string, type?: string): Promise<Answer> {
  // A '.' or '..' segment would be removed by URL parsing and the request sent elsewhere.
  if (
    path
      .split('?')[0]!
      .split('/')
      .some((s) => s === '.' || s === '..')
  )
    throw new ApiError(400, 'BadRequest', `'.' and '..' cannot be names: a URL path cannot carry them`);
  const headers: Record<string, string> = { 'x-takt-csrf': csrf };
  if (body !== undefined) headers['content-type'] = type ?? 'application/json';
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body, credentials: 'same-origin' });
  } catch {
    // No answer at all (server down, network gone). Whether a change got through before the
    // connection broke is not known, so the message does not claim either.
    // A read changed nothing, so there is nothing to check before trying again.
    throw new ApiError(
      0,
      'Unreachable',
      `${UNANSWERED}${method === 'GET' ? '' : ' Reload to see what was saved before trying again.'}`,
    );
  }
  const text = await res.text();
  if (res.status === 401 && path !== '/dashboard/session') {
    onSignedOut();
    // Shown where the refused call's message goes (a form keeps it through signing in again).
    throw new ApiError(
      401,
      'SessionEnded',
      'Your session had ended, so this was not done: sign in again and retry.',
    );
  }
  if (!res.ok) throw errorOf(res.status, text);
  return { text, type: res.headers.get('content-type') ?? '' };
}

export async function json<T>(method: string, path: string, body?: unknown): Promise<T> {
  const a = await send(method, path, body === undefined ? undefined : JSON.stringify(body));
  return (a.text === '' ? null : JSON.parse(a.text)) as T;
}

export async function xml(method: string, path: string, body?: string): Promise<Document> {
  const a = await send(method, path, body, 'application/xml; charset=utf-8');
  return new DOMParser().parseFromString(a.text || '<Empty/>', 'application/xml');
}
