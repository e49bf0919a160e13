// Cloud services #21–#24 (docs/reference/classic-operations.md §5.4, §7.2, §10).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
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
});
after(async () => h.close());

const NS =
  'xmlns="http://schemas.microsoft.com/windowsazure" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"';

test('#21 create: 202, empty, ETag; #23 get echoes it with GeoRegion and GeoLocation; E1 body from Python', async () => {
  const e1 =
    '<?xml version="1.0" encoding="utf-8"?>\n<CloudService xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns="http://schemas.microsoft.com/windowsazure"><Label>label</Label><Description>description</Description><GeoRegion>West Europe</GeoRegion></CloudService>';
  const r = await h.call('PUT', `/${SUB}/cloudservices/cloud_service_358b154e`, {
    body: e1,
    headers: {
      'content-type': 'application/atom+xml;type=entry;charset=utf-8',
      'x-ms-version': '2014-10-01',
    },
  });
  assert.equal(r.statusCode, 202);
  const etag = String(r.headers['etag']);
  assert.match(etag, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  const g = await h.call('GET', `/${SUB}/CloudServices/CLOUD_SERVICE_358B154E`);
  assert.equal(g.statusCode, 200);
  assert.equal(g.headers['etag'], etag);
  assert.equal(
    g.body,
    `<CloudService ${NS}><Name>cloud_service_358b154e</Name><Label>label</Label><Description>description</Description><GeoRegion>West Europe</GeoRegion><GeoLocation>West Europe</GeoLocation><Resources/></CloudService>`,
  );
});

test('#23 with collections: Resource elements in order, Plan twice, Label and Email when set', async () => {
  const body =
    '<CloudService xmlns="http://schemas.microsoft.com/windowsazure"><Label>billing &amp; jobs</Label><Description>jobs for billing</Description><GeoRegion>West Europe</GeoRegion><Email>ops@example.com</Email></CloudService>';
  assert.equal((await h.call('PUT', csPath('billing'), { body })).statusCode, 202);
  const jc = await h.call('PUT', jcPath('jc1', 'billing'), {
    body: '<Resource xmlns="http://schemas.microsoft.com/windowsazure"><IntrinsicSettings><Plan>standard</Plan></IntrinsicSettings><Label>bXkgbGFiZWw=</Label></Resource>',
  });
  assert.equal(jc.statusCode, 202);
  const g = await h.call('GET', csPath('billing'));
  assert.equal(
    g.body,
    `<CloudService ${NS}><Name>billing</Name><Label>billing &amp; jobs</Label><Description>jobs for billing</Description><GeoRegion>West Europe</GeoRegion><GeoLocation>West Europe</GeoLocation><Email>ops@example.com</Email>` +
      `<Resources><Resource><ResourceProviderNamespace>Scheduler</ResourceProviderNamespace><Type>jobcollections</Type><Name>jc1</Name><SchemaVersion>1.1</SchemaVersion><ETag>${String(jc.headers['etag'])}</ETag><State>Started</State><Plan>Standard</Plan><IntrinsicSettings><Plan>Standard</Plan></IntrinsicSettings><OperationStatus><Type>Create</Type><Result>Succeeded</Result></OperationStatus><Label>bXkgbGFiZWw=</Label></Resource></Resources></CloudService>`,
  );
});

test('#24 list: ordered by name, each a CloudService element', async () => {
  const h2 = await startHarness();
  try {
    const empty = await h2.call('GET', `/${SUB}/CloudServices`);
    assert.equal(empty.body, `<CloudServices ${NS}/>`);
    for (const n of ['b-cs', 'A-cs', 'c-cs'])
      assert.equal((await h2.call('PUT', csPath(n), { body: cloudServiceXml() })).statusCode, 202);
    const r = await h2.call('GET', `/${SUB}/CloudServices`);
    assert.equal(r.statusCode, 200);
    const names = [...r.body.matchAll(/<CloudService><Name>([^<]+)<\/Name>/g)].map((m) => m[1]);
    assert.deepEqual(names, ['A-cs', 'b-cs', 'c-cs']);
    assert.ok(r.body.startsWith(`<CloudServices ${NS}><CloudService><Name>`));
  } finally {
    await h2.close();
  }
});

test('the subscription segment is percent-decoded before authentication; a malformed escape is refused', async () => {
  // %30 is "0": the same subscription, spelled with an escape (classic-surface.ts firstSegment).
  const encoded = `%30${SUB.slice(1)}`;
  const r = await h.call('GET', `/${encoded}/CloudServices`);
  assert.equal(r.statusCode, 200);
  assert.ok(r.body.startsWith(`<CloudServices ${NS}`));
  const bad = await h.call('GET', `/%E0%A4%A${SUB.slice(1)}/CloudServices`);
  assert.equal(bad.statusCode, 403);
});

test('create: name taken (any case) → 409; invalid name, missing or too long fields → 400; malformed XML → 400 InvalidXmlRequest', async () => {
  assert.equal((await h.call('PUT', csPath('taken'), { body: cloudServiceXml() })).statusCode, 202);
  const dup = await h.call('PUT', csPath('TAKEN'), { body: cloudServiceXml() });
  assert.equal(dup.statusCode, 409);
  assert.equal(errorCode(dup.body), 'ConflictError');
  const bad: [string, string, string][] = [
    ['-bad-', cloudServiceXml(), 'BadRequest'],
    ['x'.repeat(101), cloudServiceXml(), 'BadRequest'],
    ['ok1', cloudServiceXml('x'.repeat(101)), 'BadRequest'],
    ['ok1', cloudServiceXml(''), 'BadRequest'],
    ['ok1', '<CloudService><Label>l</Label><GeoRegion>West US</GeoRegion></CloudService>', 'BadRequest'],
    ['ok1', '<CloudService><Label>l</Label><Description>d</Description></CloudService>', 'BadRequest'],
    [
      'ok1',
      `<CloudService><Label>l</Label><Description>${'d'.repeat(1025)}</Description><GeoRegion>g</GeoRegion></CloudService>`,
      'BadRequest',
    ],
    [
      'ok1',
      '<CloudService><Label>l</Label><Description>d</Description><GeoRegion>   </GeoRegion></CloudService>',
      'BadRequest',
    ],
    ['ok1', '<?xml version="1.0"?><CloudService><Label>a & b</Label></CloudService>', 'InvalidXmlRequest'],
    ['ok1', '<Resource/>', 'InvalidXmlRequest'],
    ['ok1', '', 'InvalidXmlRequest'],
    ['ok1', '<CloudService xmlns="urn:other"><Label>l</Label></CloudService>', 'InvalidXmlRequest'],
    ['ok1', '<!DOCTYPE x [<!ENTITY a "b">]><CloudService/>', 'InvalidXmlRequest'],
  ];
  for (const [name, body, code] of bad) {
    const r = await h.call('PUT', csPath(name), { body });
    assert.equal(r.statusCode, 400, `${name} ${body.slice(0, 60)}`);
    assert.equal(errorCode(r.body), code, `${name} ${body.slice(0, 60)}`);
  }
  assert.equal(await h.store.getCloudService(SUB, 'ok1'), undefined);
  const blank = await h.call('PUT', csPath('ok1'), {
    body: '<CloudService><Label>l</Label><Description>d</Description><GeoRegion> \t </GeoRegion></CloudService>',
  });
  assert.match(blank.body, /CloudService\.GeoRegion: must name a region, got only white space/);
});

test('element names and namespace tolerance: lower-case names, no namespace, indentation', async () => {
  const body = `<cloudservice>\n  <label>l</label>\n  <description></description>\n  <georegion>Mars</georegion>\n</cloudservice>`;
  const r = await h.call('PUT', csPath('tolerant'), { body });
  assert.equal(r.statusCode, 202, r.body);
  const g = await h.call('GET', csPath('tolerant'));
  assert.match(g.body, /<GeoRegion>Mars<\/GeoRegion>/);
});

test('strict regions: GeoRegion must be a configured region', async () => {
  const h2 = await startHarness({ settings: { strictRegions: true } });
  try {
    const r = await h2.call('PUT', csPath('x'), { body: cloudServiceXml('l', 'Mars') });
    assert.equal(r.statusCode, 400);
    assert.equal(
      (await h2.call('PUT', csPath('x'), { body: cloudServiceXml('l', 'west us') })).statusCode,
      202,
    );
  } finally {
    await h2.close();
  }
});

test('#22 delete: 404 when absent, If-Match 412 / match, 202 empty', async () => {
  assert.equal((await h.call('PUT', csPath('del-me'), { body: cloudServiceXml() })).statusCode, 202);
  const etag = String((await h.call('GET', csPath('del-me'))).headers['etag']);
  const wrong = await h.call('DELETE', csPath('del-me'), {
    headers: { 'if-match': '"00000000-0000-0000-0000-000000000000"' },
  });
  assert.equal(wrong.statusCode, 412);
  assert.equal(errorCode(wrong.body), 'PreconditionFailed');
  const ok = await h.call('DELETE', csPath('del-me'), {
    headers: { 'if-match': `W/"${etag.toUpperCase()}"` },
  });
  assert.equal(ok.statusCode, 202);
  assert.equal(ok.body, '');
  assert.equal(ok.headers['content-length'], '0');
  const gone = await h.call('GET', csPath('del-me'));
  assert.equal(gone.statusCode, 404);
  assert.equal(errorCode(gone.body), 'ResourceNotFound');
  assert.equal((await h.call('DELETE', csPath('del-me'))).statusCode, 404);
  const star = await h.call('DELETE', csPath('del-me'), { headers: { 'if-match': '*' } });
  assert.equal(star.statusCode, 412, 'If-Match on a resource that does not exist');
});

test('#22 delete of a cloud service with collections cascades: 202 + operation, collections, jobs and history gone, the engine told', async () => {
  assert.equal((await h.call('PUT', csPath('full'), { body: cloudServiceXml() })).statusCode, 202);
  for (const jc of ['a', 'b']) {
    assert.equal((await h.call('PUT', jcPath(jc, 'full'), { body: collectionXml() })).statusCode, 202);
    const job = await h.call('PUT', jobPath('j', jc, 'full'), { body: httpJob() });
    assert.equal(job.statusCode, 201, job.body);
  }
  const kept = await h.call('PUT', csPath('kept'), { body: cloudServiceXml() });
  assert.equal(kept.statusCode, 202);
  assert.equal((await h.call('PUT', jcPath('c', 'kept'), { body: collectionXml() })).statusCode, 202);
  const before = h.signals.length;

  const del = await h.call('DELETE', csPath('full'));
  assert.equal(del.statusCode, 202, del.body);
  assert.equal(del.body, '');
  const op = await h.call('GET', `/${SUB}/operations/${String(del.headers['x-ms-request-id'])}`);
  assert.equal(op.statusCode, 200, op.body);
  assert.match(op.body, /<Status>Succeeded<\/Status>/);

  assert.equal((await h.call('GET', csPath('full'))).statusCode, 404);
  for (const jc of ['a', 'b']) {
    assert.equal((await h.call('GET', jcPath(jc, 'full'))).statusCode, 404);
    assert.equal((await h.call('GET', jobPath('j', jc, 'full'))).statusCode, 404);
  }
  assert.equal((await h.store.listJobCollections(SUB, 'full')).length, 0);
  assert.deepEqual(
    (await h.store.listJobCollections(SUB, 'kept')).map((c) => c.name),
    ['c'],
  );
  assert.deepEqual(
    h.signals
      .slice(before)
      .map((r) => JSON.stringify(r))
      .sort(),
    ['a', 'b'].map((jc) => JSON.stringify({ subscriptionId: SUB, cloudService: 'full', collection: jc })),
  );
  // The name can be used again, empty.
  assert.equal((await h.call('PUT', csPath('full'), { body: cloudServiceXml() })).statusCode, 202);
  assert.match((await h.call('GET', csPath('full'))).body, /<Resources\/>/);
});
