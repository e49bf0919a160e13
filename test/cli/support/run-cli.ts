// Runs `takt` in-process through main(argv, env, io) and captures what it prints.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main.js';
import { SUB, TOKEN, type FakeTls } from './fake-takt.js';

export interface CliResult {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

export async function runCli(
  args: readonly string[],
  env: Record<string, string | undefined> = {},
): Promise<CliResult> {
  let out = '';
  let err = '';
  const code = await main(args, env, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

export interface ProfileDir {
  readonly dir: string;
  readonly profile: string;
  remove(): void;
}

/** A data-directory-like folder with a connection.json whose paths are relative to it. */
export function writeProfile(
  url: string,
  tls: FakeTls,
  opts: { token?: boolean; cert?: boolean } = { cert: true },
): ProfileDir {
  const dir = mkdtempSync(join(tmpdir(), 'takt-cli-'));
  writeFileSync(join(dir, 'ca.pem'), tls.ca.certPem);
  writeFileSync(join(dir, 'admin.pem'), tls.client.certPem);
  writeFileSync(join(dir, 'admin.key'), tls.client.keyPem, { mode: 0o600 });
  const profile = join(dir, 'connection.json');
  writeFileSync(
    profile,
    JSON.stringify({
      url,
      subscriptionId: SUB,
      caCertPath: 'ca.pem',
      ...(opts.cert ? { certPath: 'admin.pem', keyPath: 'admin.key' } : {}),
      ...(opts.token ? { token: TOKEN } : {}),
    }),
  );
  return { dir, profile, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
