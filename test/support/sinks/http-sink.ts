// A recording HTTP or HTTPS server on 127.0.0.1 for executor tests. Each test installs a responder;
// tests await recorded requests through events, never by sleeping.
import { EventEmitter, once } from 'node:events';
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  /** Pairs as received (rawHeaders), names in the sender's casing. */
  readonly headers: readonly (readonly [string, string])[];
  readonly body: Buffer;
  /** CN of the verified client certificate, if one was presented and trusted. */
  readonly clientCertCn?: string;
}

export type Responder = (req: RecordedRequest, res: ServerResponse) => void;

export interface SinkTls {
  readonly certPem: string;
  readonly keyPem: string;
  /** CA whose client certificates are accepted (they are requested but optional). */
  readonly clientCaPem?: string;
}

export function header(req: RecordedRequest, name: string): string | undefined {
  return req.headers.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1];
}

export class HttpSink extends EventEmitter {
  readonly requests: RecordedRequest[] = [];
  responder: Responder = (_req, res) => res.end('ok');
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();

  private constructor(tls?: SinkTls) {
    super();
    const onRequest = (req: IncomingMessage, res: ServerResponse): void => this.handle(req, res);
    this.server = tls
      ? createHttpsServer(
          {
            cert: tls.certPem,
            key: tls.keyPem,
            ...(tls.clientCaPem ? { ca: tls.clientCaPem, requestCert: true, rejectUnauthorized: false } : {}),
          },
          onRequest,
        )
      : createHttpServer(onRequest);
    const track = (s: Socket): void => {
      if (this.sockets.has(s)) return;
      this.sockets.add(s);
      s.on('close', () => {
        this.sockets.delete(s);
        if (this.sockets.size === 0) this.emit('no-sockets');
      });
    };
    this.server.on('connection', track);
    this.server.on('secureConnection', track);
  }

  /** Listens on `host` (another loopback address such as 127.0.0.2 works on Linux) and `port` (0: any free one). */
  static async start(tls?: SinkTls, host = '127.0.0.1', port = 0): Promise<HttpSink> {
    const sink = new HttpSink(tls);
    sink.server.listen(port, host);
    await once(sink.server, 'listening');
    return sink;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  url(path = '/', host = '127.0.0.1'): string {
    const scheme =
      this.server instanceof EventEmitter && 'setSecureContext' in this.server ? 'https' : 'http';
    return `${scheme}://${host}:${this.port}${path}`;
  }

  /** Resolves with the next request the sink receives (its headers and body fully read). */
  nextRequest(): Promise<RecordedRequest> {
    return once(this, 'request').then(([r]) => r as RecordedRequest);
  }

  /** Client connections open right now (for HTTPS, the TCP socket and its TLS socket each count). */
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

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers: [string, string][] = [];
      for (let i = 0; i + 1 < req.rawHeaders.length; i += 2)
        headers.push([req.rawHeaders[i]!, req.rawHeaders[i + 1]!]);
      const socket = req.socket as TLSSocket;
      const cn =
        typeof socket.getPeerCertificate === 'function' && socket.authorized
          ? String(socket.getPeerCertificate().subject?.CN ?? '')
          : undefined;
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers,
        body: Buffer.concat(chunks),
        ...(cn ? { clientCertCn: cn } : {}),
      };
      this.requests.push(recorded);
      this.responder(recorded, res);
      this.emit('request', recorded);
    });
  }
}
