// The real npm client azure-scheduler (jobs) against a real HTTPS listener with a management
// certificate (docs/reference/classic-operations.md §13.1): every method of client.jobs.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { SUB, cloudServiceXml, collectionXml, csPath, jcPath } from '../api/harness.js';
import { cb, failure, requireCjs, startTlsServer, type Doc, type TlsServer } from './tls-harness.js';

let s: TlsServer;
let jobs: Doc;

before(async () => {
  s = await startTlsServer();
  assert.equal((await s.h.call('PUT', csPath('cs1'), { body: cloudServiceXml() })).statusCode, 202);
  assert.equal((await s.h.call('PUT', jcPath('jc1'), { body: collectionXml() })).statusCode, 202);
  const scheduler = requireCjs('azure-scheduler');
  const client = scheduler
    .createSchedulerClient('cs1', 'jc1', s.credentials(), s.baseUri)
    .withFilter(s.trustCa);
  jobs = client.jobs;
});
after(async () => s.close());

const iso = (text: string) => ({ toIsoString: () => text });

const definition = (uri: string): Doc => ({
  action: {
    type: 'Http',
    request: {
      uri,
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body: 'hello',
      authentication: { type: 'Basic', username: 'u', password: 'never-returned' },
    },
    retryPolicy: { retryType: 'Fixed', retryInterval: iso('PT30S'), retryCount: 2 },
  },
  recurrence: {
    frequency: 'Week',
    interval: 1,
    schedule: { days: ['Monday', 'Friday'], hours: [6], minutes: [0] },
  },
});

test('create (201, server id), createOrUpdate (201 then 200), get: PascalCase defaults in, canonical forms out', async () => {
  const created = await cb((d) => jobs.create(definition('https://example.com/a'), d));
  assert.equal(created.statusCode, 201);
  assert.match(created.job.id, /^[0-9a-f]{32}$/);
  const put = await cb((d) => jobs.createOrUpdate('job-1', definition('https://example.com/b'), d));
  assert.equal(put.statusCode, 201);
  const replaced = await cb((d) => jobs.createOrUpdate('job-1', definition('https://example.com/c'), d));
  assert.equal(replaced.statusCode, 200);
  const got = await cb((d) => jobs.get('job-1', d));
  const job = got.job;
  assert.equal(job.id, 'job-1');
  assert.equal(job.action.type, 'http');
  assert.equal(job.action.request.uri, 'https://example.com/c');
  assert.equal(job.action.request.authentication.type, 'Basic');
  assert.equal(job.action.request.authentication.username, 'u');
  assert.equal(job.action.request.authentication.password, undefined);
  assert.equal(job.action.retryPolicy.retryInterval.asSeconds(), 30, 'TimeSpan out, read by moment.duration');
  assert.deepEqual(job.recurrence.schedule.days, ['monday', 'friday']);
  assert.equal(job.state, 'enabled');
  assert.ok(job.status.nextExecutionTime instanceof Date || typeof job.status.nextExecutionTime === 'string');
});

test('list and listWithFilter (state, skip, top); updateState with a reason; updateJobCollectionState', async () => {
  const all = await cb((d) => jobs.list({}, d));
  assert.equal(all.jobs.length, 2);
  const top = await cb((d) => jobs.list({ top: 1, skip: 1 }, d));
  assert.equal(top.jobs.length, 1);
  const disabled = await cb((d) =>
    jobs.updateState('job-1', { state: 'Disabled', updateStateReason: 'maintenance' }, d),
  );
  assert.equal(disabled.statusCode, 200);
  assert.equal(disabled.job.state, 'disabled');
  const onlyDisabled = await cb((d) => jobs.listWithFilter({ state: 'Disabled' }, d));
  assert.deepEqual(
    onlyDisabled.jobs.map((j: Doc) => j.id),
    ['job-1'],
  );
  const enabledAll = await cb((d) => jobs.updateJobCollectionState({ state: 'Enabled' }, d));
  assert.equal(enabledAll.statusCode, 200);
  assert.deepEqual(
    enabledAll.jobs.map((j: Doc) => j.state),
    ['enabled', 'enabled'],
  );
});

test('getHistory and getHistoryWithFilter (status eq Failed reaches the server percent-encoded)', async () => {
  const ref = { subscriptionId: SUB, cloudService: 'cs1', collection: 'jc1', jobId: 'job-1' };
  const t = s.h.clock.now();
  const entry = (i: number, status: 'completed' | 'failed') => ({
    job: ref,
    timestamp: t + i,
    startTime: t + i,
    endTime: t + i,
    expectedExecutionTime: t,
    state: 'enabled' as const,
    status,
    message: `m${i}`,
    retryCount: i,
    repeatCount: 1,
    actionName: 'MainAction' as const,
    executionTag: 'a'.repeat(32),
  });
  await s.h.store.appendHistory([entry(0, 'failed'), entry(1, 'completed')]);
  const history = await cb((d) => jobs.getHistory('job-1', {}, d));
  assert.deepEqual(
    history.jobHistory.map((e: Doc) => e.message),
    ['m1', 'm0'],
  );
  assert.equal(history.jobHistory[0].id, 'job-1', 'jobId is mapped to id');
  const failed = await cb((d) => jobs.getHistoryWithFilter('job-1', { status: 'Failed' }, d));
  assert.deepEqual(
    failed.jobHistory.map((e: Doc) => e.message),
    ['m0'],
  );
  const completed = await cb((d) => jobs.getHistoryWithFilter('job-1', { status: 'Completed', top: 5 }, d));
  assert.deepEqual(
    completed.jobHistory.map((e: Doc) => e.message),
    ['m1'],
  );
});

test('deleteMethod (200), then get fails with the Azure error code, status and request id', async () => {
  const del = await cb((d) => jobs.deleteMethod('job-1', d));
  assert.equal(del.statusCode, 200);
  const err = await failure(cb((d) => jobs.get('job-1', d)));
  assert.equal(err.code, 'ResourceNotFound');
  assert.equal(err.statusCode, 404);
  assert.match(String(err.requestId), /^[0-9a-f]{32}$/);
  const bad = await failure(
    cb((d) =>
      jobs.createOrUpdate(
        'job-2',
        {
          action: { type: 'Http', request: { uri: 'http://x', method: 'GET' } },
          recurrence: { frequency: 'Week', schedule: { monthDays: [1] } },
        },
        d,
      ),
    ),
  );
  assert.equal(bad.statusCode, 400);
  assert.match(String(bad.message), /Cannot set days of month with recurrence unit 'Week'\./);
});
