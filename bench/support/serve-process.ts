// Starts a real `takt serve` process on a fresh data dir (support/serve.ts, the one spawner of the
// tests and benchmarks) with the admin's TLS material at hand. Shared by the API, engine and cluster
// benchmarks.
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { httpsRequest, type HttpsAnswer } from '../../support/https-request.js';
import { readConnection, startTakt, type Connection } from '../../support/serve.js';

export interface ServeProcess {
  readonly child: ChildProcess;
  readonly dataDir: string;
  readonly connection: Connection;
  readonly tls: { ca: string; cert: string; key: string };
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  const srv = createServer();
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const port = (srv.address() as { port: number }).port;
  srv.close();
  return port;
}

export async function startServe(
  extraArgs: readonly string[] = [],
  env: Record<string, string> = {},
  dataDir = mkdtempSync(join(tmpdir(), 'takt-bench-')),
): Promise<ServeProcess> {
  const proc = await startTakt(['--data-dir', dataDir, '--port', '0', ...extraArgs], env);
  const connection = readConnection(dataDir);
  const tls = {
    ca: readFileSync(connection.caCertPath, 'utf8'),
    cert: readFileSync(connection.certPath, 'utf8'),
    key: readFileSync(connection.keyPath, 'utf8'),
  };
  return {
    child: proc.child,
    dataDir,
    connection,
    tls,
    stop: async () => {
      await proc.stop();
    },
  };
}

/** One HTTPS request with the admin client certificate, on a kept-alive connection. */
export function call(
  sp: ServeProcess,
  method: string,
  path: string,
  body?: string,
  contentType = 'application/json',
): Promise<HttpsAnswer> {
  return httpsRequest(new URL(path, sp.connection.url).toString(), {
    method,
    ...sp.tls,
    headers: { 'x-ms-version': '2013-03-01', ...(body !== undefined ? { 'content-type': contentType } : {}) },
    ...(body !== undefined ? { body } : {}),
    keepAlive: true,
  });
}
