// `takt schedule preview`, run in-process through the CLI's main(argv, env, io) — and once as a
// real process through bin/takt.js (the compiled CLI; built first when missing).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../../src/cli/main.js';

interface Run {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

async function takt(...argv: string[]): Promise<Run> {
  let out = '';
  let err = '';
  const code = await main(
    ['schedule', 'preview', ...argv],
    {},
    { out: (t) => void (out += t), err: (t) => void (err += t) },
  );
  return { code, out, err };
}

const lines = (r: Run): string[] => r.out.split('\n').filter((l) => l !== '');

describe('takt schedule preview', () => {
  test('§13.1 S1: a past start skips to the grid; ISO UTC with Z, one per line', async () => {
    const r = await takt(
      '--recurrence',
      '{"frequency":"day","interval":2}',
      '--start',
      '2015-04-07T14:00:00Z',
      '--now',
      '2015-04-08T13:00:00Z',
      '--next',
      '4',
    );
    assert.equal(r.code, 0, r.err);
    assert.equal(
      r.out,
      '2015-04-09T14:00:00Z\n2015-04-11T14:00:00Z\n2015-04-13T14:00:00Z\n2015-04-15T14:00:00Z\n',
    );
  });
  test('default count is 10; wire JSON is case-insensitive', async () => {
    const r = await takt(
      '--recurrence',
      '{"Frequency":"Hour","Schedule":{"Minutes":[0,30]}}',
      '--start',
      '2026-03-04T10:00:00Z',
      '--now',
      '2026-03-01T00:00:00Z',
    );
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(lines(r), [
      '2026-03-04T10:00:00Z',
      '2026-03-04T10:30:00Z',
      '2026-03-04T11:00:00Z',
      '2026-03-04T11:30:00Z',
      '2026-03-04T12:00:00Z',
      '2026-03-04T12:30:00Z',
      '2026-03-04T13:00:00Z',
      '2026-03-04T13:30:00Z',
      '2026-03-04T14:00:00Z',
      '2026-03-04T14:30:00Z',
    ]);
  });
  test('no start: the job runs at --now first, then the schedule', async () => {
    const r = await takt(
      '--recurrence',
      '{"frequency":"week","schedule":{"weekDays":["saturday"],"hours":[17],"minutes":[0]}}',
      '--now',
      '2026-03-04T10:20:30Z',
      '--next',
      '3',
    );
    assert.deepEqual(lines(r), ['2026-03-04T10:20:30Z', '2026-03-07T17:00:00Z', '2026-03-14T17:00:00Z']);
    // The first time is off the schedule's grid: a note on stderr says why (stdout stays the list).
    assert.equal(
      r.err,
      'note: no --start-time: the first time is --now (a recurring job without a start time runs at once, then on its schedule)\n',
    );
    const started = await takt(
      '--cron', '0 17 * * 6', '--start-time', '2026-03-04T10:20:30Z', '--now', '2026-03-04T10:20:30Z', '--next', '1',
    ); // prettier-ignore
    assert.deepEqual([lines(started), started.err], [['2026-03-07T17:00:00Z'], '']);
  });
  test('--json prints an array; count and endTime end the list early', async () => {
    const r = await takt(
      '--recurrence',
      '{"frequency":"day","count":3}',
      '--start',
      '2026-03-05T08:00:00Z',
      '--now',
      '2026-03-04T00:00:00Z',
      '--json',
    );
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(JSON.parse(r.out), [
      '2026-03-05T08:00:00Z',
      '2026-03-06T08:00:00Z',
      '2026-03-07T08:00:00Z',
    ]);
    const e = await takt(
      '--recurrence',
      '{"frequency":"day","endTime":"2026-03-06T08:00:00Z"}',
      '--start',
      '2026-03-05T08:00:00Z',
      '--now',
      '2026-03-04T00:00:00Z',
    );
    assert.deepEqual(lines(e), ['2026-03-05T08:00:00Z', '2026-03-06T08:00:00Z']);
  });
  test('without --recurrence: the one-time job’s single occurrence', async () => {
    assert.deepEqual(lines(await takt('--start', '2026-05-01T00:00:00Z', '--now', '2026-03-04T00:00:00Z')), [
      '2026-05-01T00:00:00Z',
    ]);
    // A past start runs once at once, i.e. at --now.
    assert.deepEqual(lines(await takt('--start', '2026-01-01T00:00:00Z', '--now', '2026-03-04T00:00:00Z')), [
      '2026-03-04T00:00:00Z',
    ]);
  });
  test('a time zone: --start without an offset is wall-clock in it; output stays UTC', async () => {
    const r = await takt(
      '--recurrence',
      '{"frequency":"day","timeZone":"Pacific Standard Time"}',
      '--start',
      '2026-03-07T02:30:00',
      '--now',
      '2026-03-01T00:00:00Z',
      '--next',
      '3',
    );
    assert.deepEqual(lines(r), ['2026-03-07T10:30:00Z', '2026-03-08T10:30:00Z', '2026-03-09T09:30:00Z']);
  });
  test('without --now the current time is used', async () => {
    const r = await takt('--recurrence', '{"frequency":"minute","interval":5}', '--next', '2');
    assert.equal(r.code, 0, r.err);
    const [a, b] = lines(r).map((l) => Date.parse(l));
    assert.equal((b ?? 0) - (a ?? 0), 300_000);
  });
  test('milliseconds are printed only when they are not zero', async () => {
    const r = await takt(
      '--recurrence',
      '{"frequency":"minute","interval":5}',
      '--now',
      '2026-03-04T10:20:30.123Z',
      '--next',
      '2',
    );
    assert.deepEqual(lines(r), ['2026-03-04T10:20:30.123Z', '2026-03-04T10:25:30.123Z']);
    const z = await takt(
      '--recurrence',
      '{"frequency":"minute","interval":5}',
      '--now',
      '2026-03-04T10:20:30.000Z',
      '--next',
      '1',
    );
    assert.deepEqual(lines(z), ['2026-03-04T10:20:30Z']);
  });
  test('--help lists every option and examples, and each example runs', async () => {
    const h = await takt('--help');
    assert.equal(h.code, 0, h.err);
    for (const option of [
      '--recurrence <json>',
      '--start-time <time>',
      '--now <time>',
      '--next <n>',
      '--json',
      'default 10',
      'Examples:',
    ]) {
      assert.ok(h.out.includes(option), `help lacks ${option}:\n${h.out}`);
    }
    const examples = h.out
      .split('\n')
      .filter((l) => l.trim().startsWith('$ takt schedule preview '))
      .map((l) => l.trim().slice(2));
    assert.ok(examples.length >= 3, h.out);
    for (const example of examples) {
      // Split the shell line: single-quoted JSON stays one argument.
      const argv = [
        ...example
          .trim()
          .slice('takt schedule preview '.length)
          .matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g),
      ].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
      const r = await takt(...argv);
      assert.equal(r.code, 0, `${example}: ${r.err}`);
      assert.ok(lines(r).length > 0 || r.out.startsWith('['), example);
    }
  });
  test('an invalid recurrence exits 2 with the validation message', async () => {
    const r = await takt('--recurrence', '{"frequency":"week","schedule":{"monthDays":[1]}}');
    assert.equal(r.code, 2);
    assert.equal(r.out, '');
    assert.equal(r.err, "error: Cannot set days of month with recurrence unit 'Week'.\n");
    const i = await takt('--recurrence', '{"frequency":"week","interval":79}');
    assert.equal(i.code, 2);
    assert.match(i.err, /recurrence\.interval: must be 1\.\.78 for week, got 79/);
    const never = await takt(
      '--recurrence',
      '{"frequency":"month","schedule":{"monthDays":[31],"months":[2]}}',
    );
    assert.equal(never.code, 2);
    assert.equal(never.out, '');
    assert.equal(
      never.err,
      'error: recurrence.schedule.monthDays: no day of [31] exists in months [2]; the schedule would never fire\n',
    );
  });
  test('bad JSON, count, start or time zone exit 2 naming the option or field', async () => {
    const cases: [string[], RegExp][] = [
      [['--recurrence', '{frequency:day}'], /--recurrence: not valid JSON/],
      [['--recurrence', '{"frequency":"day"}', '--next', '0'], /--next: must be an integer/],
      [['--recurrence', '{"frequency":"day"}', '--next', 'ten'], /--next: must be an integer/],
      [
        ['--recurrence', '{"frequency":"day"}', '--start', 'tomorrow'],
        /--start: 'tomorrow' is not a valid ISO 8601 date-time/,
      ],
      [
        ['--recurrence', '{"frequency":"day","timeZone":"Mars/Olympus"}'],
        /recurrence\.timeZone: unknown time zone/,
      ],
      [['--recurrence', '{"frequency":"year"}'], /recurrence\.frequency: 'year' is not supported/],
    ];
    for (const [argv, message] of cases) {
      const r = await takt(...argv);
      assert.equal(r.code, 2, argv.join(' '));
      assert.match(r.err, message);
    }
  });
});

const root = fileURLToPath(new URL('../../../', import.meta.url));
const bin = join(root, 'bin', 'takt.js');

/** bin/takt.js runs dist/: build it when this command is missing there (`npm test` builds first). */
function ensureBuilt(): void {
  const compiled = join(root, 'dist', 'cli', 'commands', 'schedule-preview.js');
  if (existsSync(compiled)) return;
  // tsc emits even when some other file has type errors; only a missing output is fatal.
  spawnSync(
    process.execPath,
    [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
    { cwd: root, stdio: 'ignore' },
  );
  assert.ok(existsSync(compiled), 'npm run build did not produce dist/cli/commands/schedule-preview.js');
}

function run(cwd: string, ...argv: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, 'schedule', 'preview', ...argv],
      { cwd, env: { PATH: process.env.PATH ?? '', HOME: cwd } },
      (error, out, err) => resolve({ code: error ? Number(error.code ?? 1) : 0, out, err }),
    );
  });
}

describe('takt schedule preview as a process (node bin/takt.js)', () => {
  test('prints the same lines and exit codes, with no server and no data directory', async () => {
    ensureBuilt();
    // An empty working directory and home: preview must neither need nor create a data directory.
    const dir = mkdtempSync(join(tmpdir(), 'takt-preview-'));
    try {
      const ok = await run(
        dir,
        '--recurrence',
        '{"frequency":"day","interval":2}',
        '--start',
        '2015-04-07T14:00:00Z',
        '--now',
        '2015-04-08T13:00:00Z',
        '--next',
        '2',
      );
      assert.equal(ok.code, 0, ok.err);
      assert.equal(ok.out, '2015-04-09T14:00:00Z\n2015-04-11T14:00:00Z\n');
      const bad = await run(dir, '--recurrence', '{"frequency":"week","schedule":{"monthDays":[1]}}');
      assert.equal(bad.code, 2);
      assert.equal(bad.err, "error: Cannot set days of month with recurrence unit 'Week'.\n");
      assert.deepEqual(readdirSync(dir), []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  test('`npx takt schedule preview` in the project runs the same command', () => {
    ensureBuilt();
    const npx = spawnSync(
      'npx',
      [
        '--no-install',
        'takt',
        'schedule',
        'preview',
        '--recurrence',
        '{"frequency":"day","count":2}',
        '--start',
        '2015-04-09T14:00:00Z',
        '--now',
        '2015-04-01T00:00:00Z',
      ],
      {
        cwd: root,
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    assert.equal(npx.status, 0, npx.stderr);
    assert.equal(npx.stdout, '2015-04-09T14:00:00Z\n2015-04-10T14:00:00Z\n');
  });
});
