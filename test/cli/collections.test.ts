// Cloud services and job collections through the CLI, against a real `takt serve` on SQLite.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { readFileSync } from 'node:fs';
import { httpsRequest } from '../../support/https-request.js';
import { startCliServer, type CliServer } from './support/cli-server.js';

/** Next January 1st: within the API's 18 months, never reached while the test runs. */
const FAR = `${new Date().getUTCFullYear() + 1}-01-01T00:00:00Z`;

describe('takt cloud-services and collections', () => {
  let s: CliServer;
  const cli = (...args: string[]) => s.cli(...args);

  before(async () => {
    s = await startCliServer();
  });
  after(async () => {
    await s.stop();
  });

  test('creates, lists and shows a cloud service over a client certificate', async () => {
    const created = await cli(
      'cloud-services',
      'create',
      'billing',
      '--region',
      'West Europe',
      '--description',
      'jobs & more <nightly>',
    );
    assert.equal(created.code, 0, created.err);
    assert.match(created.out, /Created cloud service billing/);

    const list = await cli('cs', 'list');
    assert.equal(list.code, 0, list.err);
    assert.match(list.out, /^NAME\s+REGION\s+COLLECTIONS\s+LABEL\nbilling\s+West Europe\s+0\s+billing\n$/);

    const json = await cli('cloud-services', 'get', 'billing', '--json');
    assert.equal(json.code, 0, json.err);
    const cs = JSON.parse(json.out) as Record<string, unknown>;
    assert.match(String(cs['etag']), /^[0-9a-f-]{36}$/);
    delete cs['etag'];
    // The description survives the XML round trip (escaped on the way, unescaped on the way back).
    assert.deepEqual(cs, {
      name: 'billing',
      label: 'billing',
      description: 'jobs & more <nightly>',
      geoRegion: 'West Europe',
      collections: [],
    });
  });

  test('creates a collection with a quota, shows usage, changes the plan, suspends, removes', async () => {
    const created = await cli(
      'collections', 'create', '-s', 'billing', 'nightly',
      '--plan', 'free', '--max-jobs', '3', '--max-recurrence', '2h', '--label', 'my label',
    ); // prettier-ignore
    assert.equal(created.code, 0, created.err);
    const stored = JSON.parse((await cli('collections', 'get', '-s', 'billing', 'nightly', '--json')).out);
    assert.equal(stored.plan, 'Free');
    assert.deepEqual(stored.quota, { maxJobCount: 3, maxRecurrence: { frequency: 'Hour', interval: 2 } });
    assert.equal(
      stored.label,
      Buffer.from('my label').toString('base64'),
      'sent base64-encoded, as the SDKs do',
    );

    // The wire PUT is create-or-replace: create refuses an existing collection instead of rewriting it.
    const again = await cli('collections', 'create', '-s', 'billing', 'nightly', '--plan', 'Premium');
    assert.equal(again.code, 1);
    assert.match(
      again.err,
      /^error: ConflictError: job collection 'nightly' already exists in billing \(use `takt collections set` to change it\)/,
    );
    const got = await cli('collections', 'get', '-s', 'billing', 'nightly');
    assert.equal(got.code, 0, got.err);
    assert.match(got.out, /Plan:\s+Free\n/);
    assert.match(got.out, /Quota:\s+max jobs 3, at most every 2 hours\n/);
    assert.match(got.out, /Jobs:\s+0 of 3 \(0 enabled\)\n/);
    assert.match(got.out, /Label:\s+my label\n/);

    const set = await cli('collections', 'set', '-s', 'billing', 'nightly', '--plan', 'Premium', '--json');
    assert.equal(set.code, 0, set.err);
    assert.equal(JSON.parse(set.out).plan, 'Premium');
    assert.deepEqual(JSON.parse(set.out).quota, {}, 'a new plan without a quota takes the plan defaults');

    const listed = await cli('collections', 'list');
    assert.match(listed.out, /billing\s+nightly\s+Premium\s+plan defaults\s+Started/);

    for (const id of ['a', 'b']) {
      const job = await cli(
        'jobs', 'create', id, '-s', 'billing', '-c', 'nightly',
        '--uri', `http://127.0.0.1:9/${id}`, '--every', '1h', '--start-time', FAR,
      ); // prettier-ignore
      assert.equal(job.code, 0, job.err);
    }
    const states = async (): Promise<string[]> =>
      (
        JSON.parse((await cli('jobs', 'list', '-s', 'billing', '-c', 'nightly', '--json')).out) as {
          state: string;
        }[]
      ).map((j) => j.state);
    const suspended = await cli('collections', 'suspend', '-s', 'billing', 'nightly');
    assert.equal(suspended.code, 0, suspended.err);
    assert.match(suspended.out, /Suspended nightly: 2 of 2 jobs disabled/);
    assert.deepEqual(await states(), ['disabled', 'disabled']);
    const resumed = await cli('collections', 'resume', '-s', 'billing', 'nightly');
    assert.match(resumed.out, /Resumed nightly: 2 of 2 jobs enabled/);
    assert.deepEqual(await states(), ['enabled', 'enabled']);

    const removed = await cli('collections', 'delete', '-s', 'billing', 'nightly');
    assert.equal(removed.code, 0, removed.err);
    const missing = await cli('collections', 'get', '-s', 'billing', 'nightly');
    assert.equal(missing.code, 3);
    assert.match(missing.err, /^error: ResourceNotFound: /);

    // Removing a cloud service takes its collections along.
    assert.equal((await cli('collections', 'create', '-s', 'billing', 'weekly')).code, 0);
    const gone = await cli('cloud-services', 'remove', 'billing');
    assert.equal(gone.code, 0, gone.err);
    assert.equal(gone.out, 'Removed cloud service billing.\n');
    assert.equal((await cli('collections', 'get', '-s', 'billing', 'weekly')).code, 3);
  });

  test('rejects malformed flags naming the flag, before any request', async () => {
    assert.equal((await cli('cs', 'create', 'strict', '--region', 'West US')).code, 0);
    const cases: [string[], RegExp][] = [
      // A bad name is a bad argument (exit 2, named), checked before sending, as the API's rule says.
      [['cs', 'create', 'bad name!', '--region', 'West US'], /^error: <name>: must be 1 to 100 characters/],
      [['collections', 'create', '-s', 'strict', 'x.'], /^error: <name>: must be 1 to 100 characters/],
      [
        ['jobs', 'create', 'a/b', '-s', 'strict', '-c', 'x', '--uri', 'http://x/'],
        /^error: <id>: must be 1 to 100/,
      ],
      [
        ['collections', 'create', '-s', 'strict', 'x', '--plan', 'Gold'],
        /--plan: must be one of Free, Standard, Premium, got 'Gold'/,
      ],
      [
        ['collections', 'create', '-s', 'strict', 'x', '--max-jobs', '0'],
        /--max-jobs: must be an integer from 1/,
      ],
      [
        ['collections', 'create', '-s', 'strict', 'x', '--max-recurrence', 'often'],
        /--max-recurrence: must look like/,
      ],
      [['collections', 'get', 'x'], /--cloud-service: is required/],
      [['collections', 'set', '-s', 'strict', 'x'], /nothing to change/],
    ];
    for (const [args, message] of cases) {
      const r = await cli(...args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err, message);
      assert.doesNotMatch(r.err, /\n\s+at /, 'no stack trace');
    }
    // Nothing reached the server: no collection x was created by a half-checked create.
    assert.equal((await cli('collections', 'get', '-s', 'strict', 'x')).code, 3);
  });

  test('a collection and a job made through the ARM API show in collections list, jobs list and jobs get', async () => {
    const c = s.serve.connection;
    const ca = readFileSync(c.caCertPath, 'utf8');
    const arm = async (path: string, body: unknown): Promise<number> => {
      const a = await httpsRequest(
        `${s.serve.url}/subscriptions/${c.subscriptionId}/resourceGroups/armgroup/providers/Microsoft.Scheduler/jobCollections/${path}?api-version=2016-03-01`,
        {
          method: 'PUT',
          ca,
          headers: { authorization: `Bearer ${c.token}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        },
      );
      assert.ok(a.status === 200 || a.status === 201, `${path}: ${a.status} ${a.body}`);
      return a.status;
    };
    // The resource group does not exist yet: the collection's PUT creates it as a cloud service.
    await arm('armjc', {
      location: 'westeurope',
      properties: { sku: { name: 'Standard' }, quota: { maxJobCount: 7 } },
    });
    await arm('armjc/jobs/nightly', {
      properties: {
        startTime: FAR,
        action: { type: 'Https', request: { uri: 'https://reports.example.com/run', method: 'POST' } },
        recurrence: {
          frequency: 'Week',
          interval: 1,
          schedule: { weekDays: ['Monday'], hours: [9], minutes: [30] },
        },
      },
    });

    const services = await cli('cs', 'list');
    assert.match(services.out, /\narmgroup\s+West Europe\s+1\s+armgroup\n/);
    const collections = await cli('collections', 'list', '-s', 'armgroup');
    assert.equal(collections.code, 0, collections.err);
    assert.match(collections.out, /\narmgroup\s+armjc\s+Standard\s+max jobs 7\s+Started/);
    const usage = await cli('collections', 'get', '-s', 'armgroup', 'armjc');
    assert.match(usage.out, /Jobs:\s+1 of 7 \(1 enabled\)\n/);
    const jobs = await cli('jobs', 'list', '-s', 'armgroup', '-c', 'armjc');
    assert.equal(jobs.code, 0, jobs.err);
    assert.match(
      jobs.out,
      new RegExp(
        `\\nnightly\\s+https\\s+enabled\\s+${FAR.slice(0, 4)}-01-\\d\\dT09:30:00Z\\s+-\\s+0/0/0\\s+every 1 week weekDays=monday hours=9 \\S+\\s+POST https://reports\\.example\\.com/run\\n`,
      ),
    );
    const got = await cli('jobs', 'get', 'nightly', '-s', 'armgroup', '-c', 'armjc');
    assert.equal(got.code, 0, got.err);
    assert.match(got.out, /\nRecurrence: +every 1 week weekDays=monday hours=9 minutes=30\n/);
    assert.match(got.out, /\nTarget: +POST https:\/\/reports\.example\.com\/run\n/);
    // And the CLI's writes are the ARM job's: disabled here, it is disabled there.
    assert.equal((await cli('jobs', 'disable', 'nightly', '-s', 'armgroup', '-c', 'armjc')).code, 0);
    const back = await httpsRequest(
      `${s.serve.url}/subscriptions/${c.subscriptionId}/resourceGroups/armgroup/providers/Microsoft.Scheduler/jobCollections/armjc/jobs/nightly?api-version=2016-03-01`,
      { ca, headers: { authorization: `Bearer ${c.token}` } },
    );
    assert.equal(back.status, 200, back.body);
    assert.equal((JSON.parse(back.body) as { properties: { state: string } }).properties.state, 'Disabled');
  });
});
