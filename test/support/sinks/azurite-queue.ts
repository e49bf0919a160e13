// A real Azurite queue service (npm `azurite`) for tests: in memory, on a free loopback port, in its
// own process. Started in a `before` hook and stopped after; the port is read from its start-up line.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Azurite's well-known development account (public, documented by Microsoft). */
export const DEV_ACCOUNT = 'devstoreaccount1';
export const DEV_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface AzuriteQueue {
  readonly port: number;
  /** Path-style endpoint template for Takt: `http://127.0.0.1:<port>/{account}`. */
  readonly endpointTemplate: string;
  /** `http://127.0.0.1:<port>/devstoreaccount1` */
  readonly accountUrl: string;
  stop(): Promise<void>;
}

export async function startAzuriteQueue(): Promise<AzuriteQueue> {
  const require = createRequire(import.meta.url);
  const main = join(dirname(require.resolve('azurite/package.json')), 'dist/src/queue/main.js');
  // Azurite writes nothing with in-memory persistence, but runs in a scratch directory anyway.
  const cwd = mkdtempSync(join(tmpdir(), 'takt-azurite-'));
  const child: ChildProcess = spawn(
    process.execPath,
    [
      main,
      '--queueHost',
      '127.0.0.1',
      '--queuePort',
      '0',
      '--inMemoryPersistence',
      '--extentMemoryLimit',
      '64',
      '--silent',
      '--disableTelemetry',
      '--skipApiVersionCheck',
    ],
    { cwd, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const m = /listens on https?:\/\/[^:]+:(\d+)/.exec(output);
      if (m) resolve(Number(m[1]));
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`azurite exited (${code}) before listening: ${output}`)));
    child.once('error', reject);
  });
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(cwd, { recursive: true, force: true });
  };
  return {
    port,
    endpointTemplate: `http://127.0.0.1:${port}/{account}`,
    accountUrl: `http://127.0.0.1:${port}/${DEV_ACCOUNT}`,
    stop,
  };
}
