// A plain-HTTP proxy in the test process in front of a real `takt serve` (HTTPS): it forwards every
// request unchanged and returns the server's answer, records what it forwarded, and can fail chosen
// requests (an Azure-shaped error, or a dropped connection) — the faults a real network or a busy
// front end produce, which a healthy server never does on cue.
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { request } from 'node:https';
import type { AddressInfo } from 'node:net';

export interface ProxiedRequest {
  readonly method: string;
  readonly path: string;
  readonly body: string;
}

export type Fault = { status: number; code: string; message: string } | 'drop' | undefined;

export class FaultProxy {
  readonly requests: ProxiedRequest[] = [];
  failWith: (req: ProxiedRequest) => Fault = () => undefined;

  private constructor(
    private readonly server: Server,
    private readonly target: string,
    private readonly ca: string,
  ) {}

  static async start(target: string, ca: string): Promise<FaultProxy> {
    const server = createServer();
    const proxy = new FaultProxy(server, target, ca);
    server.on('request', (req, res) => {
      void proxy.forward(req).then(
        (answer) => {
          if (answer === 'drop') return void res.socket?.destroy();
          res.writeHead(answer.status, answer.headers);
          res.end(answer.body);
        },
        () => res.socket?.destroy(),
      );
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, 'close');
  }

  private async forward(
    req: IncomingMessage,
  ): Promise<'drop' | { status: number; headers: Record<string, string>; body: Buffer }> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const seen: ProxiedRequest = { method: req.method ?? 'GET', path: req.url ?? '/', body: body.toString() };
    this.requests.push(seen);
    const fault = this.failWith(seen);
    if (fault === 'drop') return 'drop';
    if (fault)
      return {
        status: fault.status,
        headers: { 'content-type': 'application/xml; charset=utf-8' },
        body: Buffer.from(
          `<Error xmlns="http://schemas.microsoft.com/windowsazure"><Code>${fault.code}</Code><Message>${fault.message}</Message></Error>`,
        ),
      };
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers))
      if (typeof value === 'string' && name !== 'host' && name !== 'connection') headers[name] = value;
    return new Promise((resolve, reject) => {
      const out = request(
        `${this.target}${seen.path}`,
        { method: seen.method, headers, ca: this.ca, agent: false },
        (res) => {
          const parts: Buffer[] = [];
          res.on('data', (c: Buffer) => parts.push(c));
          res.on('end', () => {
            const h: Record<string, string> = {};
            for (const [name, value] of Object.entries(res.headers))
              if (typeof value === 'string' && !['transfer-encoding', 'connection'].includes(name))
                h[name] = value;
            resolve({ status: res.statusCode ?? 502, headers: h, body: Buffer.concat(parts) });
          });
        },
      );
      out.on('error', reject);
      out.end(body);
    });
  }
}
