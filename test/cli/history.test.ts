// `takt history` against a real `takt serve` on SQLite: the engine runs a job against a local sink
// (one answer OK, one 500), and the CLI shows, filters and pages the recorded executions; --follow
// prints entries recorded after it started.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { HttpSink } from '../support/sinks/http-sink.js';
import { main } from '../../src/cli/main.js';
import { startCliServer, type CliServer } from './support/cli-server.js';

/** Next January 1st: within the API's 18 months, never reached while the test runs. */
const FAR = `${new Date().getUTCFullYear() + 1}-01-01T00:00:00Z`;
type Entry = { repeatCount: number; status?: string; state: string };

describe('takt history', () => {
  let s: CliServer;
  let sink: HttpSink;
  const where = ['-s', 'ops', '-c', 'main'];
  const cli = (...args: string[]) => s.cli(...args);
  const entries = async (...args: string[]): Promise<Entry[]> => {
    const r = await cli('history', 'ping', ...where, ...args, '--json');
    assert.equal(r.code, 0, r.err);
    return JSON.parse(r.out) as Entry[];
  };
  /** `jobs run` and wait until its execution is recorded (the history has `n` entries). */
  const runAndRecord = async (n: number): Promise<void> => {
    const r = await cli('jobs', 'run', 'ping', ...where);
    assert.equal(r.code, 0, r.err);
    await s.until(`execution ${n} to be recorded`, async () => (await entries('--all')).length === n);
  };

  before(async () => {
    sink = await HttpSink.start();
    // The first call succeeds, every later one fails (a 500 with no retries: a failed execution).
    sink.responder = (_req, res) => {
      res.statusCode = sink.requests.length === 1 ? 200 : 500;
      res.end('done');
    };
    s = await startCliServer();
    assert.equal((await cli('cs', 'create', 'ops', '--region', 'West US')).code, 0);
    assert.equal((await cli('collections', 'create', '-s', 'ops', 'main')).code, 0);
    const job = await cli(
      'jobs', 'create', 'ping', ...where, '--uri', sink.url('/ping'),
      '--every', '1d', '--start-time', FAR, '--retry', 'none',
    ); // prettier-ignore
    assert.equal(job.code, 0, job.err);
    await runAndRecord(1);
    await runAndRecord(2);
  });
  after(async () => {
    await s.stop();
    await sink.close();
  });

  test('prints a table newest first, with lateness and duration', async () => {
    const r = await cli('history', 'ping', ...where);
    assert.equal(r.code, 0, r.err);
    const lines = r.out.trimEnd().split('\n');
    assert.equal(lines.length, 3, r.out);
    assert.match(lines[0]!, /^START\s+STATUS\s+STATE\s+OCC\s+RETRY\s+ACTION\s+LATE\s+DURATION\s+MESSAGE$/);
    assert.match(
      lines[1]!,
      /^\S+Z\s+failed\s+enabled\s+2\s+0\s+MainAction\s+\S+ m?s\s+\S+ m?s\s+Http Action - Response from host '127\.0\.0\.1': 'Internal Server Error'/,
    );
    assert.match(
      lines[2]!,
      /^\S+Z\s+completed\s+enabled\s+1\s+0\s+MainAction\s+\S+ m?s\s+\S+ m?s\s+Http Action/,
    );
    assert.ok(lines[1]!.split(/\s+/)[0]! > lines[2]!.split(/\s+/)[0]!, 'newest first');
  });

  test('filters by status and state, pages with --top and --skip; refuses bad flags', async () => {
    const failed = await entries('--status', 'FAILED', '--top', '1', '--skip', '0');
    assert.deepEqual(
      failed.map((e) => [e.repeatCount, e.status]),
      [[2, 'failed']],
    );
    assert.deepEqual(
      (await entries('--status', 'completed')).map((e) => e.repeatCount),
      [1],
    );
    assert.deepEqual(
      (await entries('--state', 'enabled')).map((e) => e.repeatCount),
      [2, 1],
    );
    assert.deepEqual(await entries('--state', 'disabled'), []);
    assert.deepEqual(
      (await entries('--top', '1', '--skip', '1')).map((e) => e.repeatCount),
      [1],
    );
    const both = await cli('history', 'ping', ...where, '--state', 'enabled', '--status', 'failed');
    assert.equal(both.code, 2);
    assert.match(both.err, /--status: cannot be combined with --state/);
    const top = await cli('history', 'ping', ...where, '--top', '101');
    assert.equal(top.code, 2);
    assert.match(top.err, /--top: must be an integer from 1 to 100, got '101'/);
    // A flag that does not fit is refused, never dropped.
    for (const [args, message] of [
      [['--interval', '1'], /^error: --interval: only with --follow/],
      [['--max-entries', '2'], /^error: --max-entries: only with --follow/],
      [['-f', '--top', '2'], /^error: --top: cannot be combined with --follow/],
      [['-f', '--skip', '3'], /^error: --skip: cannot be combined with --follow/],
      [['-f', '--all'], /^error: --all: cannot be combined with --follow/],
    ] as const) {
      const r = await cli('history', 'ping', ...where, ...args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
      assert.match(r.err, message);
    }
    const missing = await cli('history', 'nope', ...where);
    assert.equal(missing.code, 3);
    assert.match(missing.err, /^error: ResourceNotFound: /);
  });

  test('--follow prints the entries recorded after it started', async () => {
    let out = '';
    let seeded = (): void => undefined;
    const contextShown = new Promise<void>((resolve) => (seeded = resolve));
    const args = ['history', 'ping', ...where, '--follow', '--interval', '1', '--max-entries', '1', '--json'];
    const done = main([...args, '--profile', s.serve.profile], {}, {
      out: (t) => {
        out += t;
        if (out.split('\n').length > 2) seeded();
      },
      err: (t) => (out += t),
    }); // prettier-ignore
    // The follower prints the two existing entries (context) after its first fetch; only then is a
    // third execution started, so it can only be printed as new.
    await s.serve.whileRunning(contextShown);
    assert.equal((await cli('jobs', 'run', 'ping', ...where)).code, 0);
    assert.equal(await s.serve.whileRunning(done), 0, out);
    const printed = out
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Entry);
    // The two older entries for context (oldest first), then the new one.
    assert.deepEqual(
      printed.map((e) => e.repeatCount),
      [1, 2, 3],
    );
  });

  test('--follow prints every entry recorded between two polls, also more than a page (100)', async () => {
    const before = (await entries('--all')).length;
    const burst = 150;
    let out = '';
    let err = '';
    let seeded = (): void => undefined;
    const contextShown = new Promise<void>((resolve) => (seeded = resolve));
    const interval = 15;
    const args = [
      'history',
      'ping',
      ...where,
      '-f',
      '--interval',
      String(interval),
      '--max-entries',
      String(burst),
      '--json',
    ];
    const done = main([...args, '--profile', s.serve.profile], {}, {
      out: (t) => {
        out += t;
        if (out.split('\n').length > Math.min(before, 10)) seeded();
      },
      err: (t) => (err += t),
    }); // prettier-ignore
    await s.serve.whileRunning(contextShown);
    const started = Date.now();
    // More executions than one page of the API ($top 100) before the follower's next poll.
    for (let i = 0; i < burst; i += 10) {
      const runs = await Promise.all(Array.from({ length: 10 }, () => cli('jobs', 'run', 'ping', ...where)));
      for (const r of runs) assert.equal(r.code, 0, r.err);
    }
    await s.until('the burst to be recorded', async () => (await entries('--all')).length === before + burst);
    assert.ok(
      Date.now() - started < (interval - 2) * 1000,
      'the burst must be recorded before the next poll',
    );
    // The old follower printed the newest 100 and then waited for more: bound the wait.
    const deadline = new Promise<'timeout'>((resolve) =>
      setTimeout(resolve, 3 * interval * 1000, 'timeout').unref(),
    );
    assert.equal(await s.serve.whileRunning(Promise.race([done, deadline])), 0, err);
    const printed = out
      .trimEnd()
      .split('\n')
      .map((l) => (JSON.parse(l) as Entry).repeatCount);
    const last = before + burst;
    assert.deepEqual(
      // Oldest first by the time each was recorded, which concurrent runs need not finish in order.
      printed.slice(-burst).sort((x, y) => x - y),
      Array.from({ length: burst }, (_, i) => last - burst + 1 + i),
    );
    assert.equal(err, '');
  });
});
