/**
 * The command lines the CLI prints for the user to paste (src/cli/commands/command-line.ts): a real
 * shell reads every word back as it was, whatever it holds.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { commandLine, jobCommandLine } from '../../src/cli/commands/command-line.js';
import { shellWords } from './support/shell-words.js';

const AWKWARD = [
  'report',
  'West US',
  "it's",
  '$HOME',
  'a;b',
  '*.json',
  'back\\slash',
  '"double"',
  'tab\there',
  '',
  '~user',
  '!bang',
];

test('every word of a printed command line reaches a POSIX shell unchanged', () => {
  const line = commandLine(AWKWARD);
  const echoed = execFileSync('/bin/sh', ['-c', `printf '%s\\n' ${line}`], { encoding: 'utf8' });
  assert.deepEqual(echoed.split('\n').slice(0, -1), ['takt', ...AWKWARD]);
  assert.deepEqual(shellWords(line), ['takt', ...AWKWARD], 'the tests read it back the same way');
});

test('plain words are not quoted', () => {
  assert.equal(
    commandLine(['jobs', 'get', 'report-1', '--profile', './data/p.json']),
    'takt jobs get report-1 --profile ./data/p.json',
  );
});

test('a job command repeats the address flags given on the command line, never the token', () => {
  assert.equal(
    jobCommandLine({ cloudService: 'billing', collection: 'night ly', profile: 'p.json', token: 'secret' }, [
      'history',
      'report',
    ]),
    "takt history report -s billing -c 'night ly' --profile p.json",
  );
  assert.equal(jobCommandLine({}, ['jobs', 'enable', 'report']), 'takt jobs enable report');
});
