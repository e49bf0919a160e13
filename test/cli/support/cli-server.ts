// One real `takt serve` (SQLite, its own data directory) per test file, started by the shared
// spawner (support/serve.ts), and the CLI run in-process against it. `cli` uses the server's
// connection.json as the profile; `cliIn` runs with another working directory (e.g. one whose
// ./data/connection.json is the server's) and no --profile.
//
// A wait on something the server should do (a sink request, a history entry) would hang until the
// runner's timeout if the server died meanwhile; `whileRunning` ends such a wait as soon as the
// process exits, with its output.
import { once } from 'node:events';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readConnection, startTakt, type Connection, type TaktProcess } from '../../../support/serve.js';
import { runCli, type CliResult } from './run-cli.js';

export interface ServeProcess {
  readonly process: TaktProcess;
  readonly dataDir: string;
  readonly profile: string;
  readonly url: string;
  readonly connection: Connection;
  /** Resolves like `p`, or rejects once the server process exits before `p` settles. */
  whileRunning<T>(p: Promise<T>): Promise<T>;
  stop(): Promise<void>;
}

export interface CliServer {
  readonly serve: ServeProcess;
  /** `takt <args> --profile <the server's connection.json>`. */
  cli(...args: string[]): Promise<CliResult>;
  /** `takt <args>` run in `cwd` with `env`, without an added --profile. */
  cliIn(cwd: string, args: readonly string[], env?: Record<string, string>): Promise<CliResult>;
  /** A fresh folder whose `data` is the server's data directory (`./data/connection.json`). */
  localFolder(): string;
  /** A fresh empty folder, removed by `stop`. */
  tempFolder(): string;
  /** Resolves once `probe` answers true, asking again after each answer (bounded by `limit` tries). */
  until(what: string, probe: () => Promise<boolean>, limit?: number): Promise<void>;
  stop(): Promise<void>;
}

/** `takt serve` on a fresh data directory (removed by `stop`). */
export async function startServe(env: Record<string, string> = {}): Promise<ServeProcess> {
  const root = mkdtempSync(join(tmpdir(), 'takt-serve-'));
  const dataDir = join(root, 'data');
  const proc = await startTakt(['--data-dir', dataDir, '--port', '0'], { TAKT_LOG_LEVEL: 'warn', ...env });
  const exited = once(proc.child, 'exit').then(
    ([code, signal]) =>
      `takt serve exited (code ${String(code)}, signal ${String(signal)}):\n${proc.stderr()}`,
  );
  return {
    process: proc,
    dataDir,
    profile: join(dataDir, 'connection.json'),
    url: proc.url,
    connection: readConnection(dataDir),
    // Not Promise.race: a rejection derived from `exited` after `p` settled would go unhandled.
    whileRunning: <T>(p: Promise<T>) =>
      new Promise<T>((resolve, reject) => {
        p.then(resolve, reject);
        void exited.then((why) => reject(new Error(why)));
      }),
    stop: async () => {
      await proc.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

export async function startCliServer(env: Record<string, string> = {}): Promise<CliServer> {
  const serve = await startServe(env);
  const folders: string[] = [];
  const tempFolder = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'takt-cli-cwd-'));
    folders.push(dir);
    return dir;
  };
  return {
    serve,
    cli: (...args) => serve.whileRunning(runCli([...args, '--profile', serve.profile])),
    cliIn: (cwd, args, env) => serve.whileRunning(runCli(args, env, cwd)),
    tempFolder,
    localFolder: () => {
      const dir = tempFolder();
      symlinkSync(serve.dataDir, join(dir, 'data'));
      return dir;
    },
    until: async (what, probe, limit = 5000) => {
      for (let i = 0; i < limit; i += 1) {
        if (await serve.whileRunning(probe())) return;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      throw new Error(`gave up waiting for ${what} after ${limit} tries`);
    },
    stop: async () => {
      for (const dir of folders) rmSync(dir, { recursive: true, force: true });
      await serve.stop();
    },
  };
}
