// `takt export` / `takt import` against a real `takt serve` on SQLite: a subscription moves to a
// second subscription of the same server (made with the admin CLI); secrets must be added to the
// file; a failed import (faults injected by a proxy in front of the real server) reports what was
// and was not created, and re-running finishes it.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { header, HttpSink } from '../support/sinks/http-sink.js';
import { main } from '../../src/cli/main.js';
import { FaultProxy } from './support/fault-proxy.js';
import { startCliServer, type CliServer } from './support/cli-server.js';

/** Next January 1st: within the API's 18 months, never reached while the test runs. */
const FAR = `${new Date().getUTCFullYear() + 1}-01-01T00:00:00Z`;

describe('takt export and import', () => {
  let s: CliServer;
  let sink: HttpSink;
  let proxy: FaultProxy;
  let target: { subscription: string; token: string };
  let file: string;
  const src = (...args: string[]) => s.cli(...args);
  /** The CLI on the second subscription, through the proxy, with a token. */
  const dst = (...args: string[]) =>
    s.cliIn(s.tempFolder(), [
      ...args, '--url', proxy.url, '--subscription', target.subscription, '--token', target.token,
    ]); // prettier-ignore
  /** The admin CLI on the server's data directory. */
  const admin = async (...args: string[]): Promise<Record<string, string>> => {
    const r = await s.cliIn(s.tempFolder(), [...args, '--json'], { TAKT_DATA_DIR: s.serve.dataDir });
    assert.equal(r.code, 0, r.err);
    return JSON.parse(r.out) as Record<string, string>;
  };

  before(async () => {
    sink = await HttpSink.start();
    s = await startCliServer();
    proxy = await FaultProxy.start(s.serve.url, readFileSync(s.serve.connection.caCertPath, 'utf8'));
    const { id } = await admin('subscriptions', 'create');
    const { token } = await admin('tokens', 'create', '--subscription', id!);
    target = { subscription: id!, token: token! };
    file = join(s.tempFolder(), 'export.json');
    const ok = (r: { code: number; err: string }): void => assert.equal(r.code, 0, r.err);
    ok(await src('cs', 'create', 'ops', '--region', 'West US', '--description', 'ops jobs'));
    ok(await src('collections', 'create', '-s', 'ops', 'main', '--plan', 'Premium', '--max-jobs', '20'));
    ok(await src('collections', 'create', '-s', 'ops', 'spare', '--plan', 'Free'));
    for (const id of ['a', 'b', 'c'])
      ok(
        await src(
          'jobs', 'create', id, '-s', 'ops', '-c', 'main',
          '--uri', sink.url(`/${id}`), '--every', '1h', '--start-time', FAR,
        ), // prettier-ignore
      );
    ok(
      await src(
        'jobs', 'create', 'secret', '-s', 'ops', '-c', 'main', '--uri', sink.url('/secret'),
        '--auth', 'basic', '--username', 'u', '--password', 'p', '--start-time', FAR,
      ), // prettier-ignore
    );
  });
  after(async () => {
    await proxy.close();
    await s.stop();
    await sink.close();
  });

  test('exports the subscription in the wire format, saying which secrets are missing', async () => {
    const r = await src('export', '-o', file);
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /Exported 1 cloud service, 2 job collections, 4 jobs to /);
    assert.match(r.err, /Note: 1 job uses secrets, which the API never returns/);
    const doc = JSON.parse(readFileSync(file, 'utf8'));
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

  test('export -o FILE --json prints its summary as JSON on stdout (the document is in the file)', async () => {
    const out = join(s.tempFolder(), 'summary.json');
    const r = await src('export', '-o', out, '--json');
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(JSON.parse(r.out), {
      out,
      cloudServices: 1,
      jobCollections: 2,
      jobs: 4,
      jobsNeedingSecrets: 1,
    });
    assert.equal(JSON.parse(readFileSync(out, 'utf8')).format, 'takt-export');
  });

  test('a file that cannot be written or read is a usage error naming it (exit 2)', async () => {
    const out = await src('export', '-o', '/nonexistent-dir/x.json');
    assert.equal(out.code, 2);
    assert.match(out.err, /^error: --out: cannot write \/nonexistent-dir\/x\.json \(ENOENT\)/);
    const missing = await dst('import', '/nonexistent-dir/x.json');
    assert.equal(missing.code, 2);
    assert.match(missing.err, /^error: import: cannot read \/nonexistent-dir\/x\.json \(ENOENT\)/);
  });

  test('import refuses a file without the secrets, naming the JSON path, and sends nothing', async () => {
    const r = await dst('import', file);
    assert.equal(r.code, 2);
    assert.match(
      r.err,
      /cloudServices\[0\]\.jobCollections\[0\]\.jobs\[3\]\.job\.action\.request\.authentication\.password: a secret is required here/,
    );
    assert.equal(r.err.match(/authentication\.password/g)?.length, 1, 'one line per missing secret');
    const broken = join(s.tempFolder(), 'broken.json');
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
    // The naming rules every server applies, and names that differ only in case: refused whole.
    const named = JSON.parse(readFileSync(file, 'utf8'));
    named.cloudServices[0].jobCollections[0].jobs[3].job.action.request.authentication.password = 'p';
    named.cloudServices.push({
      ...named.cloudServices[0],
      name: 'OPS',
      label: 'x'.repeat(150),
      jobCollections: [{ name: 'bad name!', plan: 'Standard', jobs: [] }],
    });
    named.cloudServices[0].jobCollections[0].jobs[1].id = '-bad';
    named.cloudServices[0].jobCollections[0].jobs[2].id = 'A';
    const misnamed = join(s.tempFolder(), 'misnamed.json');
    writeFileSync(misnamed, JSON.stringify(named));
    const r3 = await dst('import', misnamed);
    assert.equal(r3.code, 2, r3.out);
    const lines = r3.err
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.startsWith(misnamed));
    assert.deepEqual(
      lines.map((l) =>
        l
          .slice(misnamed.length + 2)
          .replace(/: must be 1 to 100 characters from .*, got /, ': name rule, got '),
      ),
      [
        "cloudServices[0].jobCollections[0].jobs[1].id: name rule, got '-bad'",
        "cloudServices[0].jobCollections[0].jobs[2].id: 'A' is the same name as cloudServices[0].jobCollections[0].jobs[0].id (names ignore case)",
        "cloudServices[1].name: 'OPS' is the same name as cloudServices[0].name (names ignore case)",
        'cloudServices[1].label: must be 1 to 100 characters, got 150',
        "cloudServices[1].jobCollections[0].name: name rule, got 'bad name!'",
      ],
    );
    assert.equal(proxy.requests.length, 0);
  });

  test('a failed import reports what was and was not done; running it again finishes the job', async () => {
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    doc.cloudServices[0].jobCollections[0].jobs[3].job.action.request.authentication.password = 'p';
    writeFileSync(file, JSON.stringify(doc));

    // The front end refuses job b, and the connection breaks when job c is looked at.
    proxy.failWith = (req) => {
      if (req.method === 'PUT' && /\/jobs\/b$/.test(req.path))
        return { status: 503, code: 'ServerBusy', message: 'The server is busy.' };
      if (req.method === 'GET' && /\/jobs\/c$/.test(req.path)) return 'drop';
      return undefined;
    };
    const first = await dst('import', file);
    assert.equal(first.code, 1);
    // Not a terminal: the progress bar is one line, its final state (no `\r` redraws glued together).
    assert.match(first.err, /^Importing \[#{30}\] 7\/7\n/);
    assert.doesNotMatch(first.err, /\r/);
    assert.match(first.out, /^CREATED\s+UPDATED\s+UNCHANGED\s+FAILED\s+NOT ATTEMPTED\n3\s+0\s+0\s+1\s+3\n/);
    assert.match(first.out, /\nStopped: cannot reach /);
    assert.match(first.out, /\nfailed: job ops\/main\/b: ServerBusy: The server is busy\./);
    assert.match(
      first.out,
      /\nnot attempted: job ops\/main\/c\nnot attempted: job ops\/main\/secret\nnot attempted: collection ops\/spare\n/,
    );
    const partial = await dst('jobs', 'list', '-s', 'ops', '-c', 'main', '--json');
    assert.deepEqual(
      JSON.parse(partial.out).map((j: { id: string }) => j.id),
      ['a'],
      'the server holds exactly what the report says was created',
    );

    proxy.failWith = () => undefined;
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

    const third = await dst('import', file, '--json');
    assert.equal(JSON.parse(third.out).unchanged.length, 7, 'idempotent');
    // On a terminal the bar redraws one line with `\r` and ends it once.
    let err = '';
    const io = { out: () => undefined, err: (t: string) => void (err += t), errIsTerminal: true };
    const creds = ['--url', proxy.url, '--subscription', target.subscription, '--token', target.token];
    assert.equal(await main(['import', file, ...creds], {}, io, s.tempFolder()), 0);
    assert.match(err, /^\rImporting \[#*-+\] 1\/7(\rImporting \[#+-*\] \d\/7)+\n$/);
    assert.match(err, /\rImporting \[#{30}\] 7\/7\n$/);
    const jobs = await dst('jobs', 'list', '-s', 'ops', '-c', 'main', '--json');
    assert.deepEqual(
      JSON.parse(jobs.out).map((j: { id: string }) => j.id),
      ['a', 'b', 'c', 'secret'],
    );
    // The secret added to the file reached the new subscription: a run sends it.
    const hit = sink.nextRequest();
    assert.equal((await dst('jobs', 'run', 'secret', '-s', 'ops', '-c', 'main')).code, 0);
    const req = await s.serve.whileRunning(hit);
    assert.equal(req.path, '/secret');
    assert.equal(header(req, 'authorization'), `Basic ${Buffer.from('u:p').toString('base64')}`);
  });

  test('a job written another way than the server writes it is unchanged on a second import; a tighter quota goes after the jobs that fit it', async () => {
    const year = new Date().getUTCFullYear() + 1;
    const job = (recurrence: object): object => ({
      // Enums in another case, a start time with an offset, no state: the server normalises all three.
      startTime: `${year}-01-01T01:00:00+01:00`,
      action: { type: 'Http', request: { uri: sink.url('/hand'), method: 'get' } },
      recurrence,
    });
    const fileOf = (quota: object, recurrence: object): string => {
      const path = join(s.tempFolder(), 'hand.json');
      const collection = { name: 'hc', plan: 'Standard', quota, jobs: [{ id: 'hj', job: job(recurrence) }] };
      const cs = { name: 'hand', label: 'hand', description: 'by hand', geoRegion: 'West US', jobCollections: [collection] };
      writeFileSync(path, JSON.stringify({ format: 'takt-export', version: 1, subscriptionId: target.subscription, note: '', cloudServices: [cs] }));
      return path;
    }; // prettier-ignore
    const minute = { frequency: 'Minute', interval: 1 };
    const loose = fileOf({ maxJobCount: 7 }, minute);
    const first = await dst('import', loose, '--json');
    assert.equal(first.code, 0, first.err);
    assert.deepEqual(JSON.parse(first.out).created, [
      'cloud service hand',
      'collection hand/hc',
      'job hand/hc/hj',
    ]);
    const again = await dst('import', loose, '--json');
    assert.equal(again.code, 0, again.err);
    const report = JSON.parse(again.out);
    assert.deepEqual([report.created, report.updated], [[], []], again.out);
    assert.deepEqual(report.unchanged, ['cloud service hand', 'collection hand/hc', 'job hand/hc/hj']);

    // The same collection at most hourly, its job hourly: the job goes first, then the quota.
    const hourly = { frequency: 'Hour', interval: 1 };
    const tight = fileOf({ maxJobCount: 7, maxRecurrence: { frequency: 'Hour', interval: 1 } }, hourly);
    const tightened = await dst('import', tight, '--json');
    assert.equal(tightened.code, 0, tightened.out);
    const t = JSON.parse(tightened.out);
    assert.deepEqual(
      [t.updated, t.failed, t.notAttempted],
      [['job hand/hc/hj', 'collection hand/hc'], [], []],
    );
    const shown = await dst('collections', 'get', '-s', 'hand', 'hc', '--json');
    assert.deepEqual(JSON.parse(shown.out).quota, {
      maxJobCount: 7,
      maxRecurrence: { frequency: 'Hour', interval: 1 },
    });
    const finished = await dst('import', tight, '--json');
    assert.equal(JSON.parse(finished.out).unchanged.length, 3, finished.out);
  });

  test('import names the recurring jobs without a start time, which ran at once when written', async () => {
    const created = await src(
      'jobs', 'create', 'now', '-s', 'ops', '-c', 'main', '--uri', sink.url('/now'), '--every', '1h',
    ); // prettier-ignore
    assert.equal(created.code, 0, created.err);
    const file2 = join(s.tempFolder(), 'export2.json');
    assert.equal((await src('export', '-o', file2)).code, 0);
    const doc = JSON.parse(readFileSync(file2, 'utf8'));
    const secret = doc.cloudServices[0].jobCollections[0].jobs.find((j: { id: string }) => j.id === 'secret');
    secret.job.action.request.authentication.password = 'p';
    writeFileSync(file2, JSON.stringify(doc));
    const r = await dst('import', file2);
    assert.equal(r.code, 0, r.err);
    assert.match(
      r.err,
      /\nNote: 1 recurring job without a start time ran at once when written, as `takt jobs create` warns \(Azure's rule\): ops\/main\/now\. Give a job a startTime/,
    );
    // Nothing written the second time, nothing said.
    const again = await dst('import', file2);
    assert.equal(again.code, 0, again.err);
    assert.doesNotMatch(again.err, /ran at once/);
  });
});
