// What an ARM client reads and writes back changes nothing it did not mean to change (docs/api.md,
// "One entity, two APIs" and "Collection state"): a classic Year quota is shown within Int32 and
// kept when sent back; `Premium` (api-versions before 2016-03-01) keeps a collection's variant; a
// PATCH of the state alone, or of nothing, keeps the ETag a classic client holds; any tag name is a
// tag, `__proto__` too. Also: `run` of a missing job is a 404 before the suspended collection's 409.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { SUB, collectionXml, seedCollection, startHarness, type Harness } from '../api/harness.js';
import { arm, body, collectionBody, errorCode, JC, JOB, type Json } from './arm-harness.js';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => h.close());

const etagOf = async (jc: string, cs = 'rg1'): Promise<string | undefined> =>
  (await h.store.getJobCollection({ subscriptionId: SUB, cloudService: cs, collection: jc }))?.etag;

test('a classic Year maximum: shown as days within Int32, kept when the same body is sent back', async () => {
  await seedCollection(h, 'Standard', 'yr', 'cs1');
  const quota = (years: number) =>
    `<Quota><MaxRecurrence><Frequency>Year</Frequency><Interval>${years}</Interval></MaxRecurrence></Quota>`;
  for (const [years, days] of [
    [2, 730],
    [10_000_000, 2_147_483_647],
  ] as const) {
    const put = await h.call('PUT', `/${SUB}/cloudservices/cs1/resources/scheduler/JobCollections/yr`, {
      body: collectionXml('Standard', quota(years)),
    });
    assert.equal(put.statusCode, 202, put.body);
    const read = body(await arm(h, 'GET', JC('yr', 'cs1')));
    assert.deepEqual(read.properties.quota.maxRecurrence, { frequency: 'Day', interval: days });
    const back = await arm(h, 'PUT', JC('yr', 'cs1'), { body: read });
    assert.equal(back.statusCode, 200, back.body);
    const stored = await h.store.getJobCollection({
      subscriptionId: SUB,
      cloudService: 'cs1',
      collection: 'yr',
    });
    assert.deepEqual(stored?.quota.maxRecurrence, { frequency: 'Year', interval: years });
  }
  // A different maximum sent is what is stored.
  const read = body(await arm(h, 'GET', JC('yr', 'cs1')));
  read.properties.quota.maxRecurrence = { frequency: 'Day', interval: 800 };
  assert.equal((await arm(h, 'PUT', JC('yr', 'cs1'), { body: read })).statusCode, 200);
  const stored = await h.store.getJobCollection({
    subscriptionId: SUB,
    cloudService: 'cs1',
    collection: 'yr',
  });
  assert.deepEqual(stored?.quota.maxRecurrence, { frequency: 'Day', interval: 800 });
});

test('a maxRecurrence interval beyond Int32 is refused naming the range', async () => {
  const r = await arm(h, 'PUT', JC('big'), {
    body: collectionBody({ quota: { maxRecurrence: { frequency: 'Minute', interval: 99_999_999_999 } } }),
  });
  assert.equal(r.statusCode, 400);
  assert.equal(
    body(r).error.message,
    'properties.quota.maxRecurrence.interval: must be an integer from 1 to 2147483647',
  );
  assert.equal((await arm(h, 'GET', JC('big'))).statusCode, 404, 'nothing was created');
});

test('Premium written under 2016-01-01 keeps a P20Premium collection P20Premium', async () => {
  const create = await arm(h, 'PUT', JC('p20'), {
    body: { location: 'westeurope', properties: { sku: { name: 'P20Premium' } } },
  });
  assert.equal(create.statusCode, 201, create.body);
  const old = body(await arm(h, 'GET', JC('p20'), { version: '2016-01-01' }));
  assert.equal(old.properties.sku.name, 'Premium');
  const back = await arm(h, 'PUT', JC('p20'), { body: old, version: '2016-01-01' });
  assert.equal(back.statusCode, 200, back.body);
  assert.equal(body(await arm(h, 'GET', JC('p20'))).properties.sku.name, 'P20Premium');
  // A new collection created as Premium is P10Premium.
  assert.equal(
    (
      await arm(h, 'PUT', JC('p10'), {
        body: collectionBody({ sku: { name: 'Premium' } }),
        version: '2016-01-01',
      })
    ).statusCode,
    201,
  );
  assert.equal(body(await arm(h, 'GET', JC('p10'))).properties.sku.name, 'P10Premium');
});

test('a PATCH of the state alone, or of nothing, keeps the ETag; a PATCH of a setting changes it', async () => {
  assert.equal((await arm(h, 'PUT', JC('tagged'), { body: collectionBody() })).statusCode, 201);
  const first = await etagOf('tagged');
  for (const patch of [{ properties: { state: 'Disabled' } }, { properties: { state: 'Enabled' } }, {}]) {
    const r = await arm(h, 'PATCH', JC('tagged'), { body: patch });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(await etagOf('tagged'), first, JSON.stringify(patch));
  }
  assert.equal(body(await arm(h, 'GET', JC('tagged'))).properties.state, 'Enabled');
  assert.equal((await arm(h, 'PATCH', JC('tagged'), { body: { tags: { a: '1' } } })).statusCode, 200);
  assert.notEqual(await etagOf('tagged'), first);
});

test('a tag named __proto__ is stored and echoed like any other', async () => {
  assert.equal((await arm(h, 'PUT', JC('proto'), { body: collectionBody() })).statusCode, 201);
  const tags: Json = JSON.parse('{"__proto__":"v","b":"2"}');
  const r = await arm(h, 'PATCH', JC('proto'), { body: { tags } });
  assert.equal(r.statusCode, 200, r.body);
  const expected = JSON.stringify({ __proto__: null, ...tags });
  assert.equal(JSON.stringify(body(r).tags), expected);
  assert.equal(JSON.stringify(body(await arm(h, 'GET', JC('proto'))).tags), expected);
  assert.match((await arm(h, 'GET', JC('proto'))).body, /"tags":\{"__proto__":"v","b":"2"\}/);
});

test('run of a missing job in a suspended collection is 404, of an existing one 409', async () => {
  assert.equal((await arm(h, 'PUT', JC('susp'), { body: collectionBody() })).statusCode, 201);
  const job = await arm(h, 'PUT', JOB('a', 'susp'), {
    body: {
      properties: { action: { type: 'http', request: { uri: 'http://127.0.0.1:9/x', method: 'get' } } },
    },
  });
  assert.equal(job.statusCode, 201, job.body);
  const s = await arm(h, 'PATCH', JC('susp'), { body: { properties: { state: 'Suspended' } } });
  assert.equal(s.statusCode, 200, s.body);
  const missing = await arm(h, 'POST', `${JOB('nope', 'susp')}/run`);
  assert.equal(missing.statusCode, 404, missing.body);
  assert.equal(errorCode(missing), 'ResourceNotFound');
  const present = await arm(h, 'POST', `${JOB('a', 'susp')}/run`);
  assert.equal(present.statusCode, 409, present.body);
});

test('PATCH of the quota merges its members (RFC 7396): the members not sent are kept, null removes one or all', async () => {
  const q = async (): Promise<Json> => body(await arm(h, 'GET', JC('merge'))).properties.quota;
  const patch = async (quota: unknown): Promise<void> => {
    const r = await arm(h, 'PATCH', JC('merge'), { body: { properties: { quota } } });
    assert.equal(r.statusCode, 200, r.body);
  };
  await arm(h, 'PUT', JC('merge'), {
    body: collectionBody({ quota: { maxJobCount: 10, maxRecurrence: { frequency: 'Hour', interval: 1 } } }),
  });
  await patch({ maxJobCount: 20 });
  assert.deepEqual(await q(), { maxJobCount: 20, maxRecurrence: { frequency: 'Hour', interval: 1 } });
  const etag = await etagOf('merge');
  await patch({});
  assert.deepEqual(await q(), { maxJobCount: 20, maxRecurrence: { frequency: 'Hour', interval: 1 } });
  assert.equal(await etagOf('merge'), etag, 'an empty quota patch changes nothing');
  await patch({ maxJobOccurrence: 5, maxJobCount: null });
  assert.deepEqual(await q(), { maxJobOccurrence: 5, maxRecurrence: { frequency: 'Hour', interval: 1 } });
  await patch(null);
  assert.equal(await q(), undefined);
  // PUT still replaces: what it does not send is gone.
  await patch({ maxJobCount: 3, maxJobOccurrence: 4 });
  const put = await arm(h, 'PUT', JC('merge'), { body: collectionBody({ quota: { maxJobCount: 9 } }) });
  assert.equal(put.statusCode, 200, put.body);
  assert.deepEqual(await q(), { maxJobCount: 9 });
});
