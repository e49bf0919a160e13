// Runs `takt` in-process through main(argv, env, io, cwd) and captures what it prints.
import { main } from '../../../src/cli/main.js';

export interface CliResult {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

export async function runCli(
  args: readonly string[],
  env: Record<string, string | undefined> = {},
  cwd: string = process.cwd(),
): Promise<CliResult> {
  let out = '';
  let err = '';
  const code = await main(args, env, { out: (t) => (out += t), err: (t) => (err += t) }, cwd);
  return { code, out, err };
}
