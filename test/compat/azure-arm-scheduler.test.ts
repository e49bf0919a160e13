// The real npm ARM client `azure-arm-scheduler` 1.2.0-preview (ms-rest-azure 2.x) against a real
// `takt serve` over HTTPS with its first-start CA and API token (docs/api.md, ARM surface): every
// method of client.jobCollections and client.jobs, the `…Next` pagers on lists longer than a page,
// the long-running operations answered synchronously, and the errors as the client reports them.
// Also V19/V20 (a run fired by the engine) and the client-certificate part of V23.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { HttpSink } from '../support/sinks/http-sink.js';
import { httpsRequest } from '../../support/https-request.js';
import { readConnection, startTakt, type Connection, type TaktProcess } from '../../support/serve.js';
import { requireCjs, type Doc } from './tls-harness.js';

const root = mkdtempSync(join(tmpdir(), 'takt-arm-compat-'));
const dataDir = join(root, 'data');
let takt: TaktProcess;
let conn: Connection;
let ca: string;
let sink: HttpSink;
let client: Doc;
const moment = requireCjs('moment');

/** One client (and one options object: ms-rest appends its signing filter to the one it is given). */
function newClient(): Doc {
  const SchedulerManagementClient = requireCjs('azure-arm-scheduler');
  const msRest = requireCjs('ms-rest');
  return new SchedulerManagementClient(
    new msRest.TokenCredentials(conn.token),
    conn.subscriptionId,
    conn.url,
    {
      requestOptions: { ca },
      noRetryPolicy: true,
      longRunningOperationRetryTimeout: 0,
    },
  );
}

before(async () => {
  sink = await HttpSink.start();
  takt = await startTakt(['--data-dir', dataDir, '--port', '0'], { TAKT_LOG_LEVEL: 'warn' });
  conn = readConnection(dataDir);
  ca = readFileSync(conn.caCertPath, 'utf8');
  client = newClient();
});
after(async () => {
  await takt?.stop();
  await sink?.close();
  rmSync(root, { recursive: true, force: true });
});

/** The error a client call fails with. */
async function failure(p: Promise<unknown>): Promise<Doc> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('the call was expected to fail');
}

/** Polls through the client until `done` holds (the engine records outcomes after the target answered). */
async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, what: string): Promise<T> {
  const end = Date.now() + 30_000;
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    if (Date.now() > end) assert.fail(`${what}: still ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('jobCollections: createOrUpdate (201 then 200), get, patch, listByResourceGroup, listBySubscription', async () => {
  const jc = client.jobCollections;
  const created = await jc.createOrUpdateWithHttpOperationResponse('rg1', 'jc1', {
    location: 'westus',
    properties: { sku: { name: 'Standard' } },
  });
  assert.equal(created.response.statusCode, 201);
  assert.equal(created.body.location, 'West US');
  assert.equal(created.body.properties.state, 'Enabled');
  const updated = await jc.createOrUpdateWithHttpOperationResponse('rg1', 'jc1', {
    location: 'West US',
    tags: { team: 'ops' },
    properties: {
      sku: { name: 'P20Premium' },
      quota: { maxJobCount: 200, maxRecurrence: { frequency: 'Minute', interval: 1 } },
    },
  });
  assert.equal(updated.response.statusCode, 200);
  const got = await jc.get('rg1', 'jc1');
  assert.equal(
    got.id,
    `/subscriptions/${conn.subscriptionId}/resourceGroups/rg1/providers/Microsoft.Scheduler/jobCollections/jc1`,
  );
  assert.equal(got.name, 'jc1');
  assert.equal(got.type, 'Microsoft.Scheduler/jobCollections');
  assert.equal(got.properties.sku.name, 'P20Premium');
  assert.deepEqual(got.tags, { team: 'ops' });
  assert.equal(got.properties.quota.maxJobCount, 200);
  assert.equal(got.properties.quota.maxRecurrence.frequency, 'Minute');
  const patched = await jc.patch('rg1', 'jc1', { tags: { team: 'billing' } });
  assert.deepEqual(patched.tags, { team: 'billing' });
  assert.equal(patched.properties.sku.name, 'P20Premium', 'patch keeps what it did not send');
  const byGroup = await jc.listByResourceGroup('rg1');
  assert.deepEqual(
    byGroup.map((c: Doc) => c.name),
    ['jc1'],
  );
  assert.equal(byGroup.nextLink, undefined);
  const bySub = await jc.listBySubscription();
  assert.ok(bySub.some((c: Doc) => c.name === 'jc1'));
});

test('jobCollections: disable, enable, beginDisable, beginEnable (LROs answered 200 at once)', async () => {
  const jc = client.jobCollections;
  await client.jobs.createOrUpdate('rg1', 'jc1', 'toggled', {
    properties: {
      action: { type: 'Http', request: { uri: sink.url('/t'), method: 'GET' } },
      recurrence: { frequency: 'Hour', interval: 1 },
    },
  });
  await jc.disable('rg1', 'jc1');
  assert.equal((await jc.get('rg1', 'jc1')).properties.state, 'Disabled');
  assert.equal((await client.jobs.get('rg1', 'jc1', 'toggled')).properties.state, 'Disabled');
  await jc.enable('rg1', 'jc1');
  assert.equal((await jc.get('rg1', 'jc1')).properties.state, 'Enabled');
  assert.equal((await client.jobs.get('rg1', 'jc1', 'toggled')).properties.state, 'Enabled');
  await jc.beginDisable('rg1', 'jc1');
  assert.equal((await jc.get('rg1', 'jc1')).properties.state, 'Disabled');
  await jc.beginEnable('rg1', 'jc1');
  assert.equal((await jc.get('rg1', 'jc1')).properties.state, 'Enabled');
  await client.jobs.deleteMethod('rg1', 'jc1', 'toggled');
});

test('jobs: createOrUpdate, get, patch, list with filter/top/skip, deleteMethod; models read back exactly', async () => {
  const jobs = client.jobs;
  const definition = {
    properties: {
      startTime: new Date('2027-09-03T00:00:00Z'),
      action: {
        type: 'Https',
        request: {
          uri: 'https://example.com/report',
          method: 'POST',
          body: '{"full":true}',
          headers: { 'Content-Type': 'application/json' },
          authentication: { type: 'Basic', username: 'svc', password: 'never-returned' },
        },
        retryPolicy: { retryType: 'Fixed', retryInterval: moment.duration('PT30S'), retryCount: 3 },
        errorAction: {
          type: 'StorageQueue',
          queueMessage: {
            storageAccount: 'opsacct',
            queueName: 'failures',
            sasToken: 'sv=secret',
            message: 'failed',
          },
        },
      },
      recurrence: {
        frequency: 'Month',
        interval: 1,
        schedule: { monthlyOccurrences: [{ day: 'Friday', occurrence: -1 }], hours: [9], minutes: [30] },
      },
      state: 'Enabled',
    },
  };
  const created = await jobs.createOrUpdateWithHttpOperationResponse('rg1', 'jc1', 'report', definition);
  assert.equal(created.response.statusCode, 201);
  assert.doesNotMatch(created.response.body, /never-returned|sv=secret/);
  const j = await jobs.get('rg1', 'jc1', 'report');
  assert.equal(j.name, 'jc1/report');
  assert.equal(j.type, 'Microsoft.Scheduler/jobCollections/jobs');
  const p = j.properties;
  assert.equal(p.action.type, 'Https');
  assert.equal(p.action.request.authentication.type, 'Basic');
  assert.equal(p.action.request.authentication.username, 'svc');
  assert.equal(p.action.request.authentication.password, undefined);
  assert.equal(p.action.retryPolicy.retryType, 'Fixed');
  assert.equal(p.action.retryPolicy.retryInterval.asSeconds(), 30, 'TimeSpan out, read by moment.duration');
  assert.equal(p.action.errorAction.type, 'StorageQueue');
  assert.equal(p.action.errorAction.queueMessage.sasToken, undefined);
  assert.equal(p.recurrence.frequency, 'Month');
  assert.deepEqual(
    p.recurrence.schedule.monthlyOccurrences.map((o: Doc) => [o.day, o.occurrence]),
    [['Friday', -1]],
    'Occurrence read back by the client',
  );
  assert.equal(p.state, 'Enabled');
  assert.ok(p.status.nextExecutionTime instanceof Date);
  assert.equal(p.status.executionCount, 0);
  const patched = await jobs.patch('rg1', 'jc1', 'report', { properties: { state: 'Disabled' } });
  assert.equal(patched.properties.state, 'Disabled');
  assert.equal(patched.properties.status, undefined);
  assert.equal(patched.properties.action.request.uri, 'https://example.com/report');
  const replaced = await jobs.createOrUpdateWithHttpOperationResponse('rg1', 'jc1', 'report', definition);
  assert.equal(replaced.response.statusCode, 200);
  await jobs.createOrUpdate('rg1', 'jc1', 'other', {
    properties: {
      action: { type: 'Http', request: { uri: 'http://example.com/', method: 'GET' } },
      state: 'Disabled',
    },
  });
  const disabled = await jobs.list('rg1', 'jc1', { filter: "state eq 'Disabled'" });
  assert.deepEqual(
    disabled.map((x: Doc) => x.name),
    ['jc1/other'],
  );
  const second = await jobs.list('rg1', 'jc1', { top: 1, skip: 1 });
  assert.deepEqual(
    second.map((x: Doc) => x.name),
    ['jc1/report'],
  );
  await jobs.deleteMethod('rg1', 'jc1', 'other');
  const gone = await failure(jobs.get('rg1', 'jc1', 'other'));
  assert.equal(gone.statusCode, 404);
  assert.equal(gone.code, 'ResourceNotFound');
});

test('V19/V20: run (200, empty) fires once through the engine; listJobHistory with status filters; a finished job cannot run', async () => {
  const jobs = client.jobs;
  await jobs.createOrUpdate('rg1', 'jc1', 'j1', {
    properties: {
      action: { type: 'Http', request: { uri: sink.url('/run'), method: 'POST', body: 'x' } },
      recurrence: { frequency: 'Day', interval: 1 },
      startTime: new Date('2027-09-01T00:00:00Z'),
    },
  });
  const before = await jobs.get('rg1', 'jc1', 'j1');
  const hit = sink.nextRequest();
  const ran = await jobs.runWithHttpOperationResponse('rg1', 'jc1', 'j1');
  assert.equal(ran.response.statusCode, 200);
  assert.equal(ran.response.body, '');
  assert.equal((await hit).path, '/run');
  const history = await until(
    () => jobs.listJobHistory('rg1', 'jc1', 'j1'),
    (h: Doc[]) => h.length === 1,
    'one entry',
  );
  const e = history[0];
  assert.equal(e.properties.actionName, 'MainAction');
  assert.equal(e.properties.status, undefined);
  assert.equal(e.properties.retryCount, 0);
  assert.match(e.id, new RegExp(`/jobCollections/jc1/jobs/j1/history/\\d+$`));
  assert.match(e.name, /^jc1\/j1\/\d+$/);
  assert.equal(e.type, 'Microsoft.Scheduler/jobCollections/jobs/history');
  const after = await until(
    () => jobs.get('rg1', 'jc1', 'j1'),
    (j: Doc) => j.properties.status.executionCount === 1,
    'executionCount 1',
  );
  assert.equal(
    after.properties.status.nextExecutionTime.getTime(),
    before.properties.status.nextExecutionTime.getTime(),
  );
  assert.equal((await jobs.listJobHistory('rg1', 'jc1', 'j1', { filter: 'status eq Completed' })).length, 1);
  assert.equal((await jobs.listJobHistory('rg1', 'jc1', 'j1', { filter: 'status eq Failed' })).length, 0);
  await jobs.createOrUpdate('rg1', 'jc1', 'once', {
    properties: { action: { type: 'Http', request: { uri: sink.url('/once'), method: 'GET' } } },
  });
  await until(
    () => jobs.get('rg1', 'jc1', 'once'),
    (j: Doc) => j.properties.state === 'Completed',
    'completed',
  );
  const refused = await failure(jobs.run('rg1', 'jc1', 'once'));
  assert.equal(refused.statusCode, 409);
  assert.equal(refused.code, 'Conflict');
});

test('pagers: list/listNext, listJobHistory/listJobHistoryNext, listByResourceGroup(Next), listBySubscription(Next)', async () => {
  const jobs = client.jobs;
  await client.jobCollections.createOrUpdate('rg-many', 'big', {
    location: 'westus',
    properties: { sku: { name: 'P10Premium' } },
  });
  for (let i = 0; i < 101; i++) {
    await jobs.createOrUpdate('rg-many', 'big', `job${String(i).padStart(3, '0')}`, {
      properties: {
        action: { type: 'Http', request: { uri: sink.url('/many'), method: 'GET' } },
        state: 'Disabled',
      },
    });
  }
  const page = await jobs.list('rg-many', 'big');
  assert.equal(page.length, 100);
  assert.ok(page.nextLink.startsWith(`${conn.url}/subscriptions/`), page.nextLink);
  const rest = await jobs.listNext(page.nextLink);
  assert.deepEqual(
    rest.map((j: Doc) => j.name),
    ['big/job100'],
  );
  for (let i = 0; i < 101; i++) await jobs.run('rg-many', 'big', 'job000');
  const history = await until(
    () => jobs.listJobHistory('rg-many', 'big', 'job000'),
    (h: Doc) => h.length === 100 && h.nextLink !== undefined,
    'a full page of history',
  );
  const more = await until(
    () => jobs.listJobHistoryNext(history.nextLink),
    (h: Doc[]) => h.length === 1,
    'the 101st entry',
  );
  assert.equal(more[0].properties.actionName, 'MainAction');
  for (let i = 0; i < 100; i++) {
    await client.jobCollections.createOrUpdate('rg-many', `c${String(i).padStart(3, '0')}`, {
      properties: { sku: { name: 'Standard' } },
    });
  }
  const groups = await client.jobCollections.listByResourceGroup('rg-many');
  assert.equal(groups.length, 100);
  const lastGroup = await client.jobCollections.listByResourceGroupNext(groups.nextLink);
  assert.deepEqual(
    lastGroup.map((c: Doc) => c.name),
    ['c099'],
    'big, c000 … c098 on the first page',
  );
  const subs = await client.jobCollections.listBySubscription();
  assert.equal(subs.length, 100);
  const lastSubs = await client.jobCollections.listBySubscriptionNext(subs.nextLink);
  // By group name, then collection name: rg-many (big, c000 … c099) before rg1 (jc1).
  assert.deepEqual(
    lastSubs.map((c: Doc) => c.name),
    ['c099', 'jc1'],
  );
});

test('deleteMethod and beginDeleteMethod of collections; errors as the client reports them', async () => {
  const jc = client.jobCollections;
  await jc.createOrUpdate('rg1', 'doomed', { properties: { sku: { name: 'Standard' } } });
  await jc.deleteMethod('rg1', 'doomed');
  await jc.createOrUpdate('rg1', 'doomed2', { properties: { sku: { name: 'Standard' } } });
  await jc.beginDeleteMethod('rg1', 'doomed2');
  for (const name of ['doomed', 'doomed2']) {
    const e = await failure(jc.get('rg1', name));
    assert.equal(e.statusCode, 404);
    assert.equal(e.code, 'ResourceNotFound');
  }
  const noGroup = await failure(jc.get('nowhere', 'x'));
  assert.equal(noGroup.code, 'ResourceGroupNotFound');
  const bad = await failure(
    client.jobs.createOrUpdate('rg1', 'jc1', 'bad', {
      properties: { action: { type: 'Http', request: { method: 'GET' } } },
    }),
  );
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.code, 'BadRequest');
  assert.match(bad.message, /properties\.action\.request\.uri/);
});

test('V23: a management certificate alone authenticates ARM requests; nothing at all is 401', async () => {
  const path = `${conn.url}/subscriptions/${conn.subscriptionId}/resourceGroups/rg1/providers/Microsoft.Scheduler/jobCollections/jc1?api-version=2016-03-01`;
  const withCert = await httpsRequest(path, {
    ca,
    cert: readFileSync(conn.certPath, 'utf8'),
    key: readFileSync(conn.keyPath, 'utf8'),
  });
  assert.equal(withCert.status, 200, withCert.body);
  assert.equal(JSON.parse(withCert.body).name, 'jc1');
  const none = await httpsRequest(path, { ca });
  assert.equal(none.status, 401);
  assert.equal(none.headers['www-authenticate'], 'Bearer');
  assert.equal(JSON.parse(none.body).error.code, 'AuthenticationFailed');
});
