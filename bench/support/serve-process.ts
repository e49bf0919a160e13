// Starts a real `takt serve` process on a fresh data dir and waits until /healthz answers.
// Shared by the API, engine and cluster benchmarks.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync } from 'node:fs';
import { httpsRequest, type HttpsAnswer } from '../../test/support/takt-process.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Connection {
  readonly url: string;
  readonly subscriptionId: string;
  readonly caCertPath: string;
  readonly certPath: string;
  readonly keyPath: string;
  readonly token: string;
}

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

function healthy(url: string, ca: string): Promise<boolean> {
  return httpsRequest(new URL('/healthz', url).toString(), { ca }).then(
    (answer) => answer.status === 200,
    () => false,
  );
}

export async function startServe(
  extraArgs: readonly string[] = [],
  env: Record<string, string> = {},
  dataDir = mkdtempSync(join(tmpdir(), 'takt-bench-')),
): Promise<ServeProcess> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['bin/takt.js', 'serve', '--data-dir', dataDir, '--port', String(port), ...extraArgs],
    { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, ...env } },
  );
  const connPath = join(dataDir, 'connection.json');
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`takt serve exited with ${child.exitCode}`);
    if (Date.now() > deadline) throw new Error('takt serve did not become healthy within 60 s');
    try {
      const connection = JSON.parse(readFileSync(connPath, 'utf8')) as Connection;
      const ca = readFileSync(connection.caCertPath, 'utf8');
      if (await healthy(connection.url, ca)) {
        const tls = {
          ca,
          cert: readFileSync(connection.certPath, 'utf8'),
          key: readFileSync(connection.keyPath, 'utf8'),
        };
        return {
          child,
          dataDir,
          connection,
          tls,
          stop: async () => {
            if (child.exitCode !== null) return;
            child.kill('SIGTERM');
            await once(child, 'exit');
          },
        };
      }
    } catch {
      // not written yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
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
