// `takt schedule preview` with the schedule flags of `jobs create`: a value the recurrence rules
// refuse is reported under the flag that gave it, as `jobs create` reports it — not under the wire
// field (`recurrence.timeZone`) the user never wrote. No server is needed.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runCli } from './support/run-cli.js';

const preview = (...argv: string[]) => runCli(['schedule', 'preview', ...argv]);

describe('takt schedule preview: errors name the flag', () => {
  test('each refused schedule flag is named, exit 2, nothing printed', async () => {
    const cases: [string[], string][] = [
      [
        ['--every', '1d', '--time-zone', 'Mars/Base'],
        "error: --time-zone: unknown time zone 'Mars/Base' (use an IANA or Windows zone name)\n",
      ],
      [
        ['--every', '1mo', '--week-days', 'mon'],
        "error: --week-days: Cannot set days of week with recurrence unit 'Month'.\n",
      ],
      [
        ['--every', '1d', '--end-time', '2020-01-01T00:00:00Z', '--now', '2021-01-01T00:00:00Z'],
        'error: --end-time: must be in the future, got 2020-01-01T00:00:00.000Z\n',
      ],
      [
        ['--every', '1mo', '--month-days', '31', '--months', '2'],
        'error: --month-days: no day of [31] exists in months [2]; the schedule would never fire\n',
      ],
      [
        ['--cron', '0 9 31 2 *'],
        'error: --cron: no day of [31] exists in months [2]; the schedule would never fire\n',
      ],
      [
        ['--every', '1d', '--start-time', '2030-01-01T00:00:00Z', '--now', '2026-01-01T00:00:00Z'],
        'error: --start-time: must be at most 18 months after now (2027-07-01T00:00:00.000Z)\n',
      ],
    ];
    for (const [argv, message] of cases) {
      const r = await preview(...argv);
      assert.equal(r.code, 2, argv.join(' '));
      assert.equal(r.err, message, argv.join(' '));
      assert.equal(r.out, '', argv.join(' '));
    }
  });
  test('the same time zone given to jobs create is named the same way', async () => {
    // No server: the flags are checked before anything is sent.
    const r = await runCli([
      'jobs',
      'create',
      'x',
      '-s',
      'cs',
      '-c',
      'jc',
      '--uri',
      'http://127.0.0.1:1/',
      '--every',
      '1d',
      '--time-zone',
      'Mars/Base',
      '--url',
      'http://127.0.0.1:1',
      '--subscription',
      '0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0',
      '--token',
      't',
    ]);
    assert.equal(r.code, 2, r.err);
    assert.equal(r.err, (await preview('--every', '1d', '--time-zone', 'Mars/Base')).err);
  });
});
