import { once } from 'node:events';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { Pool } from 'undici';
import { fromAbortSignal } from './deadline.js';
import { send } from './send.js';

/** Requests and connections of the warm-up: enough for undici's hot path to leave the interpreter. */
const REQUESTS = 256;
const CONNECTIONS = 8;
/** A warm-up that has not finished by then is given up (it never delays an attempt anyway). */
const TIMEOUT_MS = 10_000;

/**
 * Warms this thread's HTTP client at start-up, before the first due attempt (docs/engine.md,
 * "Speed"; docs/engine-measurements.md, "The start-of-run lateness"): undici compiles its HTTP
 * parser (WebAssembly) on its first connection, and its request path and `send` run unoptimised
 * at first. Left to the first due attempts, that made the first
 * exchanges of a run take 50–150 ms: the per-host limit filled up and every occurrence due in
 * that time started late. Here the thread sends a few hundred requests over a throwaway pool to an
 * HTTP server of its own on the loopback interface, so no job target is contacted and the egress
 * policy (which governs job targets) is not involved. Never rejects.
 */
export async function warmUpHttp(): Promise<void> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    answer(socket);
  });
  const signal = fromAbortSignal(AbortSignal.timeout(TIMEOUT_MS));
  let pool: Pool | undefined;
  try {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/warm-up`);
    const client = new Pool(url.origin, { connections: CONNECTIONS });
    pool = client;
    const lane = async (): Promise<void> => {
      for (let i = 0; i < REQUESTS / CONNECTIONS && !signal.aborted; i++) {
        await send(client, {
          url,
          method: 'POST',
          headers: [['content-type', 'text/plain']],
          body: 'warm-up',
          maxBodyBytes: 1024,
          signal,
        });
      }
    };
    await Promise.all(Array.from({ length: CONNECTIONS }, lane));
  } catch {
    // A warm-up that fails (no loopback interface, say) costs the first attempts their cold start.
  } finally {
    await pool?.destroy().catch(() => undefined);
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

const RESPONSE = 'HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 2\r\n\r\nok';

/**
 * A minimal HTTP/1.1 responder on a raw socket: answers each request (head, then the body its
 * content-length gives) with 200 "ok". Not node:http: its native parser aborts the process when the
 * thread is terminated mid-parse (Node 20, "ToLocalChecked Empty MaybeLocal"), and the engine's
 * tests terminate the executor thread on purpose.
 */
function answer(socket: Socket): void {
  let buffered = '';
  socket.on('error', () => socket.destroy());
  socket.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('latin1');
    for (;;) {
      const end = buffered.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(buffered.slice(0, end))?.[1] ?? 0);
      if (buffered.length < end + 4 + length) return;
      buffered = buffered.slice(end + 4 + length);
      socket.write(RESPONSE);
    }
  });
}
