// A TCP server on 127.0.0.1 that answers HTTP requests with bytes the test writes itself, for
// responses Node's http server cannot produce (empty reason phrase, no headers at all, exact header
// order and casing, endless bodies, never answering). Tests await its events, never sleep.
import { EventEmitter, once } from 'node:events';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';

export interface RawRequest {
  /** Request line and headers as received, up to the blank line. */
  readonly head: string;
  readonly body: Buffer;
  readonly socket: Socket;
}

/** Writes the response (or not) for one request. */
export type RawResponder = (req: RawRequest) => void;

export class RawSink extends EventEmitter {
  responder: RawResponder = (req) => req.socket.end('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
  readonly requests: RawRequest[] = [];
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();

  private constructor() {
    super();
    this.server = createServer((socket) => this.accept(socket));
  }

  static async start(): Promise<RawSink> {
    const sink = new RawSink();
    sink.server.listen(0, '127.0.0.1');
    await once(sink.server, 'listening');
    return sink;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  url(path = '/'): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  nextRequest(): Promise<RawRequest> {
    return once(this, 'request').then(([r]) => r as RawRequest);
  }

  /** Open client connections right now. */
  get openSockets(): number {
    return this.sockets.size;
  }

  /** Resolves once no client connection is open (at once if none is). */
  async noSockets(): Promise<void> {
    if (this.sockets.size > 0) await once(this, 'no-sockets');
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    this.server.close();
    await once(this.server, 'close');
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => {
      this.sockets.delete(socket);
      if (this.sockets.size === 0) this.emit('no-sockets');
    });
    socket.on('error', () => undefined); // the client may reset; that is what some tests do
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      for (;;) {
        const end = buffered.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buffered.subarray(0, end).toString('latin1');
        const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
        if (buffered.length < end + 4 + length) return;
        const body = buffered.subarray(end + 4, end + 4 + length);
        buffered = buffered.subarray(end + 4 + length);
        const req: RawRequest = { head, body, socket };
        this.requests.push(req);
        this.responder(req);
        this.emit('request', req);
      }
    });
  }
}
