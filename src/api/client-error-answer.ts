/**
 * The answer to a request Node's HTTP parser could not read at all (bad framing, a header too large, a client
 * too slow to send its headers): Node's `clientError`, which never reaches Fastify's routing or error
 * handler. Fastify's default writes a JSON body; each API promises its own error form for every
 * failure (classic `<Error>`, docs/reference/classic-operations.md §8.1; ARM `{"error":…}`, docs/api.md),
 * so Takt writes the form of the surface the request line's path belongs to on the raw socket. The
 * connection is closed afterwards: the parser cannot tell where the next request would start.
 *
 * The bytes Node hands over with the error are only the chunk that failed. When that chunk does not
 * begin with the request line (an oversized header section over TLS fails in a later record than its
 * request line; a timeout, 408, comes with no bytes at all) the answer is in the classic form. Knowing
 * the path there would take a `data` listener on every connection, and any such listener turns off
 * Node's native parsing of the socket: +8 µs of CPU per request on a bare HTTPS route (medians of six
 * 5 s runs, 34.8 against 42.8 µs, with a listener that only compares two bytes; 2026-12-06), a sixth
 * of a GET job, for the form of an error no Azure client provokes (docs/api.md).
 */
import type { Socket } from 'node:net';
import { badRequest } from '../domain/errors.js';
import type { ApiDeps } from './api-deps.js';
import { surfaceOf } from './pipeline/detect-surface.js';
import type { Surface } from './pipeline/surface.js';

/** How long a refused connection may take to flush its answer before it is cut. */
const DRAIN_GRACE_MS = 5000;

interface ClientAnswer {
  readonly status: number;
  readonly reason: string;
  readonly message: string;
}

/** Keeps Node's statuses (a 408 tells a slow client why it was cut off); the code is BadRequest. */
function answerFor(code: unknown): ClientAnswer {
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return { status: 408, reason: 'Request Timeout', message: 'The request was not received in time.' };
  }
  if (code === 'HPE_HEADER_OVERFLOW') {
    return {
      status: 431,
      reason: 'Request Header Fields Too Large',
      message: 'The request headers exceed the size limit.',
    };
  }
  return {
    status: 400,
    reason: 'Bad Request',
    message: 'The request could not be read: malformed HTTP framing or headers.',
  };
}

/** The path of the request line at the start of what the parser was reading, when there is one. */
const REQUEST_LINE = /^[!-~]+ (\/[^ ?\r\n]*)/;

function pathOf(rawPacket: unknown): string {
  if (!Buffer.isBuffer(rawPacket)) return '';
  return REQUEST_LINE.exec(rawPacket.subarray(0, 8192).toString('latin1'))?.[1] ?? '';
}

export function clientErrorAnswer(
  deps: Pick<ApiDeps, 'version' | 'app'>,
  surfaces: readonly Surface[],
): (err: Error & { code?: unknown; rawPacket?: unknown }, socket: Socket) => void {
  return (err, socket) => {
    // A reset or already-destroyed socket has nobody left to answer.
    if (err.code === 'ECONNRESET' || socket.destroyed) return;
    // The status stays Node's; the body and its type are the surface's BadRequest.
    writeRawAnswer(deps, surfaces, socket, answerFor(err.code), pathOf(err.rawPacket), err);
  };
}

/**
 * A CONNECT request (a proxy's tunnel): Node hands it to the `connect` event, and without a listener
 * closes the connection with no answer at all. Takt is no proxy: 405 in the error form of the
 * surface of the target's path (an authority-form target, `host:443`, has none: classic).
 */
export function connectAnswer(
  deps: Pick<ApiDeps, 'version' | 'app'>,
  surfaces: readonly Surface[],
): (req: { url?: string }, socket: Socket) => void {
  const a = {
    status: 405,
    reason: 'Method Not Allowed',
    message: 'CONNECT is not supported: Takt is not a proxy.',
  };
  return (req, socket) => {
    if (socket.destroyed) return;
    const url = req.url ?? '';
    writeRawAnswer(deps, surfaces, socket, a, url.startsWith('/') ? url.split('?')[0]! : '', undefined);
  };
}

function writeRawAnswer(
  deps: Pick<ApiDeps, 'version' | 'app'>,
  surfaces: readonly Surface[],
  socket: Socket,
  a: ClientAnswer,
  path: string,
  err: Error | undefined,
): void {
  const { clock, ids } = deps.app;
  const rendered = surfaceOf(surfaces, path).renderError(badRequest(a.message));
  const body = Buffer.from(rendered.body, 'utf8');
  if (!socket.writable) {
    socket.destroy(err);
    return;
  }
  const now = clock.now();
  // The headers every response carries (docs/api.md, "Response rules"), these ones too.
  const head =
    `HTTP/1.1 ${a.status} ${a.reason}\r\n` +
    `x-ms-request-id: ${ids.requestId(now)}\r\n` +
    `Date: ${new Date(now).toUTCString()}\r\n` +
    `Content-Type: ${rendered.contentType}\r\n` +
    `Content-Length: ${body.length}\r\n` +
    `Cache-Control: no-cache\r\n` +
    `Server: Takt/${deps.version}\r\n` +
    `Connection: close\r\n\r\n`;
  // One write, then end: destroying at once could drop bytes still inside the TLS layer. A peer
  // that never reads must not hold the socket, hence the bounded grace period.
  socket.end(Buffer.concat([Buffer.from(head, 'latin1'), body]));
  setTimeout(() => socket.destroy(), DRAIN_GRACE_MS).unref();
}
