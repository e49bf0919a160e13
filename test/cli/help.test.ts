// Every `takt` command, at any depth, answers `--help` with exit 0 and at least one example; a
// mistyped flag or command is a usage error (exit 2) that names it. No server is needed.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Command } from 'commander';
import { registerCommands } from '../../src/cli/commands/index.js';
import { runCli } from './support/run-cli.js';

/** Every command path of the real program, e.g. ['jobs', 'create']. */
function commandPaths(): string[][] {
  const program = new Command('takt');
  registerCommands(program, {
    io: { out: () => undefined, err: () => undefined },
    env: {},
    cwd: process.cwd(),
    exitCode: 0,
  });
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
    }
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
    for (const r of [flag, cmd, missing, before]) assert.doesNotMatch(r.err, /\n\s+at /, 'no stack trace');
  });
});
