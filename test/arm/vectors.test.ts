// The ARM surface's test vectors (docs/api.md, ARM surface), in process over a real SQLite store.
// V19, V20 (the engine fires a run) and the certificate part of V23 run against a real
// `takt serve` in test/compat/azure-arm-scheduler.test.ts.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  OTHER_SUB,
  OTHER_TOKEN,
  SUB,
  collectionXml,
  csPath,
  jcPath,
  jobPath,
  cloudServiceXml,
  startHarness,
  type Harness,
} from '../api/harness.js';
import {
  arm,
  body,
  collectionBody,
  errorCode,
  GROUP,
  httpJobBody,
  JC,
  JOB,
  P,
  PROVIDER,
  type Json,
} from './arm-harness.js';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => h.close());

test('V1: PUT a collection into a missing group creates the group (cloud service) with the normalized location', async () => {
  const r = await arm(h, 'PUT', JC('jc', 'rg1'), { body: collectionBody() });
  assert.equal(r.statusCode, 201, r.body);
  const c = body(r);
  assert.equal(c.location, 'West Europe');
  assert.deepEqual(c.properties, { sku: { name: 'Standard' }, state: 'Enabled' });
  assert.equal(
    c.id,
    `/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.Scheduler/jobCollections/jc`,
  );
  assert.equal(c.type, 'Microsoft.Scheduler/jobCollections');
  assert.equal(c.name, 'jc');
  const cs = await h.call('GET', csPath('rg1'));
  assert.equal(cs.statusCode, 200);
  assert.match(cs.body, /<GeoRegion>West Europe<\/GeoRegion>/);
  assert.match(cs.body, /<Resources><Resource>.*<Name>jc<\/Name>/);
});

test('V2: PUT replaces the quota; without quota it is removed', async () => {
  const withQuota = await arm(h, 'PUT', JC('jc', 'rg1'), {
    body: collectionBody({ quota: { maxJobCount: 10 } }),
  });
  assert.equal(withQuota.statusCode, 200, withQuota.body);
  assert.deepEqual(body(withQuota).properties.quota, { maxJobCount: 10 });
  const without = await arm(h, 'PUT', JC('jc', 'rg1'), { body: collectionBody() });
  assert.equal(without.statusCode, 200);
  assert.equal(body(without).properties.quota, undefined);
});

test('V3: a collection inherits its group location; another location is 409 InvalidResourceLocation', async () => {
  const r = await arm(h, 'PUT', JC('jc2', 'rg1'), { body: { properties: { sku: { name: 'Standard' } } } });
  assert.equal(r.statusCode, 201, r.body);
  assert.equal(body(r).location, 'West Europe');
  const other = await arm(h, 'PUT', JC('jc3', 'rg1'), { body: collectionBody({}, 'East US') });
  assert.equal(other.statusCode, 409);
  assert.equal(errorCode(other), 'InvalidResourceLocation');
  assert.equal((await arm(h, 'GET', JC('jc3', 'rg1'))).statusCode, 404, 'nothing written');
});

test('V4: PUT into a missing group without location is 400 LocationRequired and creates nothing', async () => {
  const r = await arm(h, 'PUT', JC('jc', 'rg9'), { body: { properties: { sku: { name: 'Free' } } } });
  assert.equal(r.statusCode, 400);
  assert.equal(errorCode(r), 'LocationRequired');
  assert.match(body(r).error.message, /location/);
  assert.equal((await arm(h, 'HEAD', GROUP('rg9'))).statusCode, 404);
  assert.equal((await h.call('GET', csPath('rg9'))).statusCode, 404);
});

test('V5: P20Premium reads back per api-version; classic shows Plan Premium', async () => {
  const r = await arm(h, 'PUT', JC('prem', 'rg1'), { body: { properties: { sku: { name: 'P20Premium' } } } });
  assert.equal(r.statusCode, 201, r.body);
  assert.equal(body(r).properties.sku.name, 'P20Premium');
  assert.equal(body(await arm(h, 'GET', JC('prem', 'rg1'))).properties.sku.name, 'P20Premium');
  const old = await arm(h, 'GET', JC('prem', 'rg1'), { version: '2016-01-01' });
  assert.equal(body(old).properties.sku.name, 'Premium');
  const preview = await arm(h, 'GET', JC('prem', 'rg1'), { version: '2014-08-01-PREVIEW' });
  assert.equal(body(preview).properties.sku.name, 'Premium');
  const classic = await h.call('GET', jcPath('prem', 'rg1'));
  assert.match(classic.body, /<Plan>Premium<\/Plan>/);
});

test('V6: a quota more permissive than the plan is 409 Conflict and writes nothing', async () => {
  const r = await arm(h, 'PUT', JC('free', 'rg1'), {
    body: { properties: { sku: { name: 'Free' }, quota: { maxJobCount: 50 } } },
  });
  assert.equal(r.statusCode, 409);
  assert.equal(errorCode(r), 'Conflict');
  assert.equal((await arm(h, 'GET', JC('free', 'rg1'))).statusCode, 404);
});

test('V7: PATCH tags changes only the tags', async () => {
  await arm(h, 'PUT', JC('tagged', 'rg1'), { body: collectionBody({ quota: { maxJobCount: 7 } }) });
  const r = await arm(h, 'PATCH', JC('tagged', 'rg1'), { body: { tags: { a: 'b' } } });
  assert.equal(r.statusCode, 200, r.body);
  const c = body(r);
  assert.deepEqual(c.tags, { a: 'b' });
  assert.deepEqual(c.properties.sku, { name: 'Standard' });
  assert.deepEqual(c.properties.quota, { maxJobCount: 7 });
  const cleared = await arm(h, 'PATCH', JC('tagged', 'rg1'), { body: { tags: {} } });
  assert.equal(body(cleared).tags, undefined);
});

async function twoJobs(jc: string): Promise<void> {
  await arm(h, 'PUT', JC(jc, 'rg1'), { body: collectionBody() });
  for (const j of ['a', 'b']) {
    const r = await arm(h, 'PUT', JOB(j, jc, 'rg1'), {
      body: httpJobBody('http://127.0.0.1:9/x', { recurrence: { frequency: 'hour', interval: 1 } }),
    });
    assert.equal(r.statusCode, 201, r.body);
  }
}

test('V8: disable then enable: 200 Content-Length 0; the state and the jobs follow', async () => {
  await twoJobs('states');
  const d = await arm(h, 'POST', `${JC('states', 'rg1')}/disable`);
  assert.equal(d.statusCode, 200);
  assert.equal(d.headers['content-length'], '0');
  assert.equal(d.body, '');
  assert.equal(body(await arm(h, 'GET', JC('states', 'rg1'))).properties.state, 'Disabled');
  for (const j of body(await arm(h, 'GET', `${JC('states', 'rg1')}/jobs`)).value as Json[]) {
    assert.equal(j.properties.state, 'Disabled');
    assert.equal(j.properties.status, undefined);
  }
  const e = await arm(h, 'POST', `${JC('states', 'rg1')}/enable`);
  assert.equal(e.statusCode, 200);
  assert.equal(e.headers['content-length'], '0');
  assert.equal(body(await arm(h, 'GET', JC('states', 'rg1'))).properties.state, 'Enabled');
  for (const j of body(await arm(h, 'GET', `${JC('states', 'rg1')}/jobs`)).value as Json[]) {
    assert.equal(j.properties.state, 'Enabled');
  }
});

test('V9: Suspended keeps job states, stops the engine (suspended flag) and refuses run until Enabled', async () => {
  await twoJobs('susp');
  const r = await arm(h, 'PATCH', JC('susp', 'rg1'), { body: { properties: { state: 'Suspended' } } });
  assert.equal(r.statusCode, 200, r.body);
  assert.equal(body(r).properties.state, 'Suspended');
  const ref = { subscriptionId: SUB, cloudService: 'rg1', collection: 'susp' };
  assert.equal((await h.store.getJobCollection(ref))?.suspended, true);
  for (const j of body(await arm(h, 'GET', `${JC('susp', 'rg1')}/jobs`)).value as Json[]) {
    assert.equal(j.properties.state, 'Enabled');
  }
  const run = await arm(h, 'POST', `${JOB('a', 'susp', 'rg1')}/run`);
  assert.equal(run.statusCode, 409);
  assert.equal(errorCode(run), 'Conflict');
  const back = await arm(h, 'PATCH', JC('susp', 'rg1'), { body: { properties: { state: 'enabled' } } });
  assert.equal(body(back).properties.state, 'Enabled');
  assert.equal((await h.store.getJobCollection(ref))?.suspended, false);
});

const V10 = {
  properties: {
    action: {
      type: 'http',
      request: { uri: 'http://127.0.0.1:9/x', method: 'get' },
      retryPolicy: { retryType: 'fixed', retryInterval: 'PT30S', retryCount: 2 },
    },
    recurrence: {
      frequency: 'week',
      interval: 1,
      schedule: { weekDays: ['monday'], hours: [9], minutes: [30] },
    },
  },
};

test('V10: a job in ARM forms: Http, GET, Fixed with a TimeSpan, Week, Monday, Enabled, status', async () => {
  await arm(h, 'PUT', JC('jobs', 'rg1'), { body: collectionBody() });
  const r = await arm(h, 'PUT', JOB('j1', 'jobs'), { body: V10 });
  assert.equal(r.statusCode, 201, r.body);
  const j = body(r);
  assert.equal(j.name, 'jobs/j1');
  assert.equal(j.type, 'Microsoft.Scheduler/jobCollections/jobs');
  assert.equal(j.id, `${JC('jobs', 'rg1')}/jobs/j1`);
  assert.equal(j.properties.action.type, 'Http');
  assert.equal(j.properties.action.request.method, 'GET');
  assert.deepEqual(j.properties.action.retryPolicy, {
    retryType: 'Fixed',
    retryInterval: '00:00:30',
    retryCount: 2,
  });
  assert.equal(j.properties.recurrence.frequency, 'Week');
  assert.deepEqual(j.properties.recurrence.schedule.weekDays, ['Monday']);
  assert.equal(j.properties.state, 'Enabled');
  assert.equal(typeof j.properties.status.nextExecutionTime, 'string');
});

test('V11: PUT replaces: only an action leaves no recurrence and no retryPolicy', async () => {
  const r = await arm(h, 'PUT', JOB('j1', 'jobs'), { body: httpJobBody() });
  assert.equal(r.statusCode, 200, r.body);
  const p = body(r).properties;
  assert.equal(p.recurrence, undefined);
  assert.equal(p.action.retryPolicy, undefined);
});

test('V12: PATCH ignores read-only members: Disabled, no status, nothing else changed', async () => {
  await arm(h, 'PUT', JOB('j1', 'jobs'), { body: V10 });
  const before = body(await arm(h, 'GET', JOB('j1', 'jobs')));
  const r = await arm(h, 'PATCH', JOB('j1', 'jobs'), {
    body: { properties: { state: 'Disabled', status: { executionCount: 9 } }, id: 'x' },
  });
  assert.equal(r.statusCode, 200, r.body);
  const j = body(r);
  assert.equal(j.properties.state, 'Disabled');
  assert.equal(j.properties.status, undefined);
  assert.deepEqual(j.properties.action, before.properties.action);
  assert.deepEqual(j.properties.recurrence, before.properties.recurrence);
  assert.equal(j.id, before.id);
});

test('V13: classic recurrence rules and messages; Completed cannot be set', async () => {
  const week = await arm(h, 'PUT', JOB('bad', 'jobs'), {
    body: httpJobBody(undefined, {
      recurrence: { frequency: 'Week', interval: 1, schedule: { monthDays: [1] } },
    }),
  });
  assert.equal(week.statusCode, 400);
  assert.equal(errorCode(week), 'BadRequest');
  assert.equal(body(week).error.message, "Cannot set days of month with recurrence unit 'Week'.");
  const completed = await arm(h, 'PUT', JOB('bad', 'jobs'), {
    body: httpJobBody(undefined, { state: 'Completed' }),
  });
  assert.equal(completed.statusCode, 400);
  assert.equal(errorCode(completed), 'BadRequest');
  assert.match(body(completed).error.message, /^properties\.state: /);
  assert.equal((await arm(h, 'GET', JOB('bad', 'jobs'))).statusCode, 404, 'nothing written');
});

test('V14: Basic authentication: the password is never returned', async () => {
  const r = await arm(h, 'PUT', JOB('basic', 'jobs'), {
    body: {
      properties: {
        action: {
          type: 'https',
          request: {
            uri: 'https://example.com/',
            method: 'POST',
            authentication: { type: 'Basic', username: 'svc', password: 'pw1' },
          },
        },
      },
    },
  });
  assert.equal(r.statusCode, 201, r.body);
  assert.deepEqual(body(r).properties.action.request.authentication, { type: 'Basic', username: 'svc' });
  assert.doesNotMatch(r.body, /pw1/);
  assert.doesNotMatch((await arm(h, 'GET', JOB('basic', 'jobs'))).body, /pw1/);
});

test('V15: monthly occurrences are written {"day","Occurrence"}', async () => {
  const r = await arm(h, 'PUT', JOB('monthly', 'jobs'), {
    body: httpJobBody(undefined, {
      recurrence: {
        frequency: 'month',
        interval: 1,
        schedule: { monthlyOccurrences: [{ day: 'friday', occurrence: -1 }] },
      },
    }),
  });
  assert.equal(r.statusCode, 201, r.body);
  assert.deepEqual(body(r).properties.recurrence.schedule.monthlyOccurrences, [
    { day: 'Friday', Occurrence: -1 },
  ]);
});

test('V16: 101 jobs: a page of 100 sorted with an absolute nextLink, then the last one', async () => {
  await arm(h, 'PUT', JC('many', 'rg1'), { body: { properties: { sku: { name: 'P10Premium' } } } });
  for (let i = 0; i < 101; i++) {
    const r = await arm(h, 'PUT', JOB(`job${String(i).padStart(3, '0')}`, 'many'), { body: httpJobBody() });
    assert.equal(r.statusCode, 201, r.body);
  }
  // In process the listener is plain HTTP; the https:// form is proven over TLS in test/compat.
  const first = await arm(h, 'GET', `${JC('many', 'rg1')}/jobs`, { headers: { host: 'takt.example:8443' } });
  const page = body(first);
  assert.equal(page.value.length, 100);
  const names = (page.value as Json[]).map((j) => j.name as string);
  assert.deepEqual(names, [...names].sort());
  assert.equal(
    page.nextLink,
    `http://takt.example:8443${JC('many', 'rg1')}/jobs?api-version=2016-03-01&$skip=100`,
  );
  const next = new URL(page.nextLink as string);
  const second = body(await arm(h, 'GET', `${next.pathname}${next.search}`));
  assert.equal(second.value.length, 1);
  assert.equal(second.value[0].name, 'many/job100');
  assert.equal(second.nextLink, undefined);
  assert.ok(!('nextLink' in second));
  // A Host header that is no host name is not copied into the link (it held braces, which a link
  // must not, and a cache in front could hand such a link to others): the listener's address is.
  for (const host of ['a{b}c', 'evil.example/x?', 'a b']) {
    const odd = body(await arm(h, 'GET', `${JC('many', 'rg1')}/jobs`, { headers: { host } }));
    const link = String(odd.nextLink);
    assert.ok(!link.includes(host) && !/[{} ]/.test(link), link);
    assert.equal(new URL(link).pathname, `${JC('many', 'rg1')}/jobs`, link);
  }
});

test('V17: $top/$skip cap without nextLink; $filter state in both forms', async () => {
  const r = body(await arm(h, 'GET', `${JC('many', 'rg1')}/jobs?$top=5&$skip=10`));
  assert.deepEqual(
    (r.value as Json[]).map((j) => j.name),
    ['many/job010', 'many/job011', 'many/job012', 'many/job013', 'many/job014'],
  );
  assert.equal(r.nextLink, undefined);
  await arm(h, 'PATCH', JOB('job003', 'many'), { body: { properties: { state: 'Disabled' } } });
  for (const f of ["state eq 'Disabled'", 'state%20eq%20disabled']) {
    const q = f.includes('%') ? f : encodeURIComponent(f);
    const list = body(await arm(h, 'GET', `${JC('many', 'rg1')}/jobs?$filter=${q}`));
    assert.deepEqual(
      (list.value as Json[]).map((j) => j.name),
      ['many/job003'],
    );
  }
});

test('V18: bad $top, $filter on A14 are 400 InvalidQueryParameterValue', async () => {
  for (const q of [
    '$top=0',
    '$top=101',
    `$filter=${encodeURIComponent("name eq 'x'")}`,
    '$filter=status%20eq%20Failed',
    '$filter=',
    '$skip=-1',
  ]) {
    const r = await arm(h, 'GET', `${JC('many', 'rg1')}/jobs?${q}`);
    assert.equal(r.statusCode, 400, q);
    assert.equal(errorCode(r), 'InvalidQueryParameterValue', q);
    assert.match(body(r).error.message, /^\$(top|filter|skip)/, q);
  }
});

test('V21: missing job, missing collection → ResourceNotFound; missing group → ResourceGroupNotFound', async () => {
  const job = await arm(h, 'GET', JOB('nope', 'jobs'));
  assert.equal(job.statusCode, 404);
  assert.equal(errorCode(job), 'ResourceNotFound');
  const jc = await arm(h, 'GET', JC('nope', 'rg1'));
  assert.equal(jc.statusCode, 404);
  assert.equal(errorCode(jc), 'ResourceNotFound');
  const rg = await arm(h, 'GET', JC('jc', 'nogroup'));
  assert.equal(rg.statusCode, 404);
  assert.equal(errorCode(rg), 'ResourceGroupNotFound');
  const jobInMissing = await arm(h, 'PUT', JOB('j', 'nope'), { body: httpJobBody() });
  assert.equal(errorCode(jobInMissing), 'ResourceNotFound', 'jobs never create collections');
});

test('V22: DELETE a job then GET; DELETE a collection with jobs; classic no longer sees it', async () => {
  await twoJobs('gone');
  const d = await arm(h, 'DELETE', JOB('a', 'gone'));
  assert.equal(d.statusCode, 200);
  assert.equal(d.body, '');
  assert.equal((await arm(h, 'GET', JOB('a', 'gone'))).statusCode, 404);
  const dc = await arm(h, 'DELETE', JC('gone', 'rg1'));
  assert.equal(dc.statusCode, 200);
  assert.equal(dc.headers['content-length'], '0');
  assert.equal((await h.call('GET', jcPath('gone', 'rg1'))).statusCode, 404);
  assert.equal((await h.call('GET', jobPath('b', 'gone', 'rg1'))).statusCode, 404);
  assert.equal((await h.call('GET', csPath('rg1'))).statusCode, 200, 'the group stays');
});

test('V23: no credential 401 + WWW-Authenticate; unknown token 401; another subscription 403 with one message', async () => {
  const none = await arm(h, 'GET', JC('jc', 'rg1'), { token: null });
  assert.equal(none.statusCode, 401);
  assert.equal(errorCode(none), 'AuthenticationFailed');
  assert.equal(none.headers['www-authenticate'], 'Bearer');
  const unknown = await arm(h, 'GET', JC('jc', 'rg1'), { token: 'nope' });
  assert.equal(unknown.statusCode, 401);
  assert.equal(errorCode(unknown), 'InvalidAuthenticationToken');
  const other = await arm(h, 'GET', JC('jc', 'rg1', OTHER_SUB));
  const missing = await arm(h, 'GET', JC('jc', 'rg1', '99999999-9999-4999-8999-999999999999'));
  const notGuid = await arm(h, 'GET', JC('jc', 'rg1', 'not-a-guid'));
  for (const r of [other, missing, notGuid]) {
    assert.equal(r.statusCode, 403);
    assert.equal(errorCode(r), 'AuthorizationFailed');
  }
  assert.equal(body(other).error.message, body(missing).error.message);
  const own = await arm(h, 'GET', JC('jc', 'rg1', OTHER_SUB), { token: OTHER_TOKEN });
  assert.equal(errorCode(own), 'ResourceGroupNotFound', 'tenants see only their own groups');
});

test('V24: api-version absent / unknown / malformed', async () => {
  const absent = await arm(h, 'GET', JC('jc', 'rg1'), { version: null });
  assert.equal(absent.statusCode, 400);
  assert.equal(errorCode(absent), 'MissingApiVersionParameter');
  const other = await arm(h, 'GET', JC('jc', 'rg1'), { version: '2015-01-01' });
  assert.equal(other.statusCode, 400);
  assert.equal(errorCode(other), 'NoRegisteredProviderFound');
  assert.match(body(other).error.message, /2016-03-01.*2016-01-01.*2014-08-01-preview/);
  const latest = await arm(h, 'GET', JC('jc', 'rg1'), { version: 'latest' });
  assert.equal(latest.statusCode, 400);
  assert.equal(errorCode(latest), 'InvalidApiVersionParameter');
});

test('V25: a known path with another method is 405 with Allow; an unknown one 404 NotFound', async () => {
  const r = await arm(h, 'DELETE', `${PROVIDER()}/jobCollections`);
  assert.equal(r.statusCode, 405);
  assert.equal(errorCode(r), 'MethodNotAllowed');
  assert.equal(r.headers['allow'], 'GET');
  const head = await arm(h, 'HEAD', JC('jc', 'rg1'));
  assert.equal(head.statusCode, 405);
  const other = await arm(h, 'GET', `/subscriptions/${SUB}/providers/Microsoft.Web/sites`);
  assert.equal(other.statusCode, 404);
  assert.equal(errorCode(other), 'NotFound');
  const casing = await arm(
    h,
    'GET',
    `/SUBSCRIPTIONS/${SUB.toUpperCase()}/RESOURCEGROUPS/RG1/PROVIDERS/microsoft.scheduler/JOBCOLLECTIONS/JC/`,
  );
  assert.equal(casing.statusCode, 200, 'fixed words and names any case, one trailing slash');
  assert.equal(body(casing).id, JC('jc', 'rg1'), 'ids in the stored casing');
});

test('V26: an unregistered subscription gets MissingSubscriptionRegistration until P2', async () => {
  const h2 = await startHarness();
  try {
    const un = await h2.call('PUT', `/${SUB}/services?service=scheduler.JobCollections&action=unregister`);
    assert.equal(un.statusCode, 200, un.body);
    const refused = await arm(h2, 'PUT', JC('jc', 'rg1'), { body: collectionBody() });
    assert.equal(refused.statusCode, 409);
    assert.equal(errorCode(refused), 'MissingSubscriptionRegistration');
    assert.equal(
      body(refused).error.message,
      "The subscription is not registered to use namespace 'Microsoft.Scheduler'.",
    );
    assert.equal((await arm(h2, 'HEAD', GROUP('rg1'))).statusCode, 404, 'no group either');
    const reg = await arm(h2, 'POST', `${PROVIDER()}/register`, { version: '2021-04-01' });
    assert.equal(reg.statusCode, 200);
    assert.equal(body(reg).registrationState, 'Registered');
    assert.equal((await arm(h2, 'PUT', JC('jc', 'rg1'), { body: collectionBody() })).statusCode, 201);
    const refusedUnregister = await arm(h2, 'POST', `${PROVIDER()}/unregister`, { version: '2021-04-01' });
    assert.equal(refusedUnregister.statusCode, 409);
    assert.equal(errorCode(refusedUnregister), 'Conflict');
  } finally {
    await h2.close();
  }
});

test('V27: the provider answers any well-formed api-version', async () => {
  const r = await arm(h, 'GET', PROVIDER(), { version: '2016-02-01' });
  assert.equal(r.statusCode, 200, r.body);
  const p = body(r);
  assert.equal(p.registrationState, 'Registered');
  assert.equal(p.namespace, 'Microsoft.Scheduler');
  assert.deepEqual(p.resourceTypes[0].apiVersions, ['2016-03-01', '2016-01-01', '2014-08-01-preview']);
  assert.deepEqual(p.resourceTypes[0].locations, ['West US', 'East US', 'West Europe']);
});

test('V28: resource group PUT twice, HEAD, GET, another location', async () => {
  const created = await arm(h, 'PUT', GROUP('rg2'), {
    body: { location: 'northeurope' },
    version: '2019-10-01',
  });
  assert.equal(created.statusCode, 201, created.body);
  assert.equal(body(created).location, 'northeurope', 'kept as sent: not in this deployment’s region list');
  const again = await arm(h, 'PUT', GROUP('rg2'), {
    body: { location: 'North Europe' },
    version: '2019-10-01',
  });
  assert.equal(again.statusCode, 200);
  const head = await arm(h, 'HEAD', GROUP('rg2'), { version: '2019-10-01' });
  assert.equal(head.statusCode, 204);
  assert.equal(head.body, '');
  const got = await arm(h, 'GET', GROUP('rg2'), { version: '2019-10-01' });
  assert.deepEqual(body(got), {
    id: `/subscriptions/${SUB}/resourceGroups/rg2`,
    name: 'rg2',
    type: 'Microsoft.Resources/resourceGroups',
    location: 'northeurope',
    properties: { provisioningState: 'Succeeded' },
  });
  const moved = await arm(h, 'PUT', GROUP('rg2'), { body: { location: 'westus' }, version: '2019-10-01' });
  assert.equal(moved.statusCode, 409);
  assert.equal(errorCode(moved), 'InvalidResourceGroupLocation');
  const known = await arm(h, 'PUT', GROUP('rg3'), { body: { location: 'westus' }, version: '2019-10-01' });
  assert.equal(body(known).location, 'West US', 'a known region in the deployment’s spelling');
  const noLocation = await arm(h, 'PUT', GROUP('rg4'), { body: {}, version: '2019-10-01' });
  assert.equal(errorCode(noLocation), 'LocationRequired');
});

test('V29: deleting a group deletes its collections and jobs; classic sees nothing', async () => {
  await arm(h, 'PUT', JC('inside', 'rg2'), { body: { properties: { sku: { name: 'Standard' } } } });
  await arm(h, 'PUT', JOB('j', 'inside', 'rg2'), { body: httpJobBody() });
  const d = await arm(h, 'DELETE', GROUP('rg2'), { version: '2019-10-01' });
  assert.equal(d.statusCode, 200, d.body);
  assert.equal(d.headers['content-length'], '0');
  assert.equal((await arm(h, 'HEAD', GROUP('rg2'), { version: '2019-10-01' })).statusCode, 404);
  assert.equal((await h.call('GET', csPath('rg2'))).statusCode, 404);
  assert.equal(
    await h.store.getJobCollection({ subscriptionId: SUB, cloudService: 'rg2', collection: 'inside' }),
    undefined,
  );
  const again = await arm(h, 'DELETE', GROUP('rg2'), { version: '2019-10-01' });
  assert.equal(errorCode(again), 'ResourceGroupNotFound');
});

test('V30: a classic-made Premium collection with a Year maximum and a classic-made job, read through ARM', async () => {
  assert.equal((await h.call('PUT', csPath('classic'), { body: cloudServiceXml() })).statusCode, 202);
  const quota =
    '<Quota><MaxRecurrence><Frequency>Year</Frequency><Interval>1</Interval></MaxRecurrence></Quota>';
  const jc = await h.call('PUT', jcPath('old', 'classic'), { body: collectionXml('Premium', quota) });
  assert.equal(jc.statusCode, 202, jc.body);
  const c = body(await arm(h, 'GET', JC('old', 'classic')));
  assert.equal(c.properties.sku.name, 'P10Premium');
  assert.deepEqual(c.properties.quota, { maxRecurrence: { frequency: 'Day', interval: 365 } });
  assert.equal(c.properties.state, 'Enabled');
  assert.equal(c.tags, undefined);
  const job = await h.call('PUT', jobPath('cj', 'old', 'classic'), {
    body: {
      action: V10.properties.action,
      recurrence: { frequency: 'month', interval: 12, schedule: { monthDays: [1] } },
    },
  });
  assert.equal(job.statusCode, 201, job.body);
  const j = body(await arm(h, 'GET', JOB('cj', 'old', 'classic')));
  assert.equal(j.properties.action.type, 'Http');
  assert.deepEqual(j.properties.action.retryPolicy, {
    retryType: 'Fixed',
    retryInterval: '00:00:30',
    retryCount: 2,
  });
  assert.deepEqual(j.properties.recurrence, {
    frequency: 'Month',
    interval: 12,
    schedule: { monthDays: [1] },
  });
  assert.equal(j.properties.state, 'Enabled');
});

test('V31: names outside the rule are 400 InvalidResourceName; x-ms-client-request-id is echoed', async () => {
  for (const name of ['-x', 'a(b)']) {
    const r = await arm(h, 'PUT', JC(encodeURIComponent(name), 'rg1'), { body: collectionBody() });
    assert.equal(r.statusCode, 400, name);
    assert.equal(errorCode(r), 'InvalidResourceName', name);
  }
  const job = await arm(h, 'PUT', JOB('a(b)', 'jobs'), { body: httpJobBody() });
  assert.equal(errorCode(job), 'InvalidResourceName');
  const group = await arm(h, 'PUT', GROUP('a(b)'), { body: { location: 'westus' } });
  assert.equal(errorCode(group), 'InvalidResourceGroupName');
  const echoed = await arm(h, 'GET', JC('jc', 'rg1'), { headers: { 'x-ms-client-request-id': 'abc' } });
  assert.equal(echoed.headers['x-ms-client-request-id'], 'abc');
  assert.match(String(echoed.headers['x-ms-request-id']), /^[0-9a-f]{32}$/);
});

test('A1/A2: lists by subscription (group then name) and by group; a missing group is 404', async () => {
  const all = body(await arm(h, 'GET', `${PROVIDER()}/jobCollections`));
  const ids = (all.value as Json[]).map((c) => `${c.id.split('/')[4]}/${c.name}`);
  assert.deepEqual(
    ids,
    [...ids].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())),
  );
  assert.ok(ids.includes('classic/old'));
  assert.ok(!('nextLink' in all));
  const group = body(await arm(h, 'GET', `${P('rg1')}/jobCollections`));
  assert.ok((group.value as Json[]).every((c) => c.location === 'West Europe'));
  const missing = await arm(h, 'GET', `${P('nogroup')}/jobCollections`);
  assert.equal(errorCode(missing), 'ResourceGroupNotFound');
  // Any integer ≥ 0 is a valid $skip; one past every collection gives an empty page (not a 400
  // saying "must be an integer of at least 0" about one).
  for (const skip of ['9999999999', '99999999999999999999']) {
    const past = await arm(h, 'GET', `${PROVIDER()}/jobCollections?$skip=${skip}`);
    assert.equal(past.statusCode, 200, skip);
    assert.deepEqual(body(past).value, [], skip);
  }
});

test('nextLink: the configured public base URL, the api-version of the request and the filter', async () => {
  const h2 = await startHarness({ api: { publicBaseUrl: 'https://sched.example.com/' } });
  try {
    await arm(h2, 'PUT', JC('many', 'rg1'), {
      body: { location: 'westus', properties: { sku: { name: 'Premium' } } },
    });
    for (let i = 0; i < 102; i++) {
      await arm(h2, 'PUT', JOB(`j${String(i).padStart(3, '0')}`, 'many'), {
        body: httpJobBody(undefined, { state: 'disabled' }),
      });
    }
    const filter = encodeURIComponent("state eq 'Disabled'");
    const first = body(
      await arm(h2, 'GET', `${JC('many', 'rg1')}/jobs?$filter=${filter}`, { version: '2016-01-01' }),
    );
    assert.equal(first.value.length, 100);
    assert.equal(
      first.nextLink,
      `https://sched.example.com${JC('many', 'rg1')}/jobs?api-version=2016-01-01&$skip=100&$filter=state%20eq%20%27Disabled%27`,
    );
    assert.doesNotMatch(first.nextLink as string, /[{}]/);
    const next = new URL(first.nextLink as string);
    const second = body(await arm(h2, 'GET', `${next.pathname}${next.search}`));
    assert.deepEqual(
      (second.value as Json[]).map((j) => j.name),
      ['many/j100', 'many/j101'],
    );
  } finally {
    await h2.close();
  }
});
