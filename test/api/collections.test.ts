// Job collections #16–#20 (docs/reference/classic-operations.md §5.3, §7.3, §7.4, §7.7, §10) and plan rules
// (docs/reference/scheduling-rules.md §7).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { NotRegistered, putJobCollection } from '../../src/app/job-collections.js';
import { unregisterProvider } from '../../src/app/resource-provider.js';
import {
  SUB,
  cloudServiceXml,
  collectionXml,
  csPath,
  errorCode,
  httpJob,
  jcPath,
  jobPath,
  startHarness,
  type Harness,
} from './harness.js';

let h: Harness;
before(async () => {
  h = await startHarness();
  assert.equal((await h.call('PUT', csPath('cs1'), { body: cloudServiceXml() })).statusCode, 202);
});
after(async () => h.close());

const NS =
  'xmlns="http://schemas.microsoft.com/windowsazure" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"';
const mgmt = (jc: string, cs = 'cs1'): string =>
  `/${SUB}/cloudservices/${cs}/resources/scheduler/JobCollections/${jc}`;

test('#16 create (E2 body, management path): 202 + ETag; #20 GET, either view, in DataContract order', async () => {
  const r = await h.call(
    'PUT',
    `/${SUB}/cloudservices/cs1/resources/scheduler/jobCollections/job_collection_967211f9`,
    {
      body: '<Resource xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns="http://schemas.microsoft.com/windowsazure"><IntrinsicSettings><plan>Standard</plan></IntrinsicSettings></Resource>',
    },
  );
  assert.equal(r.statusCode, 202);
  assert.equal(r.body, '');
  const etag = String(r.headers['etag']);
  for (const p of [
    jcPath('job_collection_967211f9') + '?api-version=2014-04-01',
    mgmt('JOB_COLLECTION_967211F9'),
  ]) {
    const g = await h.call('GET', p);
    assert.equal(g.statusCode, 200);
    assert.equal(g.headers['etag'], etag);
    assert.equal(
      g.body,
      `<Resource ${NS}><CloudServiceSettings><GeoRegion>West Europe</GeoRegion></CloudServiceSettings><ETag>${etag}</ETag><IntrinsicSettings><Plan>Standard</Plan></IntrinsicSettings><Name>job_collection_967211f9</Name><OperationStatus><Error><HttpCode>200</HttpCode><Message>OK</Message></Error><Result>Succeeded</Result></OperationStatus><PromotionCode></PromotionCode><SchemaVersion>1.1</SchemaVersion><State>Started</State><SubState i:nil="true"/><Type>jobcollections</Type></Resource>`,
    );
  }
});

test('an empty <Resource/> creates a Standard collection; quota and label are echoed as set', async () => {
  assert.equal((await h.call('PUT', jcPath('empty'), { body: '<Resource/>' })).statusCode, 202);
  assert.match(
    (await h.call('GET', jcPath('empty'))).body,
    /<IntrinsicSettings><Plan>Standard<\/Plan><\/IntrinsicSettings>/,
  );
  const quota =
    '<Quota><MaxJobCount>20</MaxJobCount><MaxRecurrence><Frequency>hour</Frequency><Interval>1</Interval></MaxRecurrence></Quota>';
  const body = `<Resource xmlns="http://schemas.microsoft.com/windowsazure"><SchemaVersion>1.1</SchemaVersion><IntrinsicSettings><Plan>premium</Plan>${quota}</IntrinsicSettings><Label>bXkgbGFiZWw=</Label></Resource>`;
  assert.equal((await h.call('PUT', jcPath('quota'), { body })).statusCode, 202);
  const g = await h.call('GET', jcPath('quota'));
  assert.match(
    g.body,
    /<IntrinsicSettings><Plan>Premium<\/Plan><Quota><MaxJobCount>20<\/MaxJobCount><MaxRecurrence><Frequency>Hour<\/Frequency><Interval>1<\/Interval><\/MaxRecurrence><\/Quota><\/IntrinsicSettings><Label>bXkgbGFiZWw=<\/Label><Name>quota<\/Name>/,
  );
});

test('#17 update: If-Match honoured (412 on mismatch), body ETag ignored, new ETag; absent elements kept; plan change clears quota', async () => {
  const create = await h.call('PUT', jcPath('upd'), {
    body: collectionXml('Standard', '<Quota><MaxJobCount>10</MaxJobCount></Quota>'),
  });
  const etag1 = String(create.headers['etag']);
  const stale = await h.call('PUT', jcPath('upd'), {
    body: '<Resource><ETag/><Label>bmV3</Label></Resource>',
    headers: { 'if-match': '11111111-1111-1111-1111-111111111111' },
  });
  assert.equal(stale.statusCode, 412);
  assert.equal(errorCode(stale.body), 'PreconditionFailed');
  const ok = await h.call('PUT', jcPath('upd'), {
    body: '<Resource><ETag/><Label>bmV3</Label></Resource>',
    headers: { 'if-match': `"${etag1}"` },
  });
  assert.equal(ok.statusCode, 202);
  const etag2 = String(ok.headers['etag']);
  assert.notEqual(etag2, etag1);
  let g = await h.call('GET', jcPath('upd'));
  assert.equal(g.headers['etag'], etag2);
  assert.match(g.body, /<Plan>Standard<\/Plan><Quota><MaxJobCount>10<\/MaxJobCount><\/Quota>/);
  assert.match(g.body, /<Label>bmV3<\/Label>/);
  assert.equal((await h.call('PUT', jcPath('upd'), { body: collectionXml('Premium') })).statusCode, 202);
  g = await h.call('GET', jcPath('upd'));
  assert.match(g.body, /<IntrinsicSettings><Plan>Premium<\/Plan><\/IntrinsicSettings>/);
  const cs = await h.call('GET', csPath('cs1'));
  assert.match(cs.body, /<Name>upd<\/Name>.*?<OperationStatus><Type>Update<\/Type>/);
  const missing = await h.call('PUT', jcPath('never'), {
    body: collectionXml(),
    headers: { 'if-match': '*' },
  });
  assert.equal(missing.statusCode, 412);
});

test('validation: plan, quota values, names, XML → 400; unknown cloud service → 404 first', async () => {
  const bad: [string, string, string][] = [
    ['p1', collectionXml('Gold'), 'BadRequest'],
    ['p1', collectionXml('Standard', '<Quota><MaxJobCount>0</MaxJobCount></Quota>'), 'BadRequest'],
    ['p1', collectionXml('Standard', '<Quota><MaxJobCount>abc</MaxJobCount></Quota>'), 'BadRequest'],
    [
      'p1',
      collectionXml(
        'Standard',
        '<Quota><MaxRecurrence><Frequency>Second</Frequency><Interval>1</Interval></MaxRecurrence></Quota>',
      ),
      'BadRequest',
    ],
    [
      'p1',
      collectionXml('Standard', '<Quota><MaxRecurrence><Frequency>Hour</Frequency></MaxRecurrence></Quota>'),
      'BadRequest',
    ],
    ['bad name!', collectionXml(), 'BadRequest'],
    ['p1', '<Resource><IntrinsicSettings>', 'InvalidXmlRequest'],
    ['p1', '<CloudService/>', 'InvalidXmlRequest'],
  ];
  for (const [name, body, code] of bad) {
    const r = await h.call('PUT', jcPath(name), { body });
    assert.equal(r.statusCode, 400, body);
    assert.equal(errorCode(r.body), code, body);
  }
  // An integer beyond Int32 is refused with a message that gives the upper bound, not only "at least 1".
  for (const element of ['MaxJobCount', 'MaxJobOccurrence']) {
    const huge = await h.call('PUT', jcPath('p1'), {
      body: collectionXml('Premium', `<Quota><${element}>99999999999</${element}></Quota>`),
    });
    assert.equal(huge.statusCode, 400);
    assert.match(
      huge.body,
      new RegExp(
        `<Message>Resource\\.IntrinsicSettings\\.Quota\\.${element}: must be an integer from 1 to 2147483647, got '99999999999'</Message>`,
      ),
    );
  }
  const noCs = await h.call('PUT', jcPath('p1', 'no-such-cs'), { body: collectionXml('Gold') });
  assert.equal(noCs.statusCode, 404);
  // Body parsing (step 5) comes before existence (step 6).
  const malformed = await h.call('PUT', jcPath('p1', 'no-such-cs'), { body: '<Resource>' });
  assert.equal(errorCode(malformed.body), 'InvalidXmlRequest');
});

test('plans: quota above the plan → 409; second Free collection → 409; plan change existing jobs violate → 409', async () => {
  const h2 = await startHarness();
  try {
    await h2.call('PUT', csPath('cs1'), { body: cloudServiceXml() });
    const over = await h2.call('PUT', jcPath('q'), {
      body: collectionXml('Free', '<Quota><MaxJobCount>6</MaxJobCount></Quota>'),
    });
    assert.equal(over.statusCode, 409);
    assert.equal(errorCode(over.body), 'ConflictError');
    const freq = await h2.call('PUT', jcPath('q'), {
      body: collectionXml(
        'Standard',
        '<Quota><MaxRecurrence><Frequency>Minute</Frequency><Interval>1</Interval></MaxRecurrence></Quota>',
      ),
    });
    assert.equal(freq.statusCode, 202, 'Minute/1 equals the Standard plan');
    assert.equal((await h2.call('PUT', jcPath('free1'), { body: collectionXml('Free') })).statusCode, 202);
    const second = await h2.call('PUT', jcPath('free2'), { body: collectionXml('Free') });
    assert.equal(second.statusCode, 409);
    // A Standard collection with a minute job cannot become Free.
    assert.equal((await h2.call('PUT', jcPath('std'), { body: collectionXml() })).statusCode, 202);
    const job = await h2.call('PUT', jobPath('j', 'std'), {
      body: httpJob({ recurrence: { frequency: 'minute', interval: 5 } }),
    });
    assert.equal(job.statusCode, 201, job.body);
    const toFree = await h2.call('PUT', jcPath('std'), {
      body: collectionXml(
        'Standard',
        '<Quota><MaxRecurrence><Frequency>Hour</Frequency><Interval>1</Interval></MaxRecurrence></Quota>',
      ),
    });
    assert.equal(toFree.statusCode, 409);
    assert.match(toFree.body, /'j'/);
  } finally {
    await h2.close();
  }
});

test('#19 check name availability: GET (trailing slash) and POST; false when taken (any case) or invalid; 400 without op/resourceName; 404 unknown cloud service', async () => {
  await h.call('PUT', jcPath('taken-name'), { body: collectionXml() });
  const base = `/${SUB}/cloudservices/cs1/resources/scheduler/JobCollections/`;
  const ask = async (m: string, q: string) => h.call(m, `${base}?${q}`);
  let r = await ask('GET', 'op=checknameavailability&resourceName=fresh');
  assert.equal(r.statusCode, 200);
  assert.equal(
    r.body,
    `<ResourceNameAvailabilityResponse ${NS}><IsAvailable>true</IsAvailable></ResourceNameAvailabilityResponse>`,
  );
  r = await ask('POST', 'op=CheckNameAvailability&resourceName=TAKEN-NAME');
  assert.equal(r.statusCode, 200);
  assert.match(r.body, /<IsAvailable>false<\/IsAvailable>/);
  r = await ask('GET', 'op=checknameavailability&resourceName=bad%21name');
  assert.match(r.body, /<IsAvailable>false<\/IsAvailable>/);
  for (const q of ['', 'op=other&resourceName=x', 'op=checknameavailability', 'resourceName=x']) {
    const e = await ask('GET', q);
    assert.equal(e.statusCode, 400, q);
    assert.equal(errorCode(e.body), 'MissingOrInvalidRequiredQueryParameter');
  }
  const none = await h.call(
    'GET',
    `/${SUB}/cloudservices/nope/resources/scheduler/JobCollections/?op=checknameavailability&resourceName=x`,
  );
  assert.equal(none.statusCode, 404);
  // A name check is a POST, so it leaves an operation record (mutating verb), but changes nothing.
  assert.equal(
    await h.store.getJobCollection({ subscriptionId: SUB, cloudService: 'cs1', collection: 'fresh' }),
    undefined,
  );
});

test('#18 delete: 202 empty; removes jobs; If-Match; 404 when absent', async () => {
  await h.call('PUT', jcPath('gone'), { body: collectionXml() });
  assert.equal((await h.call('PUT', jobPath('j1', 'gone'), { body: httpJob() })).statusCode, 201);
  const wrong = await h.call('DELETE', jcPath('gone'), { headers: { 'if-match': 'nope' } });
  assert.equal(wrong.statusCode, 412);
  const r = await h.call('DELETE', mgmt('GONE'));
  assert.equal(r.statusCode, 202);
  assert.equal(r.body, '');
  assert.equal((await h.call('GET', jcPath('gone'))).statusCode, 404);
  assert.equal((await h.call('GET', jobPath('j1', 'gone'))).statusCode, 404);
  assert.equal((await h.call('DELETE', jcPath('gone'))).statusCode, 404);
});

test('an unregistered subscription cannot create collections (409); registration is never required otherwise', async () => {
  const h2 = await startHarness();
  try {
    await h2.call('PUT', csPath('cs1'), { body: cloudServiceXml() });
    const un = await h2.call('PUT', `/${SUB}/services?service=scheduler.JobCollections&action=unregister`);
    assert.equal(un.statusCode, 200);
    const r = await h2.call('PUT', jcPath('x'), { body: collectionXml() });
    assert.equal(r.statusCode, 409);
    assert.equal(errorCode(r.body), 'ConflictError');
    assert.equal(
      (await h2.call('PUT', `/${SUB}/services?service=scheduler.JobCollections&action=register`)).statusCode,
      200,
    );
    assert.equal((await h2.call('PUT', jcPath('x'), { body: collectionXml() })).statusCode, 202);
  } finally {
    await h2.close();
  }
});

test("unregister between a create's registration check and its write: the create is refused, not both done", async () => {
  const h2 = await startHarness();
  try {
    await h2.call('PUT', csPath('cs1'), { body: cloudServiceXml() });
    // The create reads the subscription (registered), then another request unregisters it (no
    // collection yet), then the create writes: the store refuses it in the same step as its write.
    let unregistered = false;
    const store = new Proxy(h2.deps.store, {
      get(target, key, receiver) {
        if (key !== 'getSubscription') return Reflect.get(target, key, receiver) as unknown;
        return async (id: string) => {
          const read = await target.getSubscription(id);
          if (!unregistered) {
            unregistered = true;
            await unregisterProvider(h2.deps, SUB);
          }
          return read;
        };
      },
    });
    const ref = { subscriptionId: SUB, cloudService: 'cs1', collection: 'late' };
    await assert.rejects(
      putJobCollection({ ...h2.deps, store }, ref, () => ({})),
      (e: unknown) => e instanceof NotRegistered,
    );
    assert.equal((await h2.store.getSubscription(SUB))?.registered, false);
    assert.equal((await h2.store.listJobCollections(SUB)).length, 0, 'nothing created');
    // And the other way: a collection held makes the unregister a 409 that changes nothing.
    assert.equal(
      (await h2.call('PUT', `/${SUB}/services?service=scheduler.JobCollections&action=register`)).statusCode,
      200,
    );
    assert.equal((await h2.call('PUT', jcPath('kept'), { body: collectionXml() })).statusCode, 202);
    const un = await h2.call('PUT', `/${SUB}/services?service=scheduler.JobCollections&action=unregister`);
    assert.equal(un.statusCode, 409);
    assert.equal((await h2.store.getSubscription(SUB))?.registered, true);
  } finally {
    await h2.close();
  }
});
