// Runs a real `takt serve` process (node bin/takt.js) and waits for its ready line — no polling, no
// sleeps. Builds dist/ first when it is missing (`npm test` builds it in pretest). The one spawner of
// the tests and the benchmarks.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export const ROOT = join(import.meta.dirname, '..');

export interface Connection {
  readonly url: string;
  readonly subscriptionId: string;
  readonly caCertPath: string;
  readonly certPath: string;
  readonly keyPath: string;
  readonly token: string;
}

export interface TaktProcess {
  readonly child: ChildProcess;
  readonly url: string;
  /** Everything printed on standard output up to the ready line. */
  readonly banner: string;
  /** Standard error so far (JSON log lines). */
  stderr(): string;
  /** Sends SIGTERM and resolves to the exit code. */
  stop(): Promise<number | null>;
}

export function ensureBuilt(): void {
  if (existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) return;
  // tsc emits even when some file has type errors; only a missing output is fatal.
  spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
    { cwd: ROOT, stdio: 'ignore' },
  );
  if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js')))
    throw new Error('npm run build did not produce dist/cli/main.js');
}

/** Starts `takt serve <args>`; resolves once it printed `Takt is ready`, rejects if it exits first. */
export async function startTakt(
  args: readonly string[],
  env: Record<string, string | undefined> = {},
): Promise<TaktProcess> {
  ensureBuilt();
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'takt.js'), 'serve', ...args], {
    cwd: ROOT,
    env: { ...process.env, TAKT_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = once(child, 'exit');
  let banner = '';
  const lines = createInterface({ input: child.stdout });
  const ready = new Promise<string>((resolve, reject) => {
    lines.on('line', (line) => {
      banner += `${line}\n`;
      const m = /^Takt is ready: (\S+)/.exec(line);
      if (m) resolve(m[1]!);
    });
    void exited.then(([code]) =>
      reject(new Error(`takt serve exited with ${String(code)} before it was ready:\n${banner}${err}`)),
    );
  });
  const url = await ready;
  return {
    child,
    url,
    banner,
    stderr: () => err,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const [code] = (await exited) as [number | null];
      return code;
    },
  };
}

export function readConnection(dataDir: string): Connection {
  return JSON.parse(readFileSync(join(dataDir, 'connection.json'), 'utf8')) as Connection;
}
