// Jobs through the CLI: flags and wire JSON files become exact request bodies; bad input is refused
// locally, naming the flag or the JSON path; API errors print the Azure code and message.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { FakeTakt, makeTls, SUB, TOKEN, type FakeTls } from './support/fake-takt.js';
import { runCli, writeProfile, type ProfileDir } from './support/run-cli.js';

describe('takt jobs', () => {
  let tls: FakeTls;
  let fake: FakeTakt;
  let p: ProfileDir;
  const where = ['-s', 'ops', '-c', 'main'];
  const cli = (...args: string[]) => runCli([...args, '--profile', p.profile]);
  const lastBody = () => JSON.parse(fake.requests.at(-1)!.body.toString());

  before(async () => {
    tls = await makeTls();
    fake = await FakeTakt.start(tls);
    p = writeProfile(fake.url, tls);
    assert.equal((await cli('cs', 'create', 'ops', '--region', 'West US')).code, 0);
    assert.equal((await cli('collections', 'create', '-s', 'ops', 'main')).code, 0);
  });
  after(async () => {
    p.remove();
    await fake.close();
  });

  test('creates an HTTP job from flags with PUT and the exact wire body', async () => {
    const r = await cli(
      'jobs',
      'create',
      'report',
      ...where,
      '--uri',
      'https://example.com/run',
      '--method',
      'post',
      '--header',
      'Content-Type: application/json',
      '--body',
      '{"full":true}',
      '--every',
      '1d',
      '--hours',
      '2',
      '--minutes',
      '0,30',
      '--retry',
      'fixed',
      '--retry-count',
      '3',
      '--retry-interval',
      'PT1M',
      '--auth',
      'basic',
      '--username',
      'svc',
      '--password',
      's3cret',
    );
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^Created job report; next run 2030-01-01T00:00:00Z\.\n$/);
    const put = fake.requests.at(-1)!;
    assert.equal(put.method, 'PUT');
    assert.match(put.path, /\/resources\/scheduler\/~\/JobCollections\/main\/jobs\/report$/);
    assert.deepEqual(lastBody(), {
      action: {
        type: 'https',
        request: {
          uri: 'https://example.com/run',
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: '{"full":true}',
          authentication: { type: 'Basic', username: 'svc', password: 's3cret' },
        },
        retryPolicy: { retryType: 'fixed', retryInterval: 'PT1M', retryCount: 3 },
      },
      recurrence: { frequency: 'day', interval: 1, schedule: { minutes: [0, 30], hours: [2] } },
    });
  });

  test('creates Storage Queue and Service Bus jobs, and one with a server-assigned id (POST)', async () => {
    const q = await cli(
      'jobs',
      'create',
      'enqueue',
      ...where,
      '--queue-account',
      'acct',
      '--queue-name',
      'work',
      '--sas-token',
      '?sv=1&sig=x',
      '--message',
      'hi',
      '--every',
      '1h',
      '--disabled',
    );
    assert.equal(q.code, 0, q.err);
    assert.equal(q.out, 'Created job enqueue; it is disabled.\n');
    assert.deepEqual(lastBody(), {
      action: {
        type: 'storageQueue',
        queueMessage: { storageAccount: 'acct', queueName: 'work', sasToken: '?sv=1&sig=x', message: 'hi' },
      },
      recurrence: { frequency: 'hour', interval: 1 },
      state: 'disabled',
    });
    const t = await cli(
      'jobs',
      'create',
      'publish',
      ...where,
      '--sb-namespace',
      'ns',
      '--sb-topic',
      'events',
      '--sas-key-name',
      'k',
      '--sas-key',
      'v',
      '--message',
      'm',
      '--once',
    );
    assert.equal(t.code, 0, t.err);
    assert.deepEqual(lastBody().action, {
      type: 'serviceBusTopic',
      serviceBusTopicMessage: {
        topicPath: 'events',
        namespace: 'ns',
        authentication: { sasKeyName: 'k', sasKey: 'v', type: 'SharedAccessKey' },
        message: 'm',
      },
    });
    const sbq = await cli(
      'jobs',
      'create',
      'send',
      ...where,
      '--sb-namespace',
      'ns',
      '--sb-queue',
      'orders',
      '--sas-key-name',
      'k',
      '--sas-key',
      'v',
      '--message',
      'm',
      '--every',
      '1d',
    );
    assert.equal(sbq.code, 0, sbq.err);
    assert.deepEqual(lastBody().action, {
      type: 'serviceBusQueue',
      serviceBusQueueMessage: {
        queueName: 'orders',
        namespace: 'ns',
        authentication: { sasKeyName: 'k', sasKey: 'v', type: 'SharedAccessKey' },
        message: 'm',
      },
    });
    const posted = await cli('jobs', 'create', ...where, '--uri', 'http://127.0.0.1:9/x', '--json');
    assert.equal(posted.code, 0, posted.err);
    assert.equal(fake.requests.at(-1)!.method, 'POST');
    assert.match(JSON.parse(posted.out).id, /^[0-9a-f]{32}$/);
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
      /\nreport\s+https\s+enabled\s+2030-01-01T00:00:00Z\s+-\s+0\/0\/0\s+every 1 day hours=2 minutes=0,30\s+POST https:\/\/example\.com\/run\n/,
    );
    assert.match(table.out, /\nenqueue\s+storageQueue\s+disabled\s+-\s+-\s+-\s+every 1 hour/);

    const disabled = await cli(
      'jobs',
      'list',
      ...where,
      '--state',
      'Disabled',
      '--top',
      '5',
      '--skip',
      '0',
      '--json',
    );
    assert.equal(disabled.code, 0, disabled.err);
    assert.equal(
      decodeURIComponent(fake.requests.at(-1)!.path.split('?')[1]!),
      '$filter=state eq disabled&$skip=0&$top=5',
    );
    assert.deepEqual(
      JSON.parse(disabled.out).map((j: { id: string }) => j.id),
      ['enqueue'],
    );
    assert.doesNotMatch(disabled.out, /sasToken/);

    const search = await cli('jobs', 'list', ...where, '--search', 'EXAMPLE.com', '--json');
    assert.deepEqual(
      JSON.parse(search.out).map((j: { id: string }) => j.id),
      ['report'],
    );
  });

  test('set merges flags with PATCH; --file replaces with PUT; enable, disable, run, remove', async () => {
    const set = await cli('jobs', 'set', 'report', ...where, '--every', '1w', '--week-days', 'mon,FRIDAY');
    assert.equal(set.code, 0, set.err);
    assert.equal(fake.requests.at(-1)!.method, 'PATCH');
    assert.deepEqual(lastBody(), {
      recurrence: { frequency: 'week', interval: 1, schedule: { weekDays: ['monday', 'friday'] } },
    });

    const auth = await cli('jobs', 'set', 'report', ...where, '--auth', 'none');
    assert.equal(auth.code, 0, auth.err);
    assert.deepEqual(lastBody(), { action: { request: { authentication: null } } });

    const once = await cli('jobs', 'set', 'report', ...where, '--once');
    assert.equal(once.code, 0, once.err);
    assert.deepEqual(lastBody(), { recurrence: null });

    const file = join(p.dir, 'report.json');
    writeFileSync(
      file,
      JSON.stringify({
        id: 'report',
        action: { type: 'http', request: { uri: 'http://127.0.0.1:9/v2', method: 'GET' } },
        status: { executionCount: 4 },
      }),
    );
    const replaced = await cli('jobs', 'set', 'report', ...where, '--file', file, '--json');
    assert.equal(replaced.code, 0, replaced.err);
    assert.equal(fake.requests.at(-1)!.method, 'PUT');
    assert.deepEqual(lastBody(), {
      action: { type: 'http', request: { uri: 'http://127.0.0.1:9/v2', method: 'GET' } },
    });

    const disabled = await cli('jobs', 'disable', 'report', ...where);
    assert.match(disabled.out, /^Job report is disabled: nothing runs/);
    assert.deepEqual(lastBody(), { state: 'disabled' });
    const enabled = await cli('jobs', 'enable', 'report', ...where);
    assert.match(enabled.out, /^Job report is enabled; next run /);

    const ran = await cli('jobs', 'run', 'report', ...where);
    assert.equal(ran.code, 0, ran.err);
    assert.match(fake.requests.at(-1)!.path, /\/jobs\/report\/run$/);

    const got = await cli('jobs', 'get', 'report', ...where);
    assert.match(got.out, /Target:\s+GET http:\/\/127\.0\.0\.1:9\/v2\n/);
    const removed = await cli('jobs', 'rm', 'report', ...where);
    assert.equal(removed.code, 0);
    const gone = await cli('jobs', 'get', 'report', ...where);
    assert.equal(gone.code, 3);
    assert.match(gone.err, /^error: ResourceNotFound: /);
  });

  test('refuses a duplicate id with ConflictError, and bad flags and files before sending', async () => {
    await cli('jobs', 'create', 'dup', ...where, '--uri', 'http://127.0.0.1:9/');
    const dup = await cli('jobs', 'create', 'dup', ...where, '--uri', 'http://127.0.0.1:9/');
    assert.equal(dup.code, 1);
    assert.match(dup.err, /^error: ConflictError: job 'dup' already exists in ops\/main/);

    const bad = join(p.dir, 'bad.json');
    const before = fake.requests.length;
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
      [['--uri', 'http://x/', '--queue-name', 'q'], /choose one kind of action/],
      [['--message', 'm'], /--uri: an action is required/],
      [
        ['--uri', 'http://x/', '--every', '1w', '--month-days', '3'],
        /^error: flags: Cannot set days of month with recurrence unit 'Week'\./,
      ],
      [['--file', bad], /bad\.json: not valid JSON/],
    ];
    writeFileSync(bad, '{"action": ');
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
    assert.equal(fake.requests.length, before, 'nothing was sent');
  });

  test('connects with --url and --token, and explains missing or wrong credentials', async () => {
    const ca = join(p.dir, 'ca.pem');
    const ok = await runCli([
      'jobs',
      'list',
      ...where,
      '--url',
      fake.url,
      '--subscription',
      SUB,
      '--token',
      TOKEN,
      '--ca',
      ca,
      '--json',
    ]);
    assert.equal(ok.code, 0, ok.err);
    assert.equal(
      fake.requests.at(-1)!.headers.find(([n]) => n.toLowerCase() === 'authorization')?.[1],
      `Bearer ${TOKEN}`,
    );
    const byCert = await runCli([
      'jobs',
      'list',
      ...where,
      '--url',
      fake.url,
      '--subscription',
      SUB,
      '--cert',
      join(p.dir, 'admin.pem'),
      '--key',
      join(p.dir, 'admin.key'),
      '--ca',
      ca,
      '--json',
    ]);
    assert.equal(byCert.code, 0, byCert.err);
    assert.equal(fake.requests.at(-1)!.clientCertCn, 'takt admin');
    assert.equal(
      fake.requests.at(-1)!.headers.find(([n]) => n.toLowerCase() === 'authorization'),
      undefined,
    );
    const halfCert = await runCli([
      'jobs',
      'list',
      ...where,
      '--url',
      fake.url,
      '--subscription',
      SUB,
      '--cert',
      join(p.dir, 'admin.pem'),
      '--ca',
      ca,
    ]);
    assert.equal(halfCert.code, 2);
    assert.match(halfCert.err, /^error: --key: a client certificate needs both --cert and --key/);
    const wrong = await runCli([
      'jobs',
      'list',
      ...where,
      '--url',
      fake.url,
      '--subscription',
      SUB,
      '--token',
      'nope',
      '--ca',
      ca,
    ]);
    assert.equal(wrong.code, 4);
    assert.match(wrong.err, /^error: AuthenticationFailed: The server failed to authenticate the request\./);
    const noSub = await runCli(['jobs', 'list', ...where, '--url', fake.url, '--token', TOKEN]);
    assert.equal(noSub.code, 2);
    assert.match(noSub.err, /--subscription: is required/);
    const badUrl = await runCli([
      'jobs',
      'list',
      ...where,
      '--url',
      'localhost:1',
      '--subscription',
      SUB,
      '--token',
      't',
    ]);
    assert.match(badUrl.err, /--url: must be an http:\/\/ or https:\/\/ URL|--url: must be an absolute URL/);
    const untrusted = await runCli([
      'jobs',
      'list',
      ...where,
      '--url',
      fake.url,
      '--subscription',
      SUB,
      '--token',
      TOKEN,
    ]);
    assert.equal(untrusted.code, 4, 'the server certificate is not trusted without --ca');
    assert.match(untrusted.err, /^error: cannot reach https:\/\/127\.0\.0\.1:\d+: /);
    const missingProfile = await runCli(['jobs', 'list', ...where, '--profile', join(p.dir, 'none.json')]);
    assert.equal(missingProfile.code, 2);
    assert.match(missingProfile.err, /--profile: file not found: /);
    const envProfile = await runCli(['jobs', 'list', ...where, '--json'], { TAKT_PROFILE: p.profile });
    assert.equal(envProfile.code, 0, envProfile.err);
    const envCollection = await runCli(['jobs', 'list', '--json'], {
      TAKT_PROFILE: p.profile,
      TAKT_CLOUD_SERVICE: 'ops',
      TAKT_COLLECTION: 'main',
    });
    assert.equal(envCollection.code, 0, envCollection.err);
  });

  test('without --profile it uses ./data/connection.json of the working directory', async () => {
    const root = mkdtempSync(join(tmpdir(), 'takt-cwd-'));
    const cwd = process.cwd();
    try {
      process.chdir(root);
      const none = await runCli(['jobs', 'list', ...where]);
      assert.equal(none.code, 2);
      assert.match(none.err, /^error: no connection profile: .*data\/connection\.json does not exist/);
      symlinkSync(p.dir, join(root, 'data'));
      const used = await runCli(['jobs', 'list', ...where, '--json']);
      assert.equal(used.code, 0, used.err);
      assert.ok(Array.isArray(JSON.parse(used.out)));
      assert.ok(fake.requests.at(-1)!.clientCertCn, "the profile's client certificate was used");
    } finally {
      process.chdir(cwd);
      rmSync(root, { recursive: true, force: true });
    }
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
});
