// ARM error messages name enum values and fields in ARM's spelling (docs/api.md, "ARM surface (Microsoft.Scheduler)"):
// `Https`, `StorageQueue`, `Fixed`, `Week`, `Monday`, `Enabled`, `properties.recurrence`, where the
// shared classic rules write `https`, `storageQueue`, `fixed`, `week`, `monday`, `enabled`,
// `recurrence`. The value the client sent is echoed as sent.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { SUB, jobPath, startHarness, type Harness } from '../api/harness.js';
import { arm, body, collectionBody, httpJobBody, JC, JOB } from './arm-harness.js';

let h: Harness;
before(async () => {
  h = await startHarness();
  assert.equal((await arm(h, 'PUT', JC('sp'), { body: collectionBody() })).statusCode, 201);
  assert.equal((await arm(h, 'PUT', JOB('live', 'sp'), { body: httpJobBody() })).statusCode, 201);
  assert.equal((await arm(h, 'PUT', JOB('done', 'sp'), { body: httpJobBody() })).statusCode, 201);
  const ref = { subscriptionId: SUB, cloudService: 'rg1', collection: 'sp', jobId: 'done' };
  const stored = await h.store.getJob(ref);
  assert.ok(stored);
  await h.store.updateJob({
    ...stored,
    state: 'completed',
    finishedAt: h.clock.now(),
    version: stored.version + 1,
  });
});
after(async () => h.close());

const action = (a: Record<string, unknown>, extra: Record<string, unknown> = {}): unknown => ({
  properties: { action: { request: { uri: 'https://127.0.0.1:9/x', method: 'GET' }, ...a }, ...extra },
});
const recurring = (recurrence: Record<string, unknown>): unknown =>
  action({ type: 'Http' }, { recurrence: { interval: 1, ...recurrence } });

const DAYS = 'Monday, Tuesday, Wednesday, Thursday, Friday, Saturday, Sunday';
const TYPES = 'Http, Https, StorageQueue, ServiceBusQueue, ServiceBusTopic';

const puts: [string, unknown, string][] = [
  ['action type', action({ type: 'Ftp' }), `properties.action.type: must be one of ${TYPES}, got 'Ftp'`],
  [
    'error action type',
    action({ type: 'Http', errorAction: { type: 'Smtp' } }),
    `properties.action.errorAction.type: must be one of ${TYPES}, got 'Smtp'`,
  ],
  [
    'retry type',
    action({ type: 'Http', retryPolicy: { retryType: 'Sometimes' } }),
    `properties.action.retryPolicy.retryType: must be one of None, Fixed, got 'Sometimes'`,
  ],
  [
    'job state',
    action({ type: 'Http' }, { state: 'Paused' }),
    `properties.state: must be one of Enabled, Disabled, got 'Paused'`,
  ],
  [
    'a state that cannot be set',
    action({ type: 'Http' }, { state: 'Completed' }),
    `properties.state: only Enabled or Disabled can be set, got 'Completed'`,
  ],
  [
    'frequency',
    recurring({ frequency: 'Fortnight' }),
    `properties.recurrence.frequency: unknown value "Fortnight" (allowed: Minute, Hour, Day, Week, Month)`,
  ],
  [
    'frequency Year',
    recurring({ frequency: 'Year' }),
    `properties.recurrence.frequency: 'Year' is not supported (Minute, Hour, Day, Week or Month)`,
  ],
  [
    'week day',
    recurring({ frequency: 'Week', schedule: { weekDays: ['Funday'] } }),
    `properties.recurrence.schedule.weekDays[0]: unknown value "Funday" (allowed: ${DAYS})`,
  ],
  [
    'monthly occurrence day',
    recurring({ frequency: 'Month', schedule: { monthlyOccurrences: [{ day: 'Blursday' }] } }),
    `properties.recurrence.schedule.monthlyOccurrences[0].day: unknown value "Blursday" (allowed: ${DAYS})`,
  ],
  [
    'interval bound',
    recurring({ frequency: 'Minute', interval: 5000 }),
    'properties.recurrence.interval: must be 1..1000 for Minute, got 5000',
  ],
  [
    'schedule with Minute',
    recurring({ frequency: 'Minute', schedule: { hours: [1] } }),
    'properties.recurrence.schedule: not allowed with frequency Minute',
  ],
  [
    'sub-object of the action type',
    action({ type: 'StorageQueue' }),
    'properties.action.queueMessage: is required for action type StorageQueue',
  ],
  [
    'https URI',
    {
      properties: { action: { type: 'Https', request: { uri: 'http://127.0.0.1:9/x', method: 'GET' } } },
    },
    'properties.action.request.uri: must be an https URI when the action type is Https',
  ],
];

for (const [what, doc, message] of puts) {
  test(`PUT job, ${what}: the message spells enums the ARM way`, async () => {
    const r = await arm(h, 'PUT', JOB('bad', 'sp'), { body: doc as object });
    assert.equal(r.statusCode, 400, r.body);
    assert.equal(body(r).error.message, message);
  });
}

test('PATCH job: state messages spell Enabled and Disabled', async () => {
  const removed = await arm(h, 'PATCH', JOB('live', 'sp'), { body: { properties: { state: null } } });
  assert.equal(removed.statusCode, 400, removed.body);
  assert.equal(body(removed).error.message, 'properties.state: cannot be removed; send Enabled or Disabled');
  const faulted = await arm(h, 'PATCH', JOB('live', 'sp'), { body: { properties: { state: 'faulted' } } });
  assert.equal(faulted.statusCode, 400, faulted.body);
  assert.equal(
    body(faulted).error.message,
    "properties.state: only Enabled or Disabled can be set, got 'Faulted'",
  );
});

test('a finished job: PATCH and run name its state Completed', async () => {
  const patch = await arm(h, 'PATCH', JOB('done', 'sp'), { body: { properties: { state: 'Disabled' } } });
  assert.equal(patch.statusCode, 409, patch.body);
  assert.equal(
    body(patch).error.message,
    "The job 'done' is Completed; a finished job can only be replaced or deleted.",
  );
  const run = await arm(h, 'POST', `${JOB('done', 'sp')}/run`);
  assert.equal(run.statusCode, 409, run.body);
  assert.equal(body(run).error.message, "The job 'done' is Completed; a finished job cannot be run.");
});

test('$filter messages list the ARM values', async () => {
  const jobs = await arm(h, 'GET', `${JC('sp')}/jobs?$filter=state eq Paused`);
  assert.equal(jobs.statusCode, 400);
  assert.equal(
    body(jobs).error.message,
    "$filter: must be 'state eq Enabled|Disabled|Completed|Faulted', got 'state eq Paused'",
  );
  const history = await arm(h, 'GET', `${JOB('done', 'sp')}/history?$filter=status eq Weird`);
  assert.equal(
    body(history).error.message,
    "$filter: must be 'state eq Enabled|Disabled|Completed|Faulted' or 'status eq Completed|Failed|Postponed', got 'status eq Weird'",
  );
});

test('a plan change a job would violate names the job field as properties.recurrence', async () => {
  const put = await arm(h, 'PUT', JOB('often', 'sp'), {
    body: recurring({ frequency: 'Minute', interval: 1 }) as object,
  });
  assert.equal(put.statusCode, 201, put.body);
  const r = await arm(h, 'PATCH', JC('sp'), { body: { properties: { sku: { name: 'Free' } } } });
  assert.equal(r.statusCode, 409, r.body);
  assert.match(
    body(r).error.message,
    /^The job 'often' would violate the new plan or quota: properties\.recurrence: /,
  );
  assert.equal((await arm(h, 'DELETE', JOB('often', 'sp'))).statusCode, 200);
});

test('the classic API keeps its own spellings', async () => {
  const r = await h.call('PUT', jobPath('c', 'sp', 'rg1'), {
    body: {
      action: { type: 'ftp', request: { uri: 'https://127.0.0.1:9/x', method: 'GET' } },
    },
  });
  assert.equal(r.statusCode, 400);
  assert.match(
    r.body,
    /action\.type: must be one of http, https, storageQueue, serviceBusQueue, serviceBusTopic, got/,
  );
  const run = await h.call('POST', `${jobPath('done', 'sp', 'rg1')}/run`);
  assert.equal(run.statusCode, 409);
  assert.match(run.body, /The job &apos;done&apos; is completed;|The job 'done' is completed;/);
});
