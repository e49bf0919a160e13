// One entity through both APIs (docs/api.md, ARM surface), on a real `takt serve` over SQLite and
// over PostgreSQL (a fresh database on the run's server, support/postgres.ts): a collection and job made through
// ARM read back through the classic API (XML and JSON) and the reverse; one job fired by the engine
// shows the same history through both; deleting the resource group removes what the classic API
// sees in that cloud service.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { freshDatabase, type PgDatabase } from '../../support/postgres.js';
import { header, HttpSink } from '../support/sinks/http-sink.js';
import { httpsRequest } from '../../support/https-request.js';
import { readConnection, startTakt, type TaktProcess } from '../../support/serve.js';
import { api, type Api } from './engine-support.js';

let database: PgDatabase | undefined;

type Json = ReturnType<typeof JSON.parse>;

interface Arm {
  call(method: string, path: string, body?: unknown): Promise<{ status: number; body: string }>;
  json(method: string, path: string, body?: unknown): Promise<Json>;
}

function armClient(url: string, sub: string, token: string, ca: string): Arm {
  const call = async (method: string, path: string, body?: unknown) => {
    const sep = path.includes('?') ? '&' : '?';
    const r = await httpsRequest(`${url}/subscriptions/${sub}${path}${sep}api-version=2016-03-01`, {
      method,
      ca,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: r.status, body: r.body };
  };
  return {
    call,
    async json(method, path, body) {
      const r = await call(method, path, body);
      assert.ok(r.status >= 200 && r.status < 300, `${method} ${path}: ${r.status} ${r.body}`);
      return JSON.parse(r.body);
    },
  };
}

async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, what: string): Promise<T> {
  const end = Date.now() + 30_000;
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    if (Date.now() > end) assert.fail(`${what}: still ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const JC = '/resourceGroups/shared/providers/Microsoft.Scheduler/jobCollections/jc';
const CLASSIC_JC = '/cloudservices/shared/resources/scheduler/~/JobCollections/jc';

function crossApiSuite(name: string, databaseUrl: () => Promise<string | undefined>): void {
  describe(`ARM and classic share one store (${name})`, () => {
    const root = mkdtempSync(join(tmpdir(), 'takt-arm-cross-'));
    let takt: TaktProcess;
    let sink: HttpSink;
    let classic: Api;
    let arm: Arm;

    after(async () => {
      await takt?.stop();
      await sink?.close();
      rmSync(root, { recursive: true, force: true });
    });

    test('start', async () => {
      sink = await HttpSink.start();
      const url = await databaseUrl();
      const dataDir = join(root, 'data');
      takt = await startTakt(
        ['--data-dir', dataDir, '--port', '0', ...(url ? ['--database-url', url] : [])],
        {
          TAKT_LOG_LEVEL: 'warn',
          // Retries a second apart (docs/operations.md), so a retry falls due within the test.
          TAKT_MIN_RETRY_INTERVAL: '1s',
        },
      );
      const conn = readConnection(dataDir);
      classic = api(conn);
      arm = armClient(conn.url, conn.subscriptionId, conn.token, readFileSync(conn.caCertPath, 'utf8'));
    });

    test('ARM-made collection and job, read through the classic API in XML and JSON', async () => {
      await arm.json('PUT', JC, { location: 'westeurope', properties: { sku: { name: 'P20Premium' } } });
      await arm.json('PUT', `${JC}/jobs/weekly`, {
        properties: {
          startTime: '2027-03-01T09:30:00Z',
          action: {
            type: 'Http',
            request: { uri: 'http://example.com/weekly', method: 'PUT', body: 'b' },
            retryPolicy: { retryType: 'Fixed', retryInterval: '00:01:00', retryCount: 2 },
          },
          recurrence: {
            frequency: 'Week',
            interval: 1,
            schedule: { weekDays: ['Monday'], hours: [9], minutes: [30] },
          },
        },
      });
      const cs = await classic.call('GET', '/cloudservices/shared');
      assert.equal(cs.status, 200, cs.body);
      assert.match(cs.body, /<GeoRegion>West Europe<\/GeoRegion>/);
      assert.match(cs.body, /<Name>jc<\/Name>/);
      const jc = await classic.call('GET', CLASSIC_JC);
      assert.match(jc.body, /<Plan>Premium<\/Plan>/);
      const job = await classic.call('GET', `${CLASSIC_JC}/jobs/weekly`);
      assert.equal(job.status, 200, job.body);
      const j = JSON.parse(job.body);
      assert.equal(j.id, 'weekly');
      assert.equal(j.startTime, '2027-03-01T09:30:00Z');
      assert.deepEqual(j.action.request, { uri: 'http://example.com/weekly', method: 'PUT', body: 'b' });
      assert.deepEqual(j.action.retryPolicy, {
        retryType: 'fixed',
        retryInterval: '00:01:00',
        retryCount: 2,
      });
      assert.deepEqual(j.recurrence, {
        frequency: 'week',
        interval: 1,
        schedule: { minutes: [30], hours: [9], weekDays: ['monday'] },
      });
      const list = await classic.call('GET', `${CLASSIC_JC}/jobs`);
      assert.deepEqual(
        (JSON.parse(list.body) as Json[]).map((x) => x.id),
        ['weekly'],
      );
    });

    test('classic-made cloud service, collection and job, read through ARM', async () => {
      const cs = await classic.call(
        'PUT',
        '/cloudservices/legacy',
        '<CloudService xmlns="http://schemas.microsoft.com/windowsazure"><Label>legacy</Label><Description>d</Description><GeoRegion>West US</GeoRegion></CloudService>',
        'application/xml',
      );
      assert.equal(cs.status, 202, cs.body);
      const jc = await classic.call(
        'PUT',
        '/cloudservices/legacy/resources/scheduler/~/JobCollections/old',
        '<Resource xmlns="http://schemas.microsoft.com/windowsazure"><IntrinsicSettings><Plan>Standard</Plan><Quota><MaxJobCount>9</MaxJobCount></Quota></IntrinsicSettings></Resource>',
        'application/xml',
      );
      assert.equal(jc.status, 202, jc.body);
      const put = await classic.call(
        'PUT',
        '/cloudservices/legacy/resources/scheduler/~/JobCollections/old/jobs/nightly',
        JSON.stringify({
          action: { type: 'https', request: { uri: 'https://example.com/n', method: 'GET' } },
          recurrence: { frequency: 'day', interval: 1, schedule: { hours: [2], minutes: [0] } },
          state: 'disabled',
        }),
      );
      assert.equal(put.status, 201, put.body);
      const group = await arm.json('GET', '/resourceGroups/legacy');
      assert.equal(group.location, 'West US');
      const c = await arm.json(
        'GET',
        '/resourceGroups/legacy/providers/Microsoft.Scheduler/jobCollections/old',
      );
      assert.deepEqual(c.properties, {
        sku: { name: 'Standard' },
        state: 'Enabled',
        quota: { maxJobCount: 9 },
      });
      assert.equal(c.location, 'West US');
      const j = await arm.json(
        'GET',
        '/resourceGroups/legacy/providers/Microsoft.Scheduler/jobCollections/old/jobs/nightly',
      );
      assert.equal(j.name, 'old/nightly');
      assert.deepEqual(j.properties, {
        action: { request: { uri: 'https://example.com/n', method: 'GET' }, type: 'Https' },
        recurrence: { frequency: 'Day', interval: 1, schedule: { minutes: [0], hours: [2] } },
        state: 'Disabled',
      });
    });

    test('a job fired by the engine shows the same history through both APIs', async () => {
      const hit = sink.nextRequest();
      await arm.json('PUT', `${JC}/jobs/fired`, {
        properties: {
          action: { type: 'Http', request: { uri: sink.url('/fired'), method: 'POST', body: 'x' } },
        },
      });
      assert.equal((await hit).path, '/fired');
      const viaArm = await until(
        () => arm.json('GET', `${JC}/jobs/fired/history`),
        (h: Json) => h.value.length === 1,
        'one ARM history entry',
      );
      const c = await classic.call('GET', `${CLASSIC_JC}/jobs/fired/history`);
      const viaClassic = JSON.parse(c.body) as Json[];
      assert.equal(viaClassic.length, 1);
      const a = viaArm.value[0].properties;
      const k = viaClassic[0];
      for (const field of [
        'startTime',
        'endTime',
        'expectedExecutionTime',
        'message',
        'retryCount',
        'repeatCount',
        'actionName',
      ]) {
        assert.equal(a[field], k[field], field);
      }
      assert.equal(a.status, undefined);
      assert.equal(k.status, undefined);
      const armJob = await until(
        () => arm.json('GET', `${JC}/jobs/fired`),
        (j: Json) => j.properties.state === 'Completed',
        'completed through ARM',
      );
      const classicJob = JSON.parse((await classic.call('GET', `${CLASSIC_JC}/jobs/fired`)).body);
      assert.equal(classicJob.state, 'completed');
      assert.deepEqual(armJob.properties.status, classicJob.status);
    });

    test('a retry waits while its collection is suspended and runs, with its execution tag, once it resumes', async () => {
      const paused = '/resourceGroups/shared/providers/Microsoft.Scheduler/jobCollections/paused';
      await arm.json('PUT', paused, { location: 'westeurope', properties: { sku: { name: 'Standard' } } });
      // The first attempt fails (500): its retry falls due 2 s later.
      const prior = sink.responder;
      sink.responder = (req, res) => {
        res.statusCode =
          req.path === '/flaky' && sink.requests.filter((r) => r.path === '/flaky').length === 1 ? 500 : 200;
        res.end('');
      };
      try {
        const first = sink.nextRequest();
        await arm.json('PUT', `${paused}/jobs/flaky`, {
          properties: {
            action: {
              type: 'Http',
              request: { uri: sink.url('/flaky'), method: 'POST', body: 'x' },
              retryPolicy: { retryType: 'Fixed', retryInterval: '00:00:02', retryCount: 1 },
            },
          },
        });
        const failed = await first;
        assert.equal(failed.path, '/flaky');
        const failedAt = Date.now();
        await arm.json('PATCH', paused, { properties: { state: 'Suspended' } });
        // A control job in a running collection, due a second after the retry: the engine claims in
        // due order, so once the control has finished it passed the waiting retry over.
        await arm.json('PUT', `${JC}/jobs/control`, {
          properties: {
            startTime: new Date(failedAt + 3_000).toISOString(),
            action: { type: 'Http', request: { uri: sink.url('/control'), method: 'POST', body: 'x' } },
          },
        });
        await until(
          () => arm.json('GET', `${JC}/jobs/control`),
          (j: Json) => j.properties.state === 'Completed',
          'the control job completes',
        );
        assert.equal(sink.requests.filter((r) => r.path === '/flaky').length, 1, 'no retry while suspended');
        const retried = sink.nextRequest();
        await arm.json('PATCH', paused, { properties: { state: 'Enabled' } });
        const retry = await retried;
        assert.equal(retry.path, '/flaky');
        assert.equal(header(retry, 'x-ms-execution-tag'), header(failed, 'x-ms-execution-tag'));
        const done = await until(
          () => arm.json('GET', `${paused}/jobs/flaky/history`),
          (h: Json) => h.value.length === 2,
          'two history entries',
        );
        // No `status` on a completed entry (docs/api.md, ARM spellings).
        const entries = done.value.map((e: Json) => [
          e.properties.status ?? 'completed',
          e.properties.retryCount,
        ]);
        assert.deepEqual(entries.sort(), [
          ['Failed', 0],
          ['completed', 1],
        ]);
      } finally {
        sink.responder = prior;
      }
    });

    test('deleting the resource group removes the cloud service, its collections and jobs from the classic API', async () => {
      const d = await arm.call('DELETE', '/resourceGroups/shared');
      assert.equal(d.status, 200, d.body);
      assert.equal((await classic.call('GET', '/cloudservices/shared')).status, 404);
      assert.equal((await classic.call('GET', CLASSIC_JC)).status, 404);
      assert.equal((await classic.call('GET', `${CLASSIC_JC}/jobs/weekly`)).status, 404);
      const list = await classic.call('GET', '/cloudservices');
      assert.doesNotMatch(list.body, /<Name>shared<\/Name>/);
      assert.match(list.body, /<Name>legacy<\/Name>/, 'other groups stay');
    });
  });
}

crossApiSuite('SQLite', () => Promise.resolve(undefined));
crossApiSuite('PostgreSQL', async () => {
  database = await freshDatabase('takt_e2e_arm');
  return database.url;
});

after(async () => {
  await database?.drop();
});
