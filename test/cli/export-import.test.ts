// `takt export` / `takt import`: a subscription moves between two servers; secrets must be added
// to the file; a failed import reports what was and was not created, and re-running finishes it.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { FakeTakt, makeTls, type FakeTls } from './support/fake-takt.js';
import { runCli, writeProfile, type ProfileDir } from './support/run-cli.js';

describe('takt export and import', () => {
  let tls: FakeTls;
  let source: FakeTakt;
  let target: FakeTakt;
  let from: ProfileDir;
  let to: ProfileDir;
  const src = (...args: string[]) => runCli([...args, '--profile', from.profile]);
  const dst = (...args: string[]) => runCli([...args, '--profile', to.profile]);

  before(async () => {
    tls = await makeTls();
    source = await FakeTakt.start(tls);
    target = await FakeTakt.start(tls);
    from = writeProfile(source.url, tls);
    to = writeProfile(target.url, tls);
    await src('cs', 'create', 'ops', '--region', 'West US', '--description', 'ops jobs');
    await src('collections', 'create', '-s', 'ops', 'main', '--plan', 'Premium', '--max-jobs', '20');
    await src('collections', 'create', '-s', 'ops', 'spare', '--plan', 'Free');
    for (const id of ['a', 'b', 'c'])
      await src(
        'jobs',
        'create',
        id,
        '-s',
        'ops',
        '-c',
        'main',
        '--uri',
        `http://127.0.0.1:9/${id}`,
        '--every',
        '1h',
      );
    await src(
      'jobs',
      'create',
      'secret',
      '-s',
      'ops',
      '-c',
      'main',
      '--uri',
      'https://example.com/',
      '--auth',
      'basic',
      '--username',
      'u',
      '--password',
      'p',
    );
  });
  after(async () => {
    from.remove();
    to.remove();
    await source.close();
    await target.close();
  });

  test('exports the subscription in the wire format, saying which secrets are missing', async () => {
    const out = join(from.dir, 'export.json');
    const r = await src('export', '-o', out);
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /Exported 1 cloud service, 2 job collections, 4 jobs to /);
    assert.match(r.err, /Note: 1 job uses secrets, which the API never returns/);
    const doc = JSON.parse(readFileSync(out, 'utf8'));
    assert.equal(doc.format, 'takt-export');
    const main = doc.cloudServices[0].jobCollections[0];
    assert.deepEqual(
      { name: main.name, plan: main.plan, quota: main.quota },
      { name: 'main', plan: 'Premium', quota: { maxJobCount: 20 } },
    );
    const secret = main.jobs.find((j: { id: string }) => j.id === 'secret');
    assert.deepEqual(secret.secretsRequired, ['action.request.authentication.password']);
    assert.equal(secret.job.status, undefined);
    assert.equal(secret.job.action.request.authentication.password, undefined);
  });

  test('import refuses a file without the secrets, naming the JSON path, and sends nothing', async () => {
    const file = join(from.dir, 'export.json');
    const r = await dst('import', file);
    assert.equal(r.code, 2);
    assert.match(
      r.err,
      /cloudServices\[0\]\.jobCollections\[0\]\.jobs\[3\]\.job\.action\.request\.authentication\.password: a secret is required here/,
    );
    assert.equal(r.err.match(/authentication\.password/g)?.length, 1, 'one line per missing secret');
    const broken = join(from.dir, 'broken.json');
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    delete doc.cloudServices[0].jobCollections[0].jobs[0].job.action.request.uri;
    doc.cloudServices[0].jobCollections[1].plan = 'Gold';
    writeFileSync(broken, JSON.stringify(doc));
    const r2 = await dst('import', broken);
    assert.equal(r2.code, 2);
    assert.match(
      r2.err,
      /broken\.json: cloudServices\[0\]\.jobCollections\[0\]\.jobs\[0\]\.job\.action\.request\.uri: is required/,
    );
    assert.match(
      r2.err,
      /broken\.json: cloudServices\[0\]\.jobCollections\[1\]\.plan: must be one of Free, Standard, Premium/,
    );
    assert.equal(target.requests.length, 0);
  });

  test('a failed import reports what was and was not done; running it again finishes the job', async () => {
    const file = join(from.dir, 'export.json');
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    doc.cloudServices[0].jobCollections[0].jobs[3].job.action.request.authentication.password = 'p';
    writeFileSync(file, JSON.stringify(doc));

    // The server refuses job b, and the connection breaks when job c is looked at.
    target.failWith = (req) => {
      if (req.method === 'PUT' && /\/jobs\/b$/.test(req.path))
        return { status: 503, code: 'ServerBusy', message: 'The server is busy.' };
      if (req.method === 'GET' && /\/jobs\/c$/.test(req.path)) return 'drop';
      return undefined;
    };
    const first = await dst('import', file);
    assert.equal(first.code, 1);
    assert.match(first.err, /Importing \[#+-*\] \d+\/7/);
    assert.match(first.out, /^CREATED\s+UPDATED\s+UNCHANGED\s+FAILED\s+NOT ATTEMPTED\n3\s+0\s+0\s+1\s+3\n/);
    assert.match(first.out, /\nStopped: cannot reach /);
    assert.match(first.out, /\nfailed: job ops\/main\/b: ServerBusy: The server is busy\./);
    assert.match(
      first.out,
      /\nnot attempted: job ops\/main\/c\nnot attempted: job ops\/main\/secret\nnot attempted: collection ops\/spare\n/,
    );

    target.failWith = () => undefined;
    const second = await dst('import', file, '--json');
    assert.equal(second.code, 0, second.err);
    const report = JSON.parse(second.out);
    assert.deepEqual(report.created, [
      'job ops/main/b',
      'job ops/main/c',
      'job ops/main/secret',
      'collection ops/spare',
    ]);
    assert.deepEqual(report.unchanged, ['cloud service ops', 'collection ops/main', 'job ops/main/a']);
    assert.deepEqual([report.updated, report.failed, report.notAttempted], [[], [], []]);
    const secretPut = target.requests
      .filter((r) => r.method === 'PUT' && /\/jobs\/secret$/.test(r.path))
      .at(-1)!;
    assert.equal(JSON.parse(secretPut.body.toString()).action.request.authentication.password, 'p');

    const third = await dst('import', file, '--json');
    assert.equal(JSON.parse(third.out).unchanged.length, 7, 'idempotent');
    const jobs = await dst('jobs', 'list', '-s', 'ops', '-c', 'main', '--json');
    assert.deepEqual(
      JSON.parse(jobs.out).map((j: { id: string }) => j.id),
      ['a', 'b', 'c', 'secret'],
    );
  });
});
