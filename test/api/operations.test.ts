// Operation records and subscription-level operations #11–#15 (docs/reference/classic-operations.md §5.2, §7.5–§7.9,
// §9).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  OTHER_SUB,
  OTHER_TOKEN,
  SUB,
  cloudServiceXml,
  collectionXml,
  csPath,
  errorCode,
  httpJob,
  jcPath,
  jobPath,
  seedCollection,
  startHarness,
  type Harness,
} from './harness.js';

let h: Harness;
before(async () => {
  h = await startHarness();
  await seedCollection(h);
});
after(async () => h.close());

const NS =
  'xmlns="http://schemas.microsoft.com/windowsazure" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"';
const dashed = (id: string) =>
  `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20)}`;
const poll = (id: string, sub = SUB, token?: string) =>
  h.call('GET', `/${sub}/operations/${id}`, token !== undefined ? { token } : {});

test('#11 a 202 operation reports Succeeded/200 at once; ID is the dashed request id; dashed and upper-case ids accepted', async () => {
  const r = await h.call('PUT', csPath('op-cs'), { body: cloudServiceXml() });
  const id = String(r.headers['x-ms-request-id']);
  const p = await poll(id);
  assert.equal(p.statusCode, 200);
  assert.equal(
    p.body,
    `<Operation ${NS}><ID>${dashed(id)}</ID><Status>Succeeded</Status><HttpStatusCode>200</HttpStatusCode></Operation>`,
  );
  assert.equal((await poll(dashed(id).toUpperCase())).body, p.body);
  const poll2 = await poll(id);
  assert.notEqual(poll2.headers['x-ms-request-id'], id, 'each poll has its own request id');
});

test('failed mutating requests leave Failed records with status and Error; synchronous successes leave Succeeded/200', async () => {
  const dup = await h.call('PUT', csPath('op-cs'), { body: cloudServiceXml() });
  assert.equal(dup.statusCode, 409);
  const p = await poll(String(dup.headers['x-ms-request-id']));
  assert.match(
    p.body,
    /<Status>Failed<\/Status><HttpStatusCode>409<\/HttpStatusCode><Error><Code>ConflictError<\/Code><Message>[^<]+<\/Message><\/Error><\/Operation>$/,
  );
  const job = await h.call('PUT', jobPath('j1'), { body: httpJob() });
  assert.equal(job.statusCode, 201);
  assert.match(
    (await poll(String(job.headers['x-ms-request-id']))).body,
    /<Status>Succeeded<\/Status><HttpStatusCode>200<\/HttpStatusCode><\/Operation>$/,
  );
  const del = await h.call('DELETE', jobPath('j1'));
  assert.match((await poll(String(del.headers['x-ms-request-id']))).body, /<Status>Succeeded<\/Status>/);
  const noVersion = await h.call('DELETE', jobPath('j1'), { headers: { 'x-ms-version': undefined } });
  assert.match(
    (await poll(String(noVersion.headers['x-ms-request-id']))).body,
    /<HttpStatusCode>400<\/HttpStatusCode><Error><Code>MissingOrIncorrectVersionHeader<\/Code>/,
  );
  const badVerb = await h.call('POST', csPath('op-cs'));
  assert.match(
    (await poll(String(badVerb.headers['x-ms-request-id']))).body,
    /<Code>InvalidHttpVerb<\/Code>/,
  );
});

test('GET leaves no record; unauthenticated requests leave none; records are private to their subscription; unknown id → 404', async () => {
  const g = await h.call('GET', csPath('op-cs'));
  assert.equal((await poll(String(g.headers['x-ms-request-id']))).statusCode, 404);
  const anon = await h.call('PUT', csPath('anon'), { body: cloudServiceXml(), token: null });
  assert.equal(anon.statusCode, 403);
  assert.equal((await poll(String(anon.headers['x-ms-request-id']))).statusCode, 404);
  const mine = await h.call('PUT', csPath('mine'), { body: cloudServiceXml() });
  const other = await poll(String(mine.headers['x-ms-request-id']), OTHER_SUB, OTHER_TOKEN);
  assert.equal(other.statusCode, 404);
  for (const id of ['0'.repeat(32), 'not-an-id', 'g'.repeat(32)]) {
    const r = await poll(id);
    assert.equal(r.statusCode, 404, id);
    assert.equal(errorCode(r.body), 'ResourceNotFound');
  }
});

test('an artificial completion delay reports InProgress (no HttpStatusCode) until it passes', async () => {
  const h2 = await startHarness({ settings: { operationDelayMs: 10_000 } });
  try {
    const r = await h2.call('PUT', csPath('slow'), { body: cloudServiceXml() });
    assert.equal(r.statusCode, 202);
    assert.equal((await h2.call('GET', csPath('slow'))).statusCode, 200, 'committed before the 202');
    const id = String(r.headers['x-ms-request-id']);
    const p1 = await h2.call('GET', `/${SUB}/operations/${id}`);
    assert.equal(p1.body, `<Operation ${NS}><ID>${dashed(id)}</ID><Status>InProgress</Status></Operation>`);
    h2.clock.advance(10_000);
    const p2 = await h2.call('GET', `/${SUB}/operations/${id}`);
    assert.match(p2.body, /<Status>Succeeded<\/Status><HttpStatusCode>200<\/HttpStatusCode>/);
    const failed = await h2.call('PUT', csPath('slow'), { body: cloudServiceXml() });
    assert.match(
      (await h2.call('GET', `/${SUB}/operations/${String(failed.headers['x-ms-request-id'])}`)).body,
      /<Status>Failed<\/Status>/,
    );
  } finally {
    await h2.close();
  }
});

test('#12 resource provider properties: regions and plan details; resourceType optional but checked', async () => {
  const expected =
    `<ResourceProviderProperties ${NS}>` +
    '<ResourceProviderProperty><Key>SupportedGeoRegions</Key><Value>West US,East US,West Europe</Value></ResourceProviderProperty>' +
    '<ResourceProviderProperty><Key>PlanDetail:Free:Quota:MaxJobCount</Key><Value>5</Value></ResourceProviderProperty>' +
    '<ResourceProviderProperty><Key>PlanDetail:Free:Quota:MinRecurrence</Key><Value>01:00:00</Value></ResourceProviderProperty>' +
    '<ResourceProviderProperty><Key>PlanDetail:Standard:Quota:MaxJobCount</Key><Value>50</Value></ResourceProviderProperty>' +
    '<ResourceProviderProperty><Key>PlanDetail:Standard:Quota:MinRecurrence</Key><Value>00:01:00</Value></ResourceProviderProperty>' +
    '<ResourceProviderProperty><Key>PlanDetail:Premium:Quota:MaxJobCount</Key><Value>1000</Value></ResourceProviderProperty>' +
    '<ResourceProviderProperty><Key>PlanDetail:Premium:Quota:MinRecurrence</Key><Value>00:01:00</Value></ResourceProviderProperty>' +
    '</ResourceProviderProperties>';
  for (const q of ['?resourceType=JobCollections', '?resourceType=jobcollections', '']) {
    const r = await h.call('GET', `/${SUB}/resourceproviders/scheduler/Properties${q}`);
    assert.equal(r.statusCode, 200, q);
    assert.equal(r.body, expected);
  }
  const bad = await h.call('GET', `/${SUB}/resourceproviders/scheduler/Properties?resourceType=Jobs`);
  assert.equal(bad.statusCode, 400);
  assert.equal(errorCode(bad.body), 'MissingOrInvalidRequiredQueryParameter');
});

test('#13/#14 register and unregister: 200 empty; idempotent register; unregister with collections → 409; query checked', async () => {
  const reg = await h.call('PUT', `/${SUB}/services?service=scheduler.JobCollections&action=register`);
  assert.equal(reg.statusCode, 200);
  assert.equal(reg.body, '');
  assert.equal(reg.headers['content-length'], '0');
  assert.equal(reg.headers['content-type'], undefined);
  assert.equal(
    (await h.call('PUT', `/${SUB}/services?service=SCHEDULER.jobcollections&action=Register`)).statusCode,
    200,
  );
  const un = await h.call('PUT', `/${SUB}/services?service=scheduler.JobCollections&action=unregister`);
  assert.equal(un.statusCode, 409);
  assert.equal(errorCode(un.body), 'ConflictError');
  for (const q of [
    '',
    '?service=scheduler.JobCollections',
    '?service=other&action=register',
    '?service=scheduler.JobCollections&action=delete',
  ]) {
    const r = await h.call('PUT', `/${SUB}/services${q}`);
    assert.equal(r.statusCode, 400, q);
    assert.equal(errorCode(r.body), 'MissingOrInvalidRequiredQueryParameter');
  }
  assert.equal((await h.store.getSubscription(SUB))?.registered, true);
});

test('#15 EntitleResource: 202 and the subscription becomes registered; wrong namespace/type → 400; malformed → InvalidXmlRequest', async () => {
  const h2 = await startHarness();
  try {
    await h2.store.updateSubscription(SUB, { registered: false });
    const body = (ns: string, type: string) =>
      `<EntitleResource xmlns="http://schemas.microsoft.com/windowsazure"><ResourceProviderNameSpace>${ns}</ResourceProviderNameSpace><Type>${type}</Type><RegistrationDate>01/01/2014 00:00:00</RegistrationDate></EntitleResource>`;
    for (const [b, code] of [
      [body('storage', 'jobcollections'), 'BadRequest'],
      [body('scheduler', 'jobs'), 'BadRequest'],
      [
        '<EntitleResource><ResourceProviderNameSpace>scheduler</ResourceProviderNameSpace><Type>jobcollections</Type></EntitleResource>',
        'BadRequest',
      ],
      ['<EntitleResource>', 'InvalidXmlRequest'],
    ] as const) {
      const r = await h2.call('POST', `/${SUB}/EntitleResource`, { body: b });
      assert.equal(r.statusCode, 400, b);
      assert.equal(errorCode(r.body), code, b);
    }
    assert.equal((await h2.store.getSubscription(SUB))?.registered, false);
    const ok = await h2.call('POST', `/${SUB}/entitleresource`, {
      body: body('Scheduler', 'JobCollections'),
    });
    assert.equal(ok.statusCode, 202);
    assert.equal(ok.body, '');
    assert.equal((await h2.store.getSubscription(SUB))?.registered, true);
    assert.match(
      (await h2.call('GET', `/${SUB}/operations/${String(ok.headers['x-ms-request-id'])}`)).body,
      /<Status>Succeeded<\/Status>/,
    );
    await h2.call('PUT', csPath('cs1'), { body: cloudServiceXml() });
    assert.equal((await h2.call('PUT', jcPath('jc1'), { body: collectionXml() })).statusCode, 202);
  } finally {
    await h2.close();
  }
});
