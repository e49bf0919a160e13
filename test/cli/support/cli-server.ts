// One real `takt serve` (SQLite, its own data directory) per test file, and the CLI run in-process
// against it. `cli` uses the server's connection.json as the profile; `cliIn` runs with another
// working directory (e.g. one whose ./data/connection.json is the server's) and no --profile.
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main.js';
import type { CliResult } from './run-cli.js';
import { startServe, type ServeProcess } from './serve-process.js';

export interface CliServer {
  readonly serve: ServeProcess;
  /** `takt <args> --profile <the server's connection.json>`. */
  cli(...args: string[]): Promise<CliResult>;
  /** `takt <args>` run in `cwd` with `env`, without an added --profile. */
  cliIn(cwd: string, args: readonly string[], env?: Record<string, string>): Promise<CliResult>;
  /** A fresh folder whose `data` is the server's data directory (`./data/connection.json`). */
  localFolder(): string;
  /** Resolves once `probe` answers true, asking again after each answer (bounded by `limit` tries). */
  until(what: string, probe: () => Promise<boolean>, limit?: number): Promise<void>;
  stop(): Promise<void>;
}

export async function runIn(
  cwd: string,
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<CliResult> {
  let out = '';
  let err = '';
  const code = await main(args, env, { out: (t) => (out += t), err: (t) => (err += t) }, cwd);
  return { code, out, err };
}

export async function startCliServer(): Promise<CliServer> {
  const serve = await startServe();
  const folders: string[] = [];
  return {
    serve,
    cli: (...args) => serve.whileRunning(runIn(process.cwd(), [...args, '--profile', serve.profile])),
    cliIn: (cwd, args, env) => serve.whileRunning(runIn(cwd, args, env)),
    localFolder: () => {
      const dir = mkdtempSync(join(tmpdir(), 'takt-cli-cwd-'));
      symlinkSync(serve.dataDir, join(dir, 'data'));
      folders.push(dir);
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
