// Cloud services and job collections through the CLI, against an HTTPS stand-in of the API.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { FakeTakt, makeTls, type FakeTls } from './support/fake-takt.js';
import { runCli, writeProfile, type ProfileDir } from './support/run-cli.js';

describe('takt cloud-services and collections', () => {
  let tls: FakeTls;
  let fake: FakeTakt;
  let p: ProfileDir;
  const cli = (...args: string[]) => runCli([...args, '--profile', p.profile]);

  before(async () => {
    tls = await makeTls();
    fake = await FakeTakt.start(tls);
    p = writeProfile(fake.url, tls);
  });
  after(async () => {
    p.remove();
    await fake.close();
  });

  test('creates, lists and shows a cloud service over a client certificate', async () => {
    const created = await cli(
      'cloud-services',
      'create',
      'billing',
      '--region',
      'West Europe',
      '--description',
      'jobs & more',
    );
    assert.equal(created.code, 0, created.err);
    assert.match(created.out, /Created cloud service billing/);
    const put = fake.requests.find((r) => r.method === 'PUT')!;
    assert.match(put.path, /\/CloudServices\/billing$/);
    assert.match(put.body.toString(), /<Description>jobs &amp; more<\/Description>/);
    assert.equal(put.headers.find(([n]) => n.toLowerCase() === 'x-ms-version')?.[1], '2013-03-01');

    const list = await cli('cs', 'list');
    assert.equal(list.code, 0);
    assert.match(list.out, /^NAME\s+REGION\s+COLLECTIONS\s+LABEL\nbilling\s+West Europe\s+0\s+billing\n$/);

    const json = await cli('cloud-services', 'get', 'billing', '--json');
    assert.deepEqual(JSON.parse(json.out), {
      name: 'billing',
      label: 'billing',
      description: 'jobs & more',
      geoRegion: 'West Europe',
      collections: [],
    });
  });

  test('creates a collection with a quota, shows usage, changes the plan, suspends, removes', async () => {
    const created = await cli(
      'collections',
      'create',
      '-s',
      'billing',
      'nightly',
      '--plan',
      'free',
      '--max-jobs',
      '3',
      '--max-recurrence',
      '2h',
      '--label',
      'my label',
    );
    assert.equal(created.code, 0, created.err);
    const body = fake.requests.at(-1)!.body.toString();
    assert.match(
      body,
      /<Plan>Free<\/Plan><Quota><MaxJobCount>3<\/MaxJobCount><MaxRecurrence><Frequency>Hour<\/Frequency><Interval>2<\/Interval><\/MaxRecurrence><\/Quota>/,
    );
    assert.match(body, /<Label>bXkgbGFiZWw=<\/Label>/);

    const got = await cli('collections', 'get', '-s', 'billing', 'nightly');
    assert.equal(got.code, 0, got.err);
    assert.match(got.out, /Plan:\s+Free\n/);
    assert.match(got.out, /Quota:\s+max jobs 3, at most every 2 hours\n/);
    assert.match(got.out, /Jobs:\s+0 of 3 \(0 enabled\)\n/);
    assert.match(got.out, /Label:\s+my label\n/);

    const set = await cli('collections', 'set', '-s', 'billing', 'nightly', '--plan', 'Premium', '--json');
    assert.equal(set.code, 0, set.err);
    assert.equal(JSON.parse(set.out).plan, 'Premium');
    assert.deepEqual(JSON.parse(set.out).quota, {});

    const listed = await cli('collections', 'list');
    assert.match(listed.out, /billing\s+nightly\s+Premium\s+plan defaults\s+Started/);

    await cli(
      'jobs',
      'create',
      'a',
      '-s',
      'billing',
      '-c',
      'nightly',
      '--uri',
      'http://127.0.0.1:9/a',
      '--every',
      '1h',
    );
    await cli(
      'jobs',
      'create',
      'b',
      '-s',
      'billing',
      '-c',
      'nightly',
      '--uri',
      'http://127.0.0.1:9/b',
      '--every',
      '1h',
    );
    const suspended = await cli('collections', 'suspend', '-s', 'billing', 'nightly');
    assert.equal(suspended.code, 0, suspended.err);
    assert.match(suspended.out, /Suspended nightly: 2 of 2 jobs disabled/);
    assert.equal(fake.requests.at(-1)!.method, 'PATCH');
    assert.equal(fake.requests.at(-1)!.body.toString(), '{"state":"disabled"}');
    const resumed = await cli('collections', 'resume', '-s', 'billing', 'nightly');
    assert.match(resumed.out, /Resumed nightly: 2 of 2 jobs enabled/);

    const removed = await cli('collections', 'rm', '-s', 'billing', 'nightly');
    assert.equal(removed.code, 0, removed.err);
    const missing = await cli('collections', 'get', '-s', 'billing', 'nightly');
    assert.equal(missing.code, 3);
    assert.match(missing.err, /^error: ResourceNotFound: The specified resource does not exist\./);

    // Removing a cloud service takes its collections along.
    assert.equal((await cli('collections', 'create', '-s', 'billing', 'weekly')).code, 0);
    const gone = await cli('cloud-services', 'remove', 'billing');
    assert.equal(gone.code, 0, gone.err);
    assert.equal(gone.out, 'Removed cloud service billing.\n');
    assert.equal((await cli('collections', 'get', '-s', 'billing', 'weekly')).code, 3);
  });

  test('rejects malformed flags naming the flag, before any request', async () => {
    const before = fake.requests.length;
    const cases: [string[], RegExp][] = [
      [
        ['collections', 'create', '-s', 'billing', 'x', '--plan', 'Gold'],
        /--plan: must be one of Free, Standard, Premium, got 'Gold'/,
      ],
      [
        ['collections', 'create', '-s', 'billing', 'x', '--max-jobs', '0'],
        /--max-jobs: must be an integer from 1/,
      ],
      [
        ['collections', 'create', '-s', 'billing', 'x', '--max-recurrence', 'often'],
        /--max-recurrence: must look like/,
      ],
      [['collections', 'get', 'x'], /--cloud-service: is required/],
      [['collections', 'set', '-s', 'billing', 'x'], /nothing to change/],
    ];
    for (const [args, message] of cases) {
      const r = await cli(...args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err, message);
      assert.doesNotMatch(r.err, /\n\s+at /, 'no stack trace');
    }
    assert.equal(fake.requests.length, before);
  });
});
