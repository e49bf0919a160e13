// One HTTPS request and its whole answer, for tests and benchmarks that talk to a real `takt serve`.
import { request, type Agent } from 'node:https';

export interface HttpsAnswer {
  readonly status: number;
  readonly body: string;
  readonly headers: Record<string, string | string[] | undefined>;
}

/**
 * One HTTPS request trusting `ca`, optionally with a client certificate and a body. A fresh
 * connection each time, unless `keepAlive` (the benchmarks' seeding) reuses Node's global agent or
 * `agent` (tests making thousands of calls) is given; an agent may carry the CA itself.
 */
export function httpsRequest(
  url: string,
  options: {
    method?: string;
    ca?: string;
    cert?: string;
    key?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    keepAlive?: boolean;
    agent?: Agent;
  },
): Promise<HttpsAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: options.method ?? 'GET',
        ca: options.ca,
        cert: options.cert,
        key: options.key,
        headers: options.headers,
        ...(options.agent !== undefined
          ? { agent: options.agent }
          : options.keepAlive
            ? {}
            : { agent: false }),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            headers: res.headers,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

export const httpsGet = (
  url: string,
  options: { ca: string; cert?: string; key?: string; headers?: Record<string, string> },
): Promise<HttpsAnswer> => httpsRequest(url, options);
