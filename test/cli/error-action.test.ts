/**
 * `takt jobs create|set` with the error action flags (src/cli/commands/error-action-flags.ts)
 * against a real `takt serve`: the error action is written, runs once the main action has failed for
 * good, is changed member by member, switched to another kind and removed; bad combinations are
 * refused before any request, naming the flag.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { HttpSink, type RecordedRequest } from '../support/sinks/http-sink.js';
import { startCliServer, type CliServer } from './support/cli-server.js';

const FAR = `${new Date().getUTCFullYear() + 1}-01-01T00:00:00Z`;

describe('takt jobs: the error action from flags', () => {
  let s: CliServer;
  let sink: HttpSink;
  const where = ['-s', 'ea', '-c', 'main'];
  const cli = (...args: string[]) => s.cli(...args);
  const errorAction = async (id: string): Promise<unknown> => {
    const r = await cli('jobs', 'get', id, ...where, '--json');
    assert.equal(r.code, 0, r.err);
    return (JSON.parse(r.out) as { action: { errorAction?: unknown } }).action.errorAction;
  };

  before(async () => {
    sink = await HttpSink.start();
    sink.responder = (req, res) => {
      res.statusCode = req.path.startsWith('/fail') ? 500 : 200;
      res.end('done');
    };
    s = await startCliServer();
    assert.equal((await cli('cloud-services', 'create', 'ea', '--region', 'West Europe')).code, 0);
    const jc = await cli('collections', 'create', '-s', 'ea', 'main', '--plan', 'Standard');
    assert.equal(jc.code, 0, jc.err);
  });
  after(async () => {
    await s.stop();
    await sink.close();
  });

  test('the error action runs with its method, headers and body once the main action has failed', async () => {
    const onError = new Promise<RecordedRequest>((resolve) => {
      const next = (): void => {
        void sink.nextRequest().then((r) => (r.path === '/on-error' ? resolve(r) : next()));
      };
      next();
    });
    const c = await cli(
      'jobs',
      'create',
      'doomed',
      ...where,
      '--uri',
      sink.url('/fail'),
      '--retry',
      'none',
      '--error-uri',
      sink.url('/on-error'),
      '--error-method',
      'post',
      '--error-header',
      'X-Why: main failed',
      '--error-body',
      'alert',
    );
    assert.equal(c.code, 0, c.err);
    const hit = await onError;
    assert.equal(hit.method, 'POST');
    assert.equal(hit.body.toString(), 'alert');
    assert.ok(hit.headers.some(([n, v]) => n.toLowerCase() === 'x-why' && v === 'main failed'));
    const shown = await cli('jobs', 'get', 'doomed', ...where);
    assert.match(shown.out, /Error action:\s+http POST http:\/\/127\.0\.0\.1:\d+\/on-error/);
    // Without a policy of its own the error action retries as the main action does (none here).
    assert.match(shown.out, /\/on-error \(retry: none, the main action's\)/);
  });

  test('set changes the error action member by member, switches its kind and removes it', async () => {
    const c = await cli(
      'jobs',
      'create',
      'later',
      ...where,
      '--uri',
      sink.url('/ok'),
      '--every',
      '1d',
      '--start-time',
      FAR,
      '--error-uri',
      sink.url('/e'),
      '--error-header',
      'A: 1',
      '--error-header',
      'B: 2',
    );
    assert.equal(c.code, 0, c.err);
    const merged = await cli(
      'jobs',
      'set',
      'later',
      ...where,
      '--error-header',
      'A:',
      '--error-header',
      'C: 3',
      '--error-body',
      'hi',
    );
    assert.equal(merged.code, 0, merged.err);
    assert.deepEqual(await errorAction('later'), {
      type: 'http',
      request: { uri: sink.url('/e'), method: 'GET', headers: { B: '2', C: '3' }, body: 'hi' },
    });

    const partial = await cli(
      'jobs',
      'set',
      'later',
      ...where,
      '--error-queue-name',
      'jobs',
      '--error-queue-account',
      'acct',
    );
    assert.equal(partial.code, 2);
    assert.match(partial.err, /--error-sas-token: is required for a Storage Queue error action/);
    const queue = await cli(
      'jobs',
      'set',
      'later',
      ...where,
      '--error-queue-account',
      'acct',
      '--error-queue-name',
      'jobs',
      '--error-sas-token',
      '?sv=2019-02-02&sig=x',
      '--error-message',
      'failed',
    );
    assert.equal(queue.code, 0, queue.err);
    // The SAS token is a secret: stored, never returned.
    assert.deepEqual(await errorAction('later'), {
      type: 'storageQueue',
      queueMessage: { storageAccount: 'acct', queueName: 'jobs', message: 'failed' },
    });
    const message = await cli('jobs', 'set', 'later', ...where, '--error-message', 'still failed');
    assert.equal(message.code, 0, message.err);
    assert.deepEqual(await errorAction('later'), {
      type: 'storageQueue',
      queueMessage: { storageAccount: 'acct', queueName: 'jobs', message: 'still failed' },
    });

    const removed = await cli('jobs', 'set', 'later', ...where, '--error-action', 'none');
    assert.equal(removed.code, 0, removed.err);
    assert.equal(await errorAction('later'), undefined);
  });

  test('bad combinations are refused before any request, naming the flag', async () => {
    const cases: [string[], RegExp][] = [
      [['--uri', sink.url('/x'), '--error-action', 'none'], /--error-action none: only on set/],
      [['--uri', sink.url('/x'), '--error-action', 'all'], /--error-action: must be one of none, got 'all'/],
      [
        ['--uri', sink.url('/x'), '--error-method', 'POST'],
        /--error-uri: is required for an HTTP error action/,
      ],
      [
        ['--uri', sink.url('/x'), '--error-uri', 'ftp://x/'],
        /--error-uri: must be an absolute http:\/\/ or https:\/\/ URI/,
      ],
      [
        ['--uri', sink.url('/x'), '--error-uri', sink.url('/e'), '--error-queue-name', 'q'],
        /choose one kind of error action/,
      ],
      [
        ['--uri', sink.url('/x'), '--error-uri', sink.url('/e'), '--error-header', 'nocolon'],
        /--error-header: must be 'Name: value'/,
      ],
      [['--error-uri', sink.url('/e')], /an action is required/],
    ];
    for (const [flags, message] of cases) {
      const r = await cli('jobs', 'create', 'refused', ...where, ...flags);
      assert.equal(r.code, 2, `${flags.join(' ')}: ${r.err}`);
      assert.match(r.err, message);
    }
    // With --file, any definition flag is refused as such, even one that is wrong on its own.
    const file = await cli('jobs', 'create', 'refused', ...where, '--file', 'job.json', '--error-body', 'x');
    assert.equal(file.code, 2);
    assert.match(file.err, /--file: cannot be combined with definition flags/);
    const missing = await cli('jobs', 'get', 'refused', ...where);
    assert.equal(missing.code, 3, 'nothing was created');
  });
});
