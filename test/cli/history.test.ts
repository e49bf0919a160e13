// `takt history`: filters and paging reach the API as $filter/$skip/$top; --follow prints entries
// recorded after it started.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RecordedRequest } from '../support/sinks/http-sink.js';
import { FakeTakt, makeTls, type FakeTls } from './support/fake-takt.js';
import { runCli, writeProfile, type ProfileDir } from './support/run-cli.js';

const entry = (n: number, status?: string) => ({
  timestamp: `2026-03-0${n}T02:00:01Z`,
  startTime: `2026-03-0${n}T02:00:00.250Z`,
  endTime: `2026-03-0${n}T02:00:00.750Z`,
  expectedExecutionTime: `2026-03-0${n}T02:00:00Z`,
  state: 'enabled',
  ...(status ? { status } : {}),
  message: `Http Action - Response from host '127.0.0.1': 'OK' run ${n}`,
  retryCount: 0,
  repeatCount: n,
  actionName: 'MainAction',
});

describe('takt history', () => {
  let tls: FakeTls;
  let fake: FakeTakt;
  let p: ProfileDir;
  const where = ['-s', 'ops', '-c', 'main'];
  const cli = (...args: string[]) => runCli([...args, '--profile', p.profile]);

  before(async () => {
    tls = await makeTls();
    fake = await FakeTakt.start(tls);
    p = writeProfile(fake.url, tls);
    await cli('cs', 'create', 'ops', '--region', 'West US');
    await cli('collections', 'create', '-s', 'ops', 'main');
    await cli('jobs', 'create', 'ping', ...where, '--uri', 'http://127.0.0.1:9/', '--every', '1d');
    fake.addHistory('ops', 'main', 'ping', entry(1));
    fake.addHistory('ops', 'main', 'ping', entry(2, 'failed'));
  });
  after(async () => {
    p.remove();
    await fake.close();
  });

  test('prints a table newest first, with lateness and duration', async () => {
    const r = await cli('history', 'ping', ...where);
    assert.equal(r.code, 0, r.err);
    const lines = r.out.trimEnd().split('\n');
    assert.match(lines[0]!, /^START\s+STATUS\s+STATE\s+OCC\s+RETRY\s+ACTION\s+LATE\s+DURATION\s+MESSAGE$/);
    assert.match(
      lines[1]!,
      /^2026-03-02T02:00:00\.250Z\s+failed\s+enabled\s+2\s+0\s+MainAction\s+250 ms\s+500 ms\s+Http Action/,
    );
    assert.match(lines[2]!, /^2026-03-01T02:00:00\.250Z\s+completed\s+/);
  });

  test('sends the filter and paging to the API', async () => {
    const r = await cli(
      'history',
      'ping',
      ...where,
      '--status',
      'FAILED',
      '--top',
      '1',
      '--skip',
      '0',
      '--json',
    );
    assert.equal(r.code, 0, r.err);
    assert.equal(
      decodeURIComponent(fake.requests.at(-1)!.path.split('?')[1]!),
      '$filter=status eq failed&$skip=0&$top=1',
    );
    assert.deepEqual(
      JSON.parse(r.out).map((e: { repeatCount: number }) => e.repeatCount),
      [2],
    );
    const state = await cli('history', 'ping', ...where, '--state', 'enabled', '--json');
    assert.equal(JSON.parse(state.out).length, 2);
    const both = await cli('history', 'ping', ...where, '--state', 'enabled', '--status', 'failed');
    assert.equal(both.code, 2);
    assert.match(both.err, /--status: cannot be combined with --state/);
    const top = await cli('history', 'ping', ...where, '--top', '101');
    assert.equal(top.code, 2);
    assert.match(top.err, /--top: must be an integer from 1 to 100, got '101'/);
    const missing = await cli('history', 'nope', ...where);
    assert.equal(missing.code, 3);
  });

  test('--follow prints the entries recorded after it started', async () => {
    const seenHistoryRequest = new Promise<void>((resolve) => {
      const onRequest = (r: RecordedRequest): void => {
        if (/\/history/.test(r.path)) {
          fake.sink.off('request', onRequest);
          resolve();
        }
      };
      fake.sink.on('request', onRequest);
    });
    const running = cli(
      'history',
      'ping',
      ...where,
      '--follow',
      '--interval',
      '1',
      '--max-entries',
      '1',
      '--json',
    );
    await seenHistoryRequest;
    fake.addHistory('ops', 'main', 'ping', entry(3));
    const r = await running;
    assert.equal(r.code, 0, r.err);
    const printed = r.out
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { repeatCount: number });
    // The two older entries for context (oldest first), then the new one.
    assert.deepEqual(
      printed.map((e) => e.repeatCount),
      [1, 2, 3],
    );
  });
});
