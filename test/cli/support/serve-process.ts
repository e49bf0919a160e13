// A real `takt serve` child process on a free port with its own data directory.
//
// A wait on something the server should do (a sink request, a history entry) would hang until the
// runner's 300 s timeout if the server died meanwhile; `whileRunning` ends such a wait as soon as
// the process exits, with its output. `stop` copes with a process that is already gone (also one
// killed by a signal, whose `exitCode` stays null) and kills it hard if SIGTERM is not enough.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ServeProcess {
  readonly dataDir: string;
  readonly profile: string;
  readonly url: string;
  /** Resolves like `p`, or rejects once the server process exits before `p` settles. */
  whileRunning<T>(p: Promise<T>): Promise<T>;
  stop(): Promise<void>;
}

const MAIN = new URL('./takt-main.ts', import.meta.url).pathname;
/** How long a SIGTERM'd server may take to drain before it is killed (a bound, not an expectation). */
const STOP_GRACE_MS = 20_000;

export async function startServe(extraEnv: Record<string, string> = {}): Promise<ServeProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'takt-serve-'));
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', MAIN, 'serve', '--data-dir', dataDir, '--port', '0', '--log-level', 'warn'],
    {
      env: { ...process.env, ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const exited = once(child, 'exit').then(
    ([code, signal]) => `takt serve exited (code ${String(code)}, signal ${String(signal)}):\n${output}`,
  );
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (c: Buffer) => {
      output += c.toString();
      const m = /Takt is ready: (\S+)/.exec(output);
      if (m) resolve(m[1]!);
    });
    void exited.then((why) => reject(new Error(why)));
  });
  const gone = (): boolean => child.exitCode !== null || child.signalCode !== null;
  return {
    dataDir,
    profile: join(dataDir, 'connection.json'),
    url,
    // Not Promise.race: a rejection derived from `exited` after `p` settled would go unhandled.
    whileRunning: <T>(p: Promise<T>) =>
      new Promise<T>((resolve, reject) => {
        p.then(resolve, reject);
        void exited.then((why) => reject(new Error(why)));
      }),
    stop: async () => {
      if (!gone()) {
        child.kill('SIGTERM');
        const hard = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
        await exited;
        clearTimeout(hard);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
