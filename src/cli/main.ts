import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { commandLine } from './commands/command-line.js';
import { registerCommands } from './commands/index.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type CliContext, type CliIo } from './context.js';

/**
 * Standard output closed by the reader (`takt --help | head -1`) is not an error of the command:
 * the rest of the output is dropped and the process ends quietly instead of dumping an EPIPE stack —
 * unless the command says it must keep running (`takt serve`: `ctx.onClosedOutput`).
 */
function quietOnClosedPipe(stream: NodeJS.WriteStream, ctx: CliContext): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    if (ctx.onClosedOutput) ctx.onClosedOutput();
    else process.exit(process.exitCode ?? EXIT_OK);
  });
}

export const processIo: CliIo = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  get errIsTerminal() {
    return process.stderr.isTTY === true;
  },
};

/** The package version (package.json sits two folders above both src/cli and dist/cli). */
export function taktVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version?: unknown;
  };
  return typeof pkg.version === 'string' ? pkg.version : 'unknown';
}

/**
 * `takt --profile p.json jobs list`: the options of a command come after it (commander would only
 * say "unknown option '--profile'"). Returns the command line as it should be written, quoted so that it
 * can be pasted (`--region 'West US'`), or undefined.
 */
function optionsBeforeCommand(program: Command, argv: readonly string[]): string | undefined {
  const first = argv[0];
  if (first === undefined || !first.startsWith('-') || ['-h', '--help', '-V', '--version'].includes(first))
    return undefined;
  const names = new Set(program.commands.flatMap((c) => [c.name(), ...c.aliases()]));
  const at = argv.findIndex((a) => names.has(a));
  if (at < 0) return undefined;
  const cmd = program.commands.find((c) => c.name() === argv[at] || c.aliases().includes(argv[at]!));
  const sub = cmd?.commands.some((c) => c.name() === argv[at + 1] || c.aliases().includes(argv[at + 1]!));
  const end = at + (sub ? 2 : 1);
  return commandLine(withoutSecrets([...argv.slice(at, end), ...argv.slice(end), ...argv.slice(0, at)]));
}

/** Flags whose value is a secret: the token and the job secrets (docs/cli.md, "Commands"). */
const SECRET_FLAGS = new Set([
  '--token',
  '--password',
  '--pfx-password',
  '--secret',
  '--sas-token',
  '--sas-key',
  '--error-sas-token',
]);

/**
 * The words with each secret flag's value replaced by a placeholder naming it (`--password <password>`):
 * an error line ends up in terminals, CI logs and bug reports, and is no place for a secret.
 */
function withoutSecrets(words: readonly string[]): string[] {
  return words.map((word, i) => {
    const eq = word.indexOf('=');
    const flag = eq > 0 ? word.slice(0, eq) : word;
    if (eq > 0 && SECRET_FLAGS.has(flag)) return `${flag}=<${flag.slice(2)}>`;
    const before = words[i - 1];
    return before !== undefined && SECRET_FLAGS.has(before) ? `<${before.slice(2)}>` : word;
  });
}

/** Runs `takt <argv>`; resolves to the exit code. */
export async function main(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  io: CliIo = processIo,
  cwd: string = process.cwd(),
): Promise<number> {
  const ctx: CliContext = { io, env, cwd, exitCode: EXIT_OK };
  if (io === processIo) {
    quietOnClosedPipe(process.stdout, ctx);
    quietOnClosedPipe(process.stderr, ctx);
  }
  const program = new Command('takt')
    .description('Takt: a self-hosted job scheduler that speaks the Azure Scheduler classic API.')
    .version(taktVersion(), '-V, --version', 'print the version of takt')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    // One error line and a hint, not the whole help (the command's own --help has everything).
    .showHelpAfterError('(run the command with --help for its options and examples)');
  registerCommands(program, ctx);
  const misplaced = optionsBeforeCommand(program, argv);
  if (misplaced !== undefined) {
    io.err(`error: options go after the command: ${misplaced}\n`);
    return EXIT_USAGE;
  }
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
