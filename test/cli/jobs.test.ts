// Jobs through the CLI against a real `takt serve` on SQLite: flags and wire JSON files become the
// stored definitions (read back with `jobs get --json`); bad input is refused locally, naming the
// flag or the JSON path; API errors print the Azure code and message; every way to connect works.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ROOT } from '../../support/serve.js';
import { header, HttpSink } from '../support/sinks/http-sink.js';
import { runCli } from './support/run-cli.js';
import { startCliServer, type CliServer } from './support/cli-server.js';

/** Next January 1st: within the API's 18 months, never reached while the test runs. */
const YEAR = new Date().getUTCFullYear() + 1;
const FAR = `${YEAR}-01-01T00:00:00Z`;
type Doc = Record<string, unknown>;

describe('takt jobs', () => {
  let s: CliServer;
  let sink: HttpSink;
  const where = ['-s', 'ops', '-c', 'main'];
  const cli = (...args: string[]) => s.cli(...args);
  /** The stored job as the API shows it, without its status (counters and times). */
  const stored = async (id: string): Promise<Doc> => {
    const r = await cli('jobs', 'get', id, ...where, '--json');
    assert.equal(r.code, 0, r.err);
    const { status: _status, ...job } = JSON.parse(r.out) as Doc;
    return job;
  };

  before(async () => {
    sink = await HttpSink.start();
    s = await startCliServer();
    assert.equal((await cli('cs', 'create', 'ops', '--region', 'West US')).code, 0);
    assert.equal((await cli('collections', 'create', '-s', 'ops', 'main')).code, 0);
  });
  after(async () => {
    await s.stop();
    await sink.close();
  });

  test('creates an HTTP job from flags; the secret is stored, used and never shown', async () => {
    const r = await cli(
      'jobs', 'create', 'report', ...where,
      '--uri', sink.url('/run'), '--method', 'post',
      '--header', 'Content-Type: application/json', '--body', '{"full":true}',
      '--every', '1d', '--hours', '2', '--minutes', '0,30', '--start-time', FAR,
      '--retry', 'fixed', '--retry-count', '3', '--retry-interval', 'PT1M',
      '--auth', 'basic', '--username', 'svc', '--password', 's3cret',
    ); // prettier-ignore
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, `Created job report; next run ${YEAR}-01-01T02:00:00Z.\n`);
    assert.deepEqual(await stored('report'), {
      id: 'report',
      startTime: FAR,
      state: 'enabled',
      action: {
        type: 'http',
        request: {
          uri: sink.url('/run'),
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: '{"full":true}',
          authentication: { type: 'Basic', username: 'svc' },
        },
        retryPolicy: { retryType: 'fixed', retryInterval: '00:01:00', retryCount: 3 },
      },
      recurrence: { frequency: 'day', interval: 1, schedule: { minutes: [0, 30], hours: [2] } },
    });
    // The password went to the server: a run sends it.
    const hit = sink.nextRequest();
    assert.equal((await cli('jobs', 'run', 'report', ...where)).code, 0);
    const req = await s.serve.whileRunning(hit);
    assert.equal(header(req, 'authorization'), `Basic ${Buffer.from('svc:s3cret').toString('base64')}`);
    assert.equal(req.body.toString(), '{"full":true}');
    await s.until('the run to be recorded', async () => {
      const h = await cli('history', 'report', ...where, '--json');
      return (JSON.parse(h.out) as unknown[]).length === 1;
    });
  });

  test('creates Storage Queue and Service Bus jobs, and one with a server-assigned id (POST)', async () => {
    const q = await cli(
      'jobs', 'create', 'enqueue', ...where,
      '--queue-account', 'acct', '--queue-name', 'work', '--sas-token', '?sv=1&sig=x', '--message', 'hi',
      '--every', '1h', '--disabled',
    ); // prettier-ignore
    assert.equal(q.code, 0, q.err);
    assert.equal(q.out, 'Created job enqueue; it is disabled.\n');
    assert.deepEqual(await stored('enqueue'), {
      id: 'enqueue',
      state: 'disabled',
      action: {
        type: 'storageQueue',
        queueMessage: { storageAccount: 'acct', queueName: 'work', message: 'hi' },
      },
      recurrence: { frequency: 'hour', interval: 1 },
    });
    const t = await cli(
      'jobs', 'create', 'publish', ...where, '--sb-namespace', 'ns', '--sb-topic', 'events',
      '--sas-key-name', 'k', '--sas-key', 'v', '--message', 'm', '--once', '--start-time', FAR,
    ); // prettier-ignore
    assert.equal(t.code, 0, t.err);
    assert.deepEqual((await stored('publish'))['action'], {
      type: 'serviceBusTopic',
      serviceBusTopicMessage: {
        topicPath: 'events',
        namespace: 'ns',
        authentication: { sasKeyName: 'k', type: 'SharedAccessKey' },
        message: 'm',
      },
    });
    const sbq = await cli(
      'jobs', 'create', 'send', ...where, '--sb-namespace', 'ns', '--sb-queue', 'orders',
      '--sas-key-name', 'k', '--sas-key', 'v', '--message', 'm', '--every', '1d', '--start-time', FAR,
    ); // prettier-ignore
    assert.equal(sbq.code, 0, sbq.err);
    assert.deepEqual((await stored('send'))['action'], {
      type: 'serviceBusQueue',
      serviceBusQueueMessage: {
        queueName: 'orders',
        namespace: 'ns',
        authentication: { sasKeyName: 'k', type: 'SharedAccessKey' },
        message: 'm',
      },
    });
    const posted = await cli(
      'jobs', 'create', ...where, '--uri', sink.url('/x'), '--start-time', FAR, '--json',
    ); // prettier-ignore
    assert.equal(posted.code, 0, posted.err);
    const id = (JSON.parse(posted.out) as { id: string }).id;
    assert.match(id, /^[0-9a-f]{32}$/);
    // `delete`, the API's word, is an alias of `remove` (and `rm`).
    assert.equal((await cli('jobs', 'delete', id, ...where)).code, 0);
    assert.equal((await cli('jobs', 'get', id, ...where)).code, 3);
  });

  test('lists with a state filter and paging, as a table and as JSON without secrets', async () => {
    const table = await cli('jobs', 'list', ...where);
    assert.equal(table.code, 0, table.err);
    const lines = table.out.trimEnd().split('\n');
    assert.match(
      lines[0]!,
      /^ID\s+TYPE\s+STATE\s+NEXT RUN\s+LAST RUN\s+RUNS\/FAIL\/FAULT\s+RECURRENCE\s+TARGET$/,
    );
    assert.match(
      table.out,
      new RegExp(
        `\\nreport\\s+http\\s+enabled\\s+${YEAR}-01-01T02:00:00Z\\s+\\S+Z\\s+1/0/0\\s+every 1 day hours=2 minutes=0,30\\s+POST http://127\\.0\\.0\\.1:\\d+/run\\n`,
      ),
    );
    assert.match(
      table.out,
      /\nenqueue\s+storageQueue\s+disabled\s+-\s+-\s+-\s+every 1 hour\s+queue acct\/work\n/,
    );

    // Times in the recurrence column read like the rest of it, not as raw ISO timestamps.
    assert.match(
      table.out,
      new RegExp(
        `\\npublish\\s+serviceBusTopic\\s+enabled\\s+\\S+\\s+-\\s+0/0/0\\s+once at ${YEAR}-01-01 00:00 UTC\\s+sb topic ns/events\\n`,
      ),
    );
    const until = await cli(
      'jobs', 'create', 'bounded', ...where, '--uri', sink.url('/b'), '--every', '1h',
      '--start-time', FAR, '--end-time', `${YEAR}-02-01T12:30:15+01:00`, '--disabled',
    ); // prettier-ignore
    assert.equal(until.code, 0, until.err);
    const shown = await cli('jobs', 'get', 'bounded', ...where);
    assert.match(shown.out, new RegExp(`\\nRecurrence: +every 1 hour until ${YEAR}-02-01 11:30:15 UTC\\n`));
    assert.equal((await cli('jobs', 'rm', 'bounded', ...where)).code, 0);
    const ids = async (...args: string[]): Promise<string[]> => {
      const r = await cli('jobs', 'list', ...where, ...args, '--json');
      assert.equal(r.code, 0, r.err);
      assert.doesNotMatch(r.out, /sasToken|sasKey"|password/);
      return (JSON.parse(r.out) as { id: string }[]).map((j) => j.id);
    };
    assert.deepEqual(await ids('--state', 'Disabled', '--top', '5', '--skip', '0'), ['enqueue']);
    assert.deepEqual(await ids(), ['enqueue', 'publish', 'report', 'send']);
    assert.deepEqual(await ids('--top', '2', '--skip', '1'), ['publish', 'report']);
    assert.deepEqual(await ids('--search', 'ORDERS'), ['send']);
    // --skip and --top count the matches, not the jobs the API lists.
    assert.deepEqual(await ids('--search', 'ns/'), ['publish', 'send']);
    assert.deepEqual(await ids('--search', 'ns/', '--top', '1'), ['publish']);
    assert.deepEqual(await ids('--search', 'ns/', '--top', '1', '--skip', '1'), ['send']);
  });

  test('set merges flags; --file replaces; enable, disable, run, remove', async () => {
    const set = await cli('jobs', 'set', 'report', ...where, '--every', '1w', '--week-days', 'mon,FRIDAY');
    assert.equal(set.code, 0, set.err);
    assert.deepEqual(
      (await stored('report'))['recurrence'],
      {
        frequency: 'week',
        interval: 1,
        schedule: { weekDays: ['monday', 'friday'], hours: [2], minutes: [0, 30] },
      },
      'the new week days merge into the stored schedule',
    );

    const auth = await cli('jobs', 'set', 'report', ...where, '--auth', 'none');
    assert.equal(auth.code, 0, auth.err);
    const request = ((await stored('report'))['action'] as Doc)['request'] as Doc;
    assert.equal(request['authentication'], undefined);
    assert.equal(request['body'], '{"full":true}', 'the rest of the request is kept');

    const once = await cli('jobs', 'set', 'report', ...where, '--once');
    assert.equal(once.code, 0, once.err);
    assert.equal((await stored('report'))['recurrence'], undefined);

    const file = join(s.tempFolder(), 'report.json');
    writeFileSync(
      file,
      JSON.stringify({
        id: 'report',
        startTime: FAR,
        action: { type: 'http', request: { uri: sink.url('/v2'), method: 'GET' } },
        status: { executionCount: 4 },
      }),
    );
    const replaced = await cli('jobs', 'set', 'report', ...where, '--file', file, '--json');
    assert.equal(replaced.code, 0, replaced.err);
    assert.deepEqual(await stored('report'), {
      id: 'report',
      startTime: FAR,
      state: 'enabled',
      action: { type: 'http', request: { uri: sink.url('/v2'), method: 'GET' } },
    });

    const disabled = await cli('jobs', 'disable', 'report', ...where);
    assert.match(
      disabled.out,
      /^Job report is disabled: no occurrence starts and waiting retries are cancelled/,
    );
    assert.equal((await stored('report'))['state'], 'disabled');
    const enabled = await cli('jobs', 'enable', 'report', ...where);
    assert.match(enabled.out, /^Job report is enabled; next run /);

    const hit = sink.nextRequest();
    const ran = await cli('jobs', 'run', 'report', ...where);
    assert.equal(ran.code, 0, ran.err);
    assert.equal((await s.serve.whileRunning(hit)).path, '/v2');

    const got = await cli('jobs', 'get', 'report', ...where);
    assert.match(got.out, /Target:\s+GET http:\/\/127\.0\.0\.1:\d+\/v2\n/);
    const removed = await cli('jobs', 'rm', 'report', ...where);
    assert.equal(removed.code, 0);
    const gone = await cli('jobs', 'get', 'report', ...where);
    assert.equal(gone.code, 3);
    assert.match(gone.err, /^error: ResourceNotFound: /);
  });

  test('refuses a duplicate id with ConflictError, and bad flags and files before sending', async () => {
    const dupArgs = ['--uri', sink.url('/dup'), '--start-time', FAR];
    assert.equal((await cli('jobs', 'create', 'dup', ...where, ...dupArgs)).code, 0);
    const dup = await cli('jobs', 'create', 'dup', ...where, ...dupArgs);
    assert.equal(dup.code, 1);
    assert.match(dup.err, /^error: ConflictError: /);

    const bad = join(s.tempFolder(), 'bad.json');
    const cases: [string[], RegExp][] = [
      [['--uri', 'ftp://x'], /--uri: must be an absolute http:\/\/ or https:\/\/ URI/],
      [['--uri', 'http://x/', '--every', '5 fortnights'], /--every: must look like 5m/],
      [
        ['--uri', 'http://x/', '--every', '1h', '--minutes', '61'],
        /--minutes: each value must be an integer from 0 to 59, got '61'/,
      ],
      [['--uri', 'http://x/', '--week-days', 'mon'], /--every: is required with --minutes/],
      [
        ['--uri', 'http://x/', '--auth', 'basic', '--username', 'u'],
        /--password: is required with --auth basic/,
      ],
      [['--uri', 'http://x/', '--queue-name', 'jobs'], /choose one kind of action/],
      // A flag that does not fit the action is refused, never dropped.
      [
        ['--uri', 'http://x/', '--password', 'p'],
        /^error: --password: needs --auth \(basic, cert or oauth\)/,
      ],
      [
        ['--uri', 'http://x/', '--message', 'hi'],
        /^error: --message: only for Storage Queue or Service Bus jobs/,
      ],
      [
        ['--uri', 'http://x/', '--auth', 'basic', '--username', 'u', '--password', 'p', '--tenant', 't'],
        /^error: --tenant: only with --auth oauth/,
      ],
      [
        ['--queue-account', 'a', '--queue-name', 'jobs', '--sas-token', 't', '--body', 'x'],
        /^error: --body: only for HTTP jobs/,
      ],
      [
        ['--queue-account', 'a', '--queue-name', 'jobs', '--sas-token', 't', '--header', 'A: b'],
        /^error: --header: only for HTTP jobs/,
      ],
      [
        [
          '--sb-namespace',
          'n',
          '--sb-queue',
          'q',
          '--sas-key-name',
          'k',
          '--sas-key',
          's',
          '--sas-token',
          't',
        ],
        /^error: --sas-token: only for Storage Queue jobs/,
      ],
      [['--message', 'm'], /--uri: an action is required/],
      [
        ['--uri', 'http://x/', '--every', '1w', '--month-days', '3'],
        /^error: --month-days: Cannot set days of month with recurrence unit 'Week'\./,
      ],
      [
        ['--uri', 'http://x/', '--every', '1h', '--week-days', 'mon'],
        /^error: --week-days: Cannot set days of week with recurrence unit 'Hour'\./,
      ],
      [
        ['--uri', 'http://x/', '--cron', '0 0 31 2 *'],
        /^error: --cron: no day of \[31\] exists in months \[2\]/,
      ],
      [['--uri', 'http://x/', '--every', '0m'], /^error: --every: must be an integer of at least 1, got '0'/],
      // A message about a queue or Service Bus member names the flag that set it, not `flags:`.
      [
        ['--queue-account', 'acct', '--queue-name', 'q', '--sas-token', 's', '--message', 'hi'],
        /^error: --queue-name: must be 3 to 63/,
      ],
      [
        [
          '--sb-namespace',
          'bad ns!',
          '--sb-queue',
          'q',
          '--sas-key-name',
          'k',
          '--sas-key',
          's',
          '--message',
          'm',
        ],
        /^error: --sb-namespace: /,
      ],
      // A schedule with --every in minutes names the schedule flag and the rule.
      [
        ['--uri', 'http://x/', '--every', '1m', '--hours', '3'],
        /^error: --hours: a schedule \(--minutes, --hours, --week-days, --month-days, --months\) cannot be combined with --every in minutes/,
      ],
      // A field the server's parser checks names the flag that set it.
      [
        ['--uri', 'http://x/', '--start-time', 'tomorrow'],
        /^error: --start-time: 'tomorrow' is not a valid ISO 8601 date-time/,
      ],
      [
        ['--uri', 'http://x/', '--every', '1h', '--end-time', 'soon'],
        /^error: --end-time: 'soon' is not a valid ISO 8601 date-time/,
      ],
      [['--file', bad], /bad\.json: not valid JSON/],
    ];
    writeFileSync(bad, '{"action": ');
    // The reason and position of a JSON error, never the text around it (here a password).
    const leaky = join(s.tempFolder(), 'leaky.json');
    writeFileSync(
      leaky,
      '{"action":{"request":{"authentication":{"type":"Basic","password":FILELEAK_unq}}}}',
    );
    const leak = await cli('jobs', 'create', 'x', ...where, '--file', leaky);
    assert.equal(leak.code, 2);
    assert.match(leak.err, /leaky\.json: not valid JSON: Unexpected token/);
    assert.doesNotMatch(leak.err, /FILELEAK/);
    const profile = join(s.tempFolder(), 'leaky-profile.json');
    writeFileSync(profile, '{"url":"https://127.0.0.1:1","token": takt_PROFILELEAK}');
    const badProfile = await s.cliIn(s.tempFolder(), [
      'jobs',
      'list',
      '-s',
      'x',
      '-c',
      'y',
      '--profile',
      profile,
    ]);
    assert.equal(badProfile.code, 2, badProfile.err);
    assert.match(badProfile.err, /leaky-profile\.json: not valid JSON \(Unexpected token/);
    assert.doesNotMatch(badProfile.err, /PROFILELEAK/);
    for (const [args, message] of cases) {
      const r = await cli('jobs', 'create', 'x', ...where, ...args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
      assert.match(r.err, message);
    }
    for (const [doc, message] of [
      [
        { action: { type: 'http', request: { method: 'GET' } } },
        /bad\.json: action\.request\.uri: is required/,
      ],
      [
        {
          action: { type: 'http', request: { uri: 'http://x/', method: 'GET' } },
          recurrence: { frequency: 'year' },
        },
        /bad\.json: recurrence\.frequency: /,
      ],
      [[1, 2], /bad\.json: must be a JSON object/],
    ] as const) {
      writeFileSync(bad, JSON.stringify(doc));
      const r = await cli('jobs', 'create', 'x', ...where, '--file', bad);
      assert.equal(r.code, 2, r.err);
      assert.match(r.err, message);
    }
    assert.equal((await cli('jobs', 'get', 'x', ...where)).code, 3, 'nothing was created');
  });

  test('connects with --url and --token or --cert/--key, and explains missing or wrong credentials', async () => {
    const c = s.serve.connection;
    const elsewhere = s.tempFolder(); // no ./data/connection.json to fall back on
    const run = (...args: string[]) =>
      s.cliIn(elsewhere, ['jobs', 'list', ...where, '--url', s.serve.url, ...args]);
    const ok = await run(
      '--subscription',
      c.subscriptionId,
      '--token',
      c.token,
      '--ca',
      c.caCertPath,
      '--json',
    );
    assert.equal(ok.code, 0, ok.err);
    assert.ok((JSON.parse(ok.out) as unknown[]).length > 0);
    const byCert = await run(
      '--subscription', c.subscriptionId, '--cert', c.certPath, '--key', c.keyPath, '--ca', c.caCertPath, '--json',
    ); // prettier-ignore
    assert.equal(byCert.code, 0, byCert.err);
    assert.equal(byCert.out, ok.out);
    const halfCert = await run(
      '--subscription',
      c.subscriptionId,
      '--cert',
      c.certPath,
      '--ca',
      c.caCertPath,
    );
    assert.equal(halfCert.code, 2);
    assert.match(halfCert.err, /^error: --key: a client certificate needs both --cert and --key/);
    const wrong = await run('--subscription', c.subscriptionId, '--token', 'nope', '--ca', c.caCertPath);
    assert.equal(wrong.code, 4);
    assert.match(wrong.err, /^error: AuthenticationFailed: /);
    // In the data folder, whose profile holds the admin certificate too: a token given as a flag is
    // tried alone (it was sent beside the certificate, so a wrong one passed).
    const wrongHere = await cli('jobs', 'list', ...where, '--token', 'nope');
    assert.equal(wrongHere.code, 4, wrongHere.err);
    assert.match(wrongHere.err, /^error: AuthenticationFailed: /);
    assert.equal((await cli('jobs', 'list', ...where, '--token', c.token)).code, 0);
    const noSub = await run('--token', c.token);
    assert.equal(noSub.code, 2);
    assert.match(noSub.err, /--subscription: is required/);
    const badUrl = await s.cliIn(elsewhere, [
      'jobs', 'list', ...where, '--url', 'localhost:1', '--subscription', c.subscriptionId, '--token', 't',
    ]); // prettier-ignore
    assert.equal(badUrl.code, 2);
    assert.match(badUrl.err, /--url: must be an http:\/\/ or https:\/\/ URL|--url: must be an absolute URL/);
    const untrusted = await run('--subscription', c.subscriptionId, '--token', c.token);
    assert.equal(untrusted.code, 4, 'the server certificate is not trusted without --ca');
    assert.match(untrusted.err, /^error: cannot reach https:\/\/127\.0\.0\.1:\d+: /);
    const missingProfile = await s.cliIn(elsewhere, [
      'jobs', 'list', ...where, '--profile', join(elsewhere, 'none.json'),
    ]); // prettier-ignore
    assert.equal(missingProfile.code, 2);
    assert.match(missingProfile.err, /--profile: file not found: /);
    const envProfile = await s.cliIn(elsewhere, ['jobs', 'list', ...where, '--json'], {
      TAKT_PROFILE: s.serve.profile,
    });
    assert.equal(envProfile.code, 0, envProfile.err);
    assert.equal(envProfile.out, ok.out);
    const envCollection = await s.cliIn(elsewhere, ['jobs', 'list', '--json'], {
      TAKT_PROFILE: s.serve.profile,
      TAKT_CLOUD_SERVICE: 'ops',
      TAKT_COLLECTION: 'main',
    });
    assert.equal(envCollection.code, 0, envCollection.err);
    assert.equal(envCollection.out, ok.out);
    // $TAKT_TOKEN is --token out of `ps`: tried alone, as the flag is; the flag wins over it.
    const byEnv = await s.cliIn(
      elsewhere,
      [
        'jobs',
        'list',
        ...where,
        '--url',
        s.serve.url,
        '--subscription',
        c.subscriptionId,
        '--ca',
        c.caCertPath,
        '--json',
      ],
      { TAKT_TOKEN: c.token },
    );
    assert.equal(byEnv.code, 0, byEnv.err);
    assert.equal(byEnv.out, ok.out);
    // In a folder whose profile holds the admin certificate: the variable's wrong token is tried alone.
    const wrongByEnv = await s.cliIn(s.localFolder(), ['jobs', 'list', ...where], { TAKT_TOKEN: 'nope' });
    assert.equal(wrongByEnv.code, 4, wrongByEnv.err);
    const flagWins = await s.cliIn(elsewhere, [
      'jobs', 'list', ...where, '--url', s.serve.url, '--subscription', c.subscriptionId, '--ca', c.caCertPath, '--token', c.token,
    ], { TAKT_TOKEN: 'nope' }); // prettier-ignore
    assert.equal(flagWins.code, 0, flagWins.err);
  });

  test('without --profile it uses ./data/connection.json of the working directory', async () => {
    const none = await s.cliIn(s.tempFolder(), ['jobs', 'list', ...where]);
    assert.equal(none.code, 2);
    assert.match(none.err, /^error: no connection profile: .*data\/connection\.json does not exist/);
    const used = await s.cliIn(s.localFolder(), ['jobs', 'list', ...where, '--json']);
    assert.equal(used.code, 0, used.err);
    assert.ok((JSON.parse(used.out) as unknown[]).length > 0);
    assert.ok(readFileSync(s.serve.profile, 'utf8').includes(s.serve.url));
  });

  test('every command has --help with examples', async () => {
    for (const cmd of [
      ['jobs'],
      ['collections'],
      ['cloud-services'],
      ['jobs', 'create'],
      ['jobs', 'list'],
      ['jobs', 'set'],
      ['jobs', 'run'],
      ['collections', 'set'],
      ['cloud-services', 'create'],
      ['history'],
      ['export'],
      ['import'],
    ]) {
      const r = await runCli([...cmd, '--help']);
      assert.equal(r.code, 0, cmd.join(' '));
      assert.match(r.out, /\nExamples:\n {2}\$ takt /, cmd.join(' '));
    }
  });
  test('--password-stdin reads the password from standard input, keeping it off the command line', async () => {
    // A real process: the password is piped to bin/takt.js as `echo "$PW" | takt …` would.
    const takt = async (stdin: string, ...args: string[]): Promise<{ code: number | null; err: string }> => {
      const child = spawn(
        process.execPath,
        [join(ROOT, 'bin', 'takt.js'), ...args, '--profile', s.serve.profile],
        {
          stdio: ['pipe', 'ignore', 'pipe'],
        },
      );
      let err = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
      child.stdin.end(stdin);
      const [code] = (await s.serve.whileRunning(once(child, 'exit'))) as [number | null];
      return { code, err };
    };
    const create = [
      'jobs',
      'create',
      'pwin',
      ...where,
      '--uri',
      sink.url('/pwin'),
      '--once',
      '--start-time',
      FAR,
    ];
    const c = await takt('s3cret\n', ...create, '--auth', 'basic', '--username', 'svc', '--password-stdin');
    assert.equal(c.code, 0, c.err);
    const basic = async (password: string): Promise<void> => {
      const hit = sink.nextRequest();
      assert.equal((await cli('jobs', 'run', 'pwin', ...where)).code, 0);
      const req = await s.serve.whileRunning(hit);
      assert.equal(
        header(req, 'authorization'),
        `Basic ${Buffer.from(`svc:${password}`).toString('base64')}`,
      );
    };
    await basic('s3cret');
    const set = await takt('n3w', 'jobs', 'set', 'pwin', ...where, '--password-stdin');
    assert.equal(set.code, 0, set.err);
    await basic('n3w');
    const empty = await takt('', 'jobs', 'set', 'pwin', ...where, '--password-stdin');
    assert.equal(empty.code, 2);
    assert.match(empty.err, /^error: --password-stdin: standard input is empty/);
    const both = await takt('x', 'jobs', 'set', 'pwin', ...where, '--password-stdin', '--password', 'y');
    assert.equal(both.code, 2);
    assert.match(both.err, /^error: --password-stdin: cannot be combined with --password/);
    await basic('n3w');
    // A refused --password-stdin is named as written, not as the --password that was not given.
    const plainJob = [...create.slice(0, 2), 'pwin-plain', ...create.slice(3)];
    assert.equal((await cli(...plainJob)).code, 0);
    const noAuth = await takt('x', 'jobs', 'set', 'pwin-plain', ...where, '--password-stdin');
    assert.equal(noAuth.code, 2);
    assert.match(noAuth.err, /^error: --password-stdin: the job has no outbound authentication; pass --auth/);
    const noKind = await takt('x', ...create.slice(0, 2), 'pwin-new', ...create.slice(3), '--password-stdin');
    assert.equal(noKind.code, 2);
    assert.match(noKind.err, /^error: --password-stdin: needs --auth \(basic, cert or oauth\)/);
    const otherKind = await takt('x', 'jobs', 'set', 'pwin', ...where, '--auth', 'oauth', '--password-stdin');
    assert.equal(otherKind.code, 2);
    assert.match(otherKind.err, /^error: --password-stdin: only with --auth basic/);
    assert.equal((await cli('jobs', 'get', 'pwin-new', ...where)).code, 3);
  });

  test('set: an authentication flag of the kind the job uses changes that member alone', async () => {
    const c = await cli(
      'jobs', 'create', 'pw', ...where, '--uri', sink.url('/pw'), '--once', '--start-time', FAR,
      '--auth', 'basic', '--username', 'svc', '--password', 'old',
    ); // prettier-ignore
    assert.equal(c.code, 0, c.err);
    const password = await cli('jobs', 'set', 'pw', ...where, '--password', 'n3w');
    assert.equal(password.code, 0, password.err);
    const hit = sink.nextRequest();
    assert.equal((await cli('jobs', 'run', 'pw', ...where)).code, 0);
    const req = await s.serve.whileRunning(hit);
    assert.equal(header(req, 'authorization'), `Basic ${Buffer.from('svc:n3w').toString('base64')}`);
    const other = await cli('jobs', 'set', 'pw', ...where, '--tenant', 'contoso');
    assert.equal(other.code, 2);
    assert.match(
      other.err,
      /^error: --tenant: only with --auth oauth \(the job uses Basic; pass --auth to change the kind\)/,
    );
    const none = await cli(
      'jobs',
      'create',
      'plain',
      ...where,
      '--uri',
      sink.url('/x'),
      '--once',
      '--start-time',
      FAR,
    );
    assert.equal(none.code, 0, none.err);
    const noAuth = await cli('jobs', 'set', 'plain', ...where, '--username', 'u');
    assert.equal(noAuth.code, 2);
    assert.match(noAuth.err, /^error: --username: the job has no outbound authentication; pass --auth/);
  });
});
