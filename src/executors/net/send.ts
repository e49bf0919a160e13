import type { Dispatcher } from 'undici';
import type { AttemptSignal } from './deadline.js';
import { transportReason } from './reason.js';
import { statusText } from './status-text.js';

export interface RawRequest {
  readonly url: URL;
  readonly method: string;
  /** Names and values in sending order; undici adds Host and Content-Length. */
  readonly headers: readonly (readonly [string, string])[];
  readonly body?: string | Buffer;
  /** Bytes of the body kept; beyond this the connection is closed. */
  readonly maxBodyBytes: number;
  readonly signal: AttemptSignal;
}

export interface RawResponse {
  readonly status: number;
  /** Reason phrase as received (may be empty). */
  readonly reason: string;
  /** In received order, names as received. */
  readonly headers: readonly (readonly [string, string])[];
  readonly body: Buffer;
  /** The body was longer than maxBodyBytes and the connection was closed. */
  readonly truncated: boolean;
}

class BodyCapReached extends Error {}

/**
 * The connection failed after the status line had arrived. The target did answer, so the history
 * says with what: the transport's "other side closed" alone reads as if it never had.
 */
class ResponseCutOffError extends Error {}

/** An abort (deadline, cancellation) is not one: it keeps its own reason (the caller checks). */
function cutOff(status: number, reason: string, cause: Error): ResponseCutOffError {
  const text = `The response '${statusText(status, reason)}' was cut off while its body was read`;
  return new ResponseCutOffError(`${text}: ${transportReason(cause)}`, { cause });
}

/**
 * One request/response exchange on `dispatcher`, without redirects. It uses undici's dispatch
 * handler (rather than `request()`) because only that exposes the reason phrase and the header
 * names as received, and lets the body be cut after `maxBodyBytes` by destroying the connection.
 * Rejects with the signal's reason when it aborts, or with the transport error.
 */
export function send(dispatcher: Dispatcher, req: RawRequest): Promise<RawResponse> {
  return new Promise<RawResponse>((resolve, reject) => {
    let settled = false;
    let abortFn: ((err?: Error) => void) | undefined;
    let status = 0;
    let reason = '';
    let headers: [string, string][] = [];
    const chunks: Buffer[] = [];
    let size = 0;

    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      stopListening();
      fn();
    };
    const abortError = (): Error =>
      req.signal.reason instanceof Error ? req.signal.reason : new Error('The request was aborted.');
    function onAbort(): void {
      const err = abortError();
      abortFn?.(err);
      finish(() => reject(err));
    }
    if (req.signal.aborted) {
      reject(abortError());
      return;
    }
    // Declared here, used by finish(): nothing calls finish() before this line runs.
    const stopListening = req.signal.onAbort(onAbort);

    const handler: Dispatcher.DispatchHandler = {
      onConnect(abort) {
        abortFn = abort;
        if (settled) abort(new Error('settled'));
      },
      onHeaders(statusCode, rawHeaders, _resume, statusText) {
        if (statusCode < 200) return true; // 1xx informational: wait for the final response
        status = statusCode;
        reason = statusText;
        headers = [];
        for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
          headers.push([String(rawHeaders[i]), String(rawHeaders[i + 1])]);
        }
        return true;
      },
      onData(chunk) {
        const room = req.maxBodyBytes - size;
        if (chunk.length > room) {
          if (room > 0) chunks.push(chunk.subarray(0, room));
          size = req.maxBodyBytes;
          finish(() => resolve({ status, reason, headers, body: Buffer.concat(chunks), truncated: true }));
          abortFn?.(new BodyCapReached('body cap reached'));
          return false;
        }
        chunks.push(chunk);
        size += chunk.length;
        return true;
      },
      onComplete() {
        finish(() => resolve({ status, reason, headers, body: Buffer.concat(chunks), truncated: false }));
      },
      onError(err) {
        finish(() => reject(status > 0 && !req.signal.aborted ? cutOff(status, reason, err) : err));
      },
    };

    const flat: string[] = [];
    for (const [name, value] of req.headers) flat.push(name, value);
    try {
      dispatcher.dispatch(
        {
          origin: req.url.origin,
          path: `${req.url.pathname}${req.url.search}`,
          method: req.method,
          headers: flat,
          body: req.body ?? null,
        },
        handler,
      );
    } catch (err) {
      finish(() => reject(err instanceof Error ? err : new Error(String(err))));
    }
  });
}
