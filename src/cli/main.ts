import { Command, CommanderError } from 'commander';
import { registerCommands } from './commands/index.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type CliContext, type CliIo } from './context.js';

export const processIo: CliIo = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
};

/** Runs `takt <argv>`; resolves to the exit code. */
export async function main(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  io: CliIo = processIo,
): Promise<number> {
  const ctx: CliContext = { io, env, exitCode: EXIT_OK };
  const program = new Command('takt')
    .description('Takt: a self-hosted job scheduler that speaks the Azure Scheduler classic API.')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .showHelpAfterError();
  registerCommands(program, ctx);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return ctx.exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    io.err(`error: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT_FAILURE;
  }
}
