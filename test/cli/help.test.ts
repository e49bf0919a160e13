// Every `takt` command, at any depth, answers `--help` with exit 0 and at least one example; a
// mistyped flag or command is a usage error (exit 2) that names it. No server is needed.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Command } from 'commander';
import { registerCommands } from '../../src/cli/commands/index.js';
import { runCli } from './support/run-cli.js';

/** Splits an example's command line as a shell would (single and double quotes, no escapes). */
function shellWords(line: string): string[] {
  const words: string[] = [];
  for (const m of line.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)) words.push(m[1] ?? m[2] ?? m[3]!);
  return words;
}

/** Asserts that `words` (an example without `takt`) name a command and only options it has. */
function checkExample(program: Command, words: string[], line: string): void {
  let cmd = program;
  let i = 0;
  for (; i < words.length; i++) {
    const sub = cmd.commands.find((c) => c.name() === words[i] || c.aliases().includes(words[i]!));
    if (sub === undefined) break;
    cmd = sub;
  }
  assert.notEqual(cmd, program, `example 'takt ${line}': no such command`);
  const known = new Set(cmd.options.map((o) => o.long));
  for (const w of words.slice(i)) {
    if (!w.startsWith('--')) continue;
    const flag = w.split('=')[0]!;
    assert.ok(known.has(flag), `example 'takt ${line}': ${cmd.name()} has no option ${flag}`);
  }
}

/** The real program's command tree (nothing runs: no output, no environment). */
function realProgram(): Command {
  const program = new Command('takt');
  registerCommands(program, {
    io: { out: () => undefined, err: () => undefined },
    env: {},
    cwd: process.cwd(),
    exitCode: 0,
  });
  return program;
}

/** Every command path of the real program, e.g. ['jobs', 'create']. */
function commandPaths(program = realProgram()): string[][] {
  const paths: string[][] = [];
  const walk = (cmd: Command, path: string[]): void => {
    for (const sub of cmd.commands) {
      paths.push([...path, sub.name()]);
      walk(sub, [...path, sub.name()]);
    }
  };
  walk(program, []);
  return paths;
}

describe('takt --help', () => {
  test('every command has help with examples', async () => {
    const paths = commandPaths();
    // The groups of issue 7 and the admin commands are all there (a guard against an empty walk).
    for (const name of [
      'cloud-services',
      'collections',
      'jobs',
      'history',
      'export',
      'import',
      'schedule',
      'serve',
      'tokens',
    ]) {
      assert.ok(
        paths.some((p) => p[0] === name),
        name,
      );
    }
    assert.ok(paths.length >= 40, `${paths.length} commands`);
    for (const path of paths) {
      const r = await runCli([...path, '--help']);
      assert.equal(r.code, 0, path.join(' '));
      assert.match(r.out, new RegExp(`^Usage: takt ${path.join(' ')}`), path.join(' '));
      // One help style: usage, a one-line summary, options, then `Examples:` with `$ takt …` lines.
      assert.match(r.out, /^Usage: .*\n\n\S.*\n/, `takt ${path.join(' ')} --help has no summary`);
      // Admin and remote commands alike: the summary is a sentence (capital first, full stop last).
      assert.match(
        r.out,
        /^Usage: .*\n\n[A-Z][^]*?\.\n\n/,
        `takt ${path.join(' ')}: the summary is a sentence`,
      );
      assert.match(r.out, /\nOptions:\n/, `takt ${path.join(' ')} --help has no options`);
      assert.match(r.out, /\nExamples:\n {2}\$ takt \S/, `takt ${path.join(' ')} --help has no example`);
      assert.equal(r.out.split('\nExamples:\n').length, 2, `takt ${path.join(' ')}: one Examples block`);
      // A default reads as the value to type (`(default: 30)`), not as a JavaScript string.
      assert.doesNotMatch(r.out, /\(default: "/, `takt ${path.join(' ')}: a default shown in quotes`);
    }
  });

  // An example a user copies must be a command line that exists: its command, and each of its
  // flags an option of that command. The local ones (schedule preview) must also run.
  test('every example names a real command and only its options', async () => {
    const program = realProgram();
    const seen = new Set<string>();
    for (const path of commandPaths(program)) {
      const r = await runCli([...path, '--help']);
      for (const line of r.out.split('\n\nExamples:\n').slice(1).join('\n').split('\n')) {
        const m = /^ {2}\$ takt (.*)$/.exec(line);
        if (m === null || seen.has(m[1]!)) continue;
        seen.add(m[1]!);
        // A line may chain commands (`… > file && takt …`): each `takt` command is checked.
        for (const part of m[1]!.split(/ && | \| /)) {
          const words = shellWords(part.replace(/^takt /, '').replace(/ > \S+$/, ''));
          checkExample(program, words, m[1]!);
          if (path[0] === 'schedule') {
            const run = await runCli(words);
            assert.equal(run.code, 0, `example 'takt ${m[1]}' failed: ${run.err}`);
          }
        }
      }
    }
    assert.ok(seen.size >= 40, `${seen.size} examples`);
  });

  test('an unknown flag or command is a usage error naming it', async () => {
    const flag = await runCli(['jobs', 'list', '--stat', 'enabled']);
    assert.equal(flag.code, 2);
    assert.match(flag.err, /^error: unknown option '--stat'/);
    const cmd = await runCli(['jobz']);
    assert.equal(cmd.code, 2);
    assert.match(cmd.err, /unknown command 'jobz'/);
    const missing = await runCli(['history']);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /missing required argument 'id'/);
    // Options written before the command: the error shows the command line as it should be.
    const before = await runCli(['--profile', 'p.json', 'jobs', 'list', '-s', 'ops']);
    assert.equal(before.code, 2);
    assert.equal(before.err, 'error: options go after the command: takt jobs list -s ops --profile p.json\n');
    const group = await runCli(['--json', 'cs', 'list']);
    assert.equal(group.err, 'error: options go after the command: takt cs list --json\n');
    // A value with a space stays one word when the line is pasted.
    const spaced = await runCli(['--json', 'cs', 'create', 'billing', '--region', 'West US']);
    assert.equal(
      spaced.err,
      "error: options go after the command: takt cs create billing --region 'West US' --json\n",
    );
    // Secret values are never repeated: a placeholder names each one.
    const secrets = await runCli([
      '--token=TOKENLEAK',
      '--password',
      'PWDLEAK',
      '--sas-key',
      'KEYLEAK',
      'jobs',
      'create',
      'z',
      '--secret',
      'SECRETLEAK',
      '--pfx-password',
      'PFXLEAK',
      '--sas-token',
      'SASLEAK',
      '--error-sas-token',
      'ESASLEAK',
    ]);
    assert.equal(secrets.code, 2);
    assert.equal(
      secrets.err,
      "error: options go after the command: takt jobs create z --secret '<secret>' --pfx-password '<pfx-password>' " +
        "--sas-token '<sas-token>' --error-sas-token '<error-sas-token>' '--token=<token>' --password '<password>' " +
        "--sas-key '<sas-key>'\n",
    );
    assert.doesNotMatch(secrets.err, /LEAK/);
    for (const r of [flag, cmd, missing, before]) assert.doesNotMatch(r.err, /\n\s+at /, 'no stack trace');
  });
});
