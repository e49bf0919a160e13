// Issue 14 against a real `takt serve` on SQLite (one per file): each CLI defect (5–10) and each new
// command or flag — merge-alone `jobs set`, get→set round trip of finished jobs, import of finished
// jobs, honest enable/disable messages, `jobs run --json`, `--url` with the local subscription,
// `--cron`, the run-now warning, `jobs occurrences`, the richer `jobs get`, history paging and
// `--follow`, `--version`, one-line unknown-option errors and a quiet closed pipe.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { main } from '../../src/cli/main.js';
import { HttpSink } from '../support/sinks/http-sink.js';
import { startCliServer, type CliServer } from './support/cli-server.js';
import { shellWords } from './support/shell-words.js';

/** Next January 1st (a start time within the API's 18 months, far enough to never come). */
const YEAR = new Date().getUTCFullYear() + 1;
const FAR = `${YEAR}-01-01T00:00:00Z`;
type Job = Record<string, unknown> & {
  state: string;
  action: Record<string, unknown>;
  recurrence?: Record<string, unknown>;
};

describe('takt jobs v2 against takt serve', () => {
  let s: CliServer;
  let sink: HttpSink;
  const where = ['-s', 'v2', '-c', 'main'];
  const cli = (...args: string[]) => s.cli(...args);
  const getJob = async (id: string): Promise<Job> => {
    const r = await cli('jobs', 'get', id, ...where, '--json');
    assert.equal(r.code, 0, r.err);
    return JSON.parse(r.out) as Job;
  };
  const historyCount = async (id: string): Promise<number> =>
    (JSON.parse((await cli('history', id, ...where, '--all', '--json')).out) as unknown[]).length;

  before(async () => {
    sink = await HttpSink.start();
    sink.responder = (req, res) => {
      res.statusCode = req.path.startsWith('/fail') ? 500 : 200;
      res.end('done');
    };
    s = await startCliServer();
    assert.equal((await cli('cloud-services', 'create', 'v2', '--region', 'West Europe')).code, 0);
    const jc = await cli(
      'collections',
      'create',
      '-s',
      'v2',
      'main',
      '--plan',
      'Standard',
      '--max-jobs',
      '50',
    );
    assert.equal(jc.code, 0, jc.err);
  });
  after(async () => {
    await s.stop();
    await sink.close();
  });

  test('defect 6: each jobs set flag merges alone into the stored definition', async () => {
    const created = await cli(
      'jobs', 'create', 'merge', ...where,
      '--uri', sink.url('/merge'), '--method', 'POST', '--header', 'X-A: 1', '--body', 'old',
      '--every', '1d', '--hours', '2', '--minutes', '30',
      '--retry', 'fixed', '--retry-count', '3', '--retry-interval', 'PT1M', '--start-time', FAR,
    ); // prettier-ignore
    assert.equal(created.code, 0, created.err);
    const before = await getJob('merge');
    const steps: [string[], (j: Job) => void][] = [
      [['--header', 'X-B: 2'], (j) => assert.deepEqual(req(j)['headers'], { 'X-A': '1', 'X-B': '2' })],
      [['--header', 'X-A:'], (j) => assert.deepEqual(req(j)['headers'], { 'X-B': '2' })],
      [['--body', 'new'], (j) => assert.equal(req(j)['body'], 'new')],
      [['--method', 'put'], (j) => assert.equal(req(j)['method'], 'PUT')],
      [['--retry-count', '5'], (j) => assert.equal((j.action['retryPolicy'] as Job)['retryCount'], 5)],
      // The shorthand of --every works for the retry interval too (sent as ISO 8601).
      [['--retry-interval', '45s'], (j) => assert.equal(retry(j)['retryInterval'], '00:00:45')],
      [['--retry-interval', '2m'], (j) => assert.equal(retry(j)['retryInterval'], '00:02:00')],
      [['--retry-interval', 'PT1M'], (j) => assert.equal(retry(j)['retryInterval'], '00:01:00')],
      [['--hours', '3'], (j) => assert.deepEqual(schedule(j), { hours: [3], minutes: [30] })],
    ];
    for (const [flags, check] of steps) {
      const r = await cli('jobs', 'set', 'merge', ...where, ...flags);
      assert.equal(r.code, 0, `${flags.join(' ')}: ${r.err}`);
      assert.match(r.out, /^Updated job merge; it is enabled, next run /);
      check(await getJob('merge'));
    }
    const after = await getJob('merge');
    assert.equal(req(after)['uri'], req(before)['uri']);
    assert.equal(
      (after.action['retryPolicy'] as Job)['retryInterval'],
      (before.action['retryPolicy'] as Job)['retryInterval'],
    );
    assert.equal(after.recurrence?.['frequency'], 'day');
    const nothing = await cli('jobs', 'set', 'merge', ...where);
    assert.equal(nothing.code, 2);
    assert.match(nothing.err, /nothing to change/);
  });

  test('--every of another unit on set removes the schedule members that unit cannot have, and says so', async () => {
    const c = await cli(
      'jobs', 'create', 'unit', ...where, '--uri', sink.url('/unit'),
      '--every', '1w', '--week-days', 'mon', '--hours', '9', '--minutes', '30', '--start-time', FAR,
    ); // prettier-ignore
    assert.equal(c.code, 0, c.err);
    // Daily: the weekdays go, the hours and minutes stay.
    const day = await cli('jobs', 'set', 'unit', ...where, '--every', '1d');
    assert.equal(day.code, 0, day.err);
    assert.equal(
      day.err,
      "note: --every 1d: removed the schedule's weekDays, which a recurrence of that unit cannot have\n",
    );
    let j = await getJob('unit');
    assert.equal(j.recurrence?.['frequency'], 'day');
    assert.deepEqual(schedule(j), { hours: [9], minutes: [30] });
    // The same unit keeps the schedule and says nothing.
    const again = await cli('jobs', 'set', 'unit', ...where, '--every', '2d');
    assert.equal(again.code, 0, again.err);
    assert.equal(again.err, '');
    assert.deepEqual(schedule(await getJob('unit')), { hours: [9], minutes: [30] });
    // Every 5 minutes: no schedule member fits; a member given by a flag is the user's own.
    const minute = await cli('jobs', 'set', 'unit', ...where, '--every', '5m');
    assert.equal(minute.code, 0, minute.err);
    assert.match(minute.err, /removed the schedule's minutes and hours, /);
    j = await getJob('unit');
    assert.equal(j.recurrence?.['frequency'], 'minute');
    assert.equal(j.recurrence?.['interval'], 5);
    assert.deepEqual(schedule(j) ?? {}, {});
    const refused = await cli('jobs', 'set', 'unit', ...where, '--every', '10m', '--hours', '3');
    assert.equal(refused.code, 1);
    assert.match(refused.err, /recurrence\.schedule: not allowed with frequency minute/);
  });

  test('--cron on create and set writes the equivalent recurrence; an expression without one is refused', async () => {
    const c = await cli(
      'jobs', 'create', 'standup', ...where, '--uri', sink.url('/standup'),
      '--cron', '30 9 * * 1-5', '--time-zone', 'Europe/Berlin', '--start-time', FAR,
    ); // prettier-ignore
    assert.equal(c.code, 0, c.err);
    assert.equal(c.err, '', 'a start time: no warning');
    const job = await getJob('standup');
    assert.equal(job.recurrence?.['frequency'], 'week');
    assert.equal(job.recurrence?.['timeZone'], 'Europe/Berlin');
    assert.deepEqual(schedule(job), {
      weekDays: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
      hours: [9],
      minutes: [30],
    });
    const set = await cli('jobs', 'set', 'standup', ...where, '--cron', '0 6 * * *');
    assert.equal(set.code, 0, set.err);
    const daily = await getJob('standup');
    assert.equal(daily.recurrence?.['frequency'], 'day');
    assert.deepEqual(schedule(daily), { hours: [6], minutes: [0] }, 'the old week days are gone');
    assert.equal(daily.recurrence?.['timeZone'], 'Europe/Berlin', 'the time zone is kept');
    const refused = await cli('jobs', 'set', 'standup', ...where, '--cron', '0 9 1 * 1');
    assert.equal(refused.code, 2);
    assert.match(refused.err, /^error: --cron: .*day-of-month and day-of-week are both set/);
  });

  test('defects 7, 8, 9: finished jobs round-trip through get/set and import unchanged; enable and disable say the real state', async () => {
    const runs = sink.requests.length;
    const made = await cli(
      'jobs',
      'create',
      'done',
      ...where,
      '--uri',
      sink.url('/done'),
      '--every',
      '1h',
      '--count',
      '1',
    );
    assert.equal(made.code, 0, made.err);
    assert.match(made.err, /^warning: no start time: the job runs now/);
    // Written disabled, it runs nothing: no such warning.
    const off = await cli(
      'jobs',
      'create',
      'off',
      ...where,
      '--uri',
      sink.url('/off'),
      '--every',
      '1h',
      '--disabled',
    );
    assert.equal(off.code, 0, off.err);
    assert.doesNotMatch(off.err, /runs now/);
    const bad = await cli(
      'jobs', 'create', 'broken', ...where, '--uri', sink.url('/fail'), '--retry', 'none',
    ); // prettier-ignore
    assert.equal(bad.code, 0, bad.err);
    await s.until('both jobs to finish', async () => {
      const [a, b] = [await getJob('done'), await getJob('broken')];
      return a.state === 'completed' && b.state === 'faulted';
    });
    assert.ok(sink.requests.length >= runs + 2);

    const file = join(s.localFolder(), 'export.json');
    assert.equal((await cli('export', '-o', file)).code, 0);
    const imported = await cli('import', file, '--json', '--no-progress');
    assert.equal(imported.code, 0, imported.err);
    const report = JSON.parse(imported.out) as { unchanged: string[]; updated: string[] };
    assert.deepEqual(report.updated, []);
    assert.ok(
      report.unchanged.includes('job v2/main/done') && report.unchanged.includes('job v2/main/broken'),
    );
    assert.equal((await getJob('done')).state, 'completed');
    assert.equal((await getJob('broken')).state, 'faulted');

    const enable = await cli('jobs', 'enable', 'done', ...where);
    assert.equal(enable.code, 1);
    assert.match(enable.err, /job 'done' is completed: a finished job cannot be enabled/);
    // A flag change (PATCH) of a finished job: the API refuses it; the CLI says how to replace it.
    const patched = await cli('jobs', 'set', 'broken', ...where, '--uri', sink.url('/fixed'));
    assert.equal(patched.code, 1);
    const recipe =
      /job 'broken' is faulted: a finished job cannot be changed flag by flag; replace it: `(takt jobs get broken --json -s v2 -c main --profile \S+) > broken\.json`, edit the file, `(takt jobs set broken --file broken\.json -s v2 -c main --profile \S+)`/.exec(
        patched.err,
      );
    assert.ok(recipe, patched.err);
    // The recipe works as printed: it names the collection and the profile this command was given.
    const pasted = await s.cliIn(s.tempFolder(), shellWords(recipe[1]!).slice(1));
    assert.equal(pasted.code, 0, pasted.err);
    assert.equal((JSON.parse(pasted.out) as { id: string }).id, 'broken');
    assert.equal((await getJob('broken')).state, 'faulted');
    const run = await cli('jobs', 'run', 'broken', ...where);
    assert.equal(run.code, 1);
    assert.match(
      run.err,
      /job 'broken' is faulted: a finished job cannot be run; replace it: `takt jobs get broken/,
    );

    for (const id of ['done', 'broken']) {
      const got = await cli('jobs', 'get', id, ...where, '--json');
      const f = join(s.localFolder(), `${id}.json`);
      (await import('node:fs')).writeFileSync(f, got.out);
      const replaced = await cli('jobs', 'set', id, ...where, '--file', f);
      assert.equal(replaced.code, 0, `${id}: ${replaced.err}`);
      // Only the recurring one warns: a one-time job without a start time is meant to run now.
      if (id === 'done') assert.match(replaced.err, /^warning: no start time: the job runs now/);
      else assert.equal(replaced.err, '');
    }

    const dis = await cli('jobs', 'disable', 'merge', ...where);
    assert.equal(dis.code, 0, dis.err);
    assert.match(dis.out, /^Job merge is disabled: no occurrence starts and waiting retries are cancelled/);
    const en = await cli('jobs', 'enable', 'merge', ...where);
    assert.match(en.out, /^Job merge is enabled; next run /);
  });

  test('defect 10: run --json keeps the execution tag; get of a disabled job that ran hides counters instead of 0', async () => {
    const c = await cli(
      'jobs',
      'create',
      'tagged',
      ...where,
      '--uri',
      sink.url('/tagged'),
      '--start-time',
      FAR,
    );
    assert.equal(c.code, 0, c.err);
    const ran = await cli('jobs', 'run', 'tagged', ...where, '--json');
    assert.equal(ran.code, 0, ran.err);
    const answer = JSON.parse(ran.out) as { ran: string; executionTag: string; repeatCount: number };
    assert.equal(answer.ran, 'tagged');
    assert.match(answer.executionTag, /^[0-9a-f]{32}$/);
    await s.until('the run to be recorded', async () => (await historyCount('tagged')) === 1);
    assert.equal((await cli('jobs', 'disable', 'tagged', ...where)).code, 0);
    const shown = await cli('jobs', 'get', 'tagged', ...where);
    assert.match(shown.out, /\nExecutions: +- \(the API hides counters while a job is disabled\)\n/);
    assert.doesNotMatch(shown.out, /Executions: +0/);
  });

  test('jobs get shows retry policy, error action, headers and time zone; jobs occurrences lists next runs', async () => {
    const file = join(s.localFolder(), 'rich.json');
    (await import('node:fs')).writeFileSync(
      file,
      JSON.stringify({
        startTime: FAR,
        action: {
          type: 'http',
          request: { uri: sink.url('/rich'), method: 'POST', headers: { 'X-Trace': 'on' } },
          retryPolicy: { retryType: 'fixed', retryInterval: 'PT30S', retryCount: 2 },
          errorAction: { type: 'http', request: { uri: sink.url('/err'), method: 'GET' } },
        },
        recurrence: { frequency: 'day', interval: 1, timeZone: 'Europe/Berlin' },
      }),
    );
    const rich = await cli('jobs', 'create', 'rich', ...where, '--file', file);
    assert.equal(rich.code, 0, rich.err);
    assert.equal(rich.err, '', 'every member of the file is part of the definition');
    // What `jobs get --json` prints goes back without a warning either.
    const got = await cli('jobs', 'get', 'rich', ...where, '--json');
    const back = join(s.localFolder(), 'rich-back.json');
    (await import('node:fs')).writeFileSync(back, got.out);
    const again = await cli('jobs', 'set', 'rich', ...where, '--file', back);
    assert.equal(again.code, 0, again.err);
    assert.doesNotMatch(again.err, /not part of a job definition/);
    // A misspelt member would be ignored by the API in silence (a recurring job made one-time):
    // the CLI names it, and still sends the file.
    const typo = join(s.localFolder(), 'typo.json');
    (await import('node:fs')).writeFileSync(
      typo,
      JSON.stringify({
        startTime: FAR,
        action: { type: 'http', request: { uri: sink.url('/typo'), method: 'GET', heders: { A: '1' } } },
        recurence: { frequency: 'day', interval: 1 },
      }),
    );
    const warned = await cli('jobs', 'create', 'typo', ...where, '--file', typo);
    assert.equal(warned.code, 0, warned.err);
    assert.equal(
      warned.err,
      `warning: ${typo}: not part of a job definition, so the API ignores them: action.request.heders, recurence (check the spelling)\n`,
    );
    const shown = await cli('jobs', 'get', 'rich', ...where);
    assert.equal(shown.code, 0, shown.err);
    assert.match(shown.out, /\nHeaders: +X-Trace: on\n/);
    assert.match(shown.out, /\nTime zone: +Europe\/Berlin\n/);
    assert.match(shown.out, /\nRetry: +fixed, 2 retries every 00:00:30\n/);
    assert.match(shown.out, /\nError action: +http GET http:\/\/127\.0\.0\.1:\d+\/err \(retry: /);
    // --next, as in `takt schedule preview`; --count is its old name, still taken.
    const occ = await cli('jobs', 'occurrences', 'rich', ...where, '--next', '3');
    assert.equal(occ.code, 0, occ.err);
    assert.deepEqual(occ.out.trimEnd().split('\n'), [
      `${YEAR}-01-01T00:00:00Z`,
      `${YEAR}-01-02T00:00:00Z`,
      `${YEAR}-01-03T00:00:00Z`,
    ]);
    const json = await cli('jobs', 'occurrences', 'rich', ...where, '--count', '2', '--json');
    assert.deepEqual(JSON.parse(json.out), [`${YEAR}-01-01T00:00:00Z`, `${YEAR}-01-02T00:00:00Z`]);
    const both = await cli('jobs', 'occurrences', 'rich', ...where, '--count', '2', '--next', '2');
    assert.equal(both.code, 2);
    assert.match(both.err, /--count: is the old name of --next/);
    const bad = await cli('jobs', 'occurrences', 'rich', ...where, '--next', '0');
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--next/);
  });

  test('defect 5 and history paging: newest 20 by default, --all, --top; --follow prints only new entries, aligned', async () => {
    assert.equal(
      (await cli('jobs', 'create', 'busy', ...where, '--uri', sink.url('/busy'), '--start-time', FAR)).code,
      0,
    );
    for (let i = 0; i < 22; i += 1) assert.equal((await cli('jobs', 'run', 'busy', ...where)).code, 0);
    await s.until('22 recorded runs', async () => (await historyCount('busy')) === 22);
    const rows = (out: string): string[] => out.trimEnd().split('\n').slice(1);
    assert.equal(rows((await cli('history', 'busy', ...where)).out).length, 20);
    assert.equal(rows((await cli('history', 'busy', ...where, '--all')).out).length, 22);
    assert.equal(rows((await cli('history', 'busy', ...where, '--top', '5')).out).length, 5);
    const table = (await cli('history', 'busy', ...where, '--top', '1')).out;
    assert.match(
      table,
      /\n\S+Z\s+completed\s+enabled\s+22\s+0\s+MainAction\s+\S+ m?s\s+\S+ m?s\s+Http Action/,
    );

    let out = '';
    let printed = (): void => undefined;
    const headerShown = new Promise<void>((resolve) => (printed = resolve));
    const args = ['history', 'busy', ...where, '--follow', '--interval', '1', '--max-entries', '1'];
    const done = main([...args, '--profile', s.serve.profile], {}, {
      out: (t) => {
        out += t;
        if (out.split('\n').length > 11) printed();
      },
      err: (t) => (out += t),
    }); // prettier-ignore
    await s.serve.whileRunning(headerShown);
    assert.equal((await cli('jobs', 'run', 'busy', ...where)).code, 0);
    assert.equal(await s.serve.whileRunning(done), 0, out);
    const lines = out.trimEnd().split('\n');
    assert.equal(lines.length, 12, `header, 10 for context, 1 new:\n${out}`);
    const occ = lines.slice(1).map((l) => Number(l.split(/\s+/)[3]));
    assert.deepEqual(occ, [13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23], 'no old entry printed as new');
    const statusAt = lines[0]!.indexOf('STATUS');
    const messageAt = lines[0]!.indexOf('MESSAGE');
    for (const l of lines.slice(1)) {
      assert.equal(l.indexOf('completed'), statusAt, `aligned: ${l}`);
      assert.equal(l.indexOf('Http Action'), messageAt, `aligned: ${l}`);
    }
  });

  test('defect 10: --url without --subscription takes the subscription of ./data/connection.json', async () => {
    const here = s.localFolder();
    const r = await s.cliIn(here, ['jobs', 'list', ...where, '--url', s.serve.url, '--json']);
    assert.equal(r.code, 0, r.err);
    assert.ok((JSON.parse(r.out) as unknown[]).length > 0);
    const plain = await s.cliIn(here, ['jobs', 'list', ...where, '--json']);
    assert.equal(plain.out, r.out);
  });

  test('--version, one-line unknown-option errors, and a closed pipe ends quietly', async () => {
    const v = await cli('--version');
    assert.equal(
      v.out,
      `${(JSON.parse((await import('node:fs')).readFileSync('package.json', 'utf8')) as { version: string }).version}\n`,
    );
    const bad = await cli('jobs', 'list', ...where, '--stat', 'enabled');
    assert.equal(bad.code, 2);
    assert.deepEqual(bad.err.trimEnd().split('\n'), [
      "error: unknown option '--stat'",
      '(Did you mean --state?)',
      '(run the command with --help for its options and examples)',
    ]);
    // The reader is gone before takt writes: every write fails with EPIPE.
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        new URL('./support/takt-main.ts', import.meta.url).pathname,
        'jobs',
        'create',
        '--help',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout.destroy();
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    assert.equal(err, '', 'no EPIPE stack');
    assert.equal(code, 0);
  });
});

function req(j: Job): Record<string, unknown> {
  return j.action['request'] as Record<string, unknown>;
}

function schedule(j: Job): unknown {
  return j.recurrence?.['schedule'];
}

function retry(j: Job): Record<string, unknown> {
  return j.action['retryPolicy'] as Record<string, unknown>;
}
