// The real npm client azure-asm-scheduler (cloud services, job collections, operations, resource provider)
// against a real HTTPS listener with a management certificate (docs/reference/classic-operations.md §13.2).
import assert from 'node:assert/strict';
import { request } from 'node:https';
import { after, before, test } from 'node:test';
import { SUB } from '../api/harness.js';
import { cb, failure, requireCjs, startTlsServer, type Doc, type TlsServer } from './tls-harness.js';

let s: TlsServer;
let csClient: Doc;
let schedClient: Doc;

before(async () => {
  s = await startTlsServer();
  const asm = requireCjs('azure-asm-scheduler');
  csClient = asm.createCloudServiceManagementClient(s.credentials(), s.baseUri).withFilter(s.trustCa);
  schedClient = asm.createSchedulerManagementClient(s.credentials(), s.baseUri).withFilter(s.trustCa);
  // No waiting between polls: Takt reports Succeeded on the first poll.
  for (const c of [csClient, schedClient]) {
    c.longRunningOperationInitialTimeout = 0;
    c.longRunningOperationRetryTimeout = 0;
  }
});
after(async () => s.close());

test('cloud services: create (polls the operation), get, list, delete', async () => {
  // The client writes element text unescaped: '&' makes malformed XML (§13.2), refused cleanly.
  const amp = await failure(
    cb((d) =>
      csClient.cloudServices.create(
        'amp-cs',
        { label: 'a & b', description: 'd', geoRegion: 'West Europe' },
        d,
      ),
    ),
  );
  assert.equal(amp.code, 'InvalidXmlRequest');
  assert.equal(amp.statusCode, 400);
  const created = await cb((d) =>
    csClient.cloudServices.create(
      'compat-cs',
      { label: 'billing jobs', description: 'd', geoRegion: 'West Europe', email: 'ops@example.com' },
      d,
    ),
  );
  assert.equal(created.status, 'Succeeded');
  assert.equal(Number(created.httpStatusCode), 200);
  const got = await cb((d) => csClient.cloudServices.get('compat-cs', d));
  assert.equal(got.statusCode, 200);
  // The client's Get reads only GeoLocation and the resources.
  assert.equal(got.geoLocation, 'West Europe');
  assert.deepEqual(got.resources, []);
  const list = await cb((d) => csClient.cloudServices.list(d));
  assert.deepEqual(
    list.cloudServices.map((c: Doc) => c.name),
    ['compat-cs'],
  );
  const dup = await failure(
    cb((d) =>
      csClient.cloudServices.create(
        'COMPAT-CS',
        { label: 'l', description: 'd', geoRegion: 'West Europe' },
        d,
      ),
    ),
  );
  assert.equal(dup.code, 'ConflictError');
  assert.equal(dup.statusCode, 409);
  await cb((d) =>
    csClient.cloudServices.create('temp-cs', { label: 'l', description: 'd', geoRegion: 'West US' }, d),
  );
  const deleted = await cb((d) => csClient.cloudServices.delete('temp-cs', d));
  assert.equal(deleted.status, 'Succeeded');
  const missing = await failure(cb((d) => csClient.cloudServices.get('temp-cs', d)));
  assert.equal(missing.code, 'ResourceNotFound');
  assert.equal(missing.statusCode, 404);
  assert.match(String(missing.requestId), /^[0-9a-f]{32}$/);
});

test('job collections: name check, create with quota, get, update with the ETag, plan read in the cloud service, delete', async () => {
  const free = await cb((d) => schedClient.jobCollections.checkNameAvailability('compat-cs', 'jc1', d));
  assert.equal(free.isAvailable, true);
  const created = await cb((d) =>
    schedClient.jobCollections.create(
      'compat-cs',
      'jc1',
      {
        label: 'my label',
        intrinsicSettings: {
          plan: 'Standard',
          quota: { maxJobCount: 20, maxRecurrence: { frequency: 'Hour', interval: 1 } },
        },
      },
      d,
    ),
  );
  assert.equal(created.status, 'Succeeded');
  assert.match(String(created.eTag), /^[0-9a-f-]{36}$/);
  const taken = await cb((d) => schedClient.jobCollections.checkNameAvailability('compat-cs', 'JC1', d));
  assert.equal(taken.isAvailable, false);
  const got = await cb((d) => schedClient.jobCollections.get('compat-cs', 'jc1', d));
  assert.equal(got.name, 'jc1');
  assert.equal(got.eTag, created.eTag);
  assert.equal(got.label, 'my label', 'the client base64-encodes on write and decodes on read');
  assert.equal(got.intrinsicSettings.plan, 'Standard');
  assert.equal(got.intrinsicSettings.quota.maxJobCount, 20);
  const updated = await cb((d) =>
    schedClient.jobCollections.update(
      'compat-cs',
      'jc1',
      { eTag: got.eTag, intrinsicSettings: { plan: 'Premium' } },
      d,
    ),
  );
  assert.equal(updated.status, 'Succeeded');
  assert.notEqual(updated.eTag, created.eTag);
  const stale = await failure(
    cb((d) =>
      schedClient.jobCollections.update(
        'compat-cs',
        'jc1',
        { eTag: created.eTag, intrinsicSettings: { plan: 'Standard' } },
        d,
      ),
    ),
  );
  assert.equal(stale.statusCode, 412);
  const cs = await cb((d) => csClient.cloudServices.get('compat-cs', d));
  assert.equal(cs.resources[0].name, 'jc1');
  assert.equal(cs.resources[0].plan, 'Premium');
  await cb((d) =>
    schedClient.jobCollections.create('compat-cs', 'jc-temp', { intrinsicSettings: { plan: 'Free' } }, d),
  );
  const gone = await cb((d) => schedClient.jobCollections.deleteMethod('compat-cs', 'jc-temp', d));
  assert.equal(gone.status, 'Succeeded');
  const quota = await failure(
    cb((d) =>
      schedClient.jobCollections.create(
        'compat-cs',
        'jc-big',
        { intrinsicSettings: { plan: 'Free', quota: { maxJobCount: 10 } } },
        d,
      ),
    ),
  );
  assert.equal(quota.code, 'ConflictError');
});

test('operation status, resource provider properties, EntitleResource', async () => {
  const props = await cb((d) => schedClient.getResourceProviderProperties(d));
  assert.equal(props.properties['PlanDetail:Free:Quota:MaxJobCount'], '5');
  assert.equal(props.properties['SupportedGeoRegions'], 'West US,East US,West Europe');
  const ent = await cb((d) =>
    csClient.entitleResource(
      { resourceNamespace: 'scheduler', resourceType: 'jobcollections', registrationDate: new Date() },
      d,
    ),
  );
  assert.equal(ent.statusCode, 202);
  const op = await cb((d) => csClient.getOperationStatus(ent.requestId, d));
  assert.equal(op.status, 'Succeeded');
  assert.equal(Number(op.httpStatusCode), 200);
});

test('register / unregister over plain HTTPS (the Node client cannot send a body-less PUT on Node 20)', async () => {
  const put = (action: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: s.port,
          method: 'PUT',
          path: `/${SUB}/services?service=scheduler.JobCollections&action=${action}`,
          ca: s.ca.certPem,
          servername: 'localhost',
          cert: s.client.certPem,
          key: s.client.keyPem,
          agent: false,
          headers: { 'x-ms-version': '2013-03-01' },
        },
        (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.end();
    });
  assert.deepEqual(await put('register'), { status: 200, body: '' });
  const un = await put('unregister');
  assert.equal(un.status, 409, 'the subscription still has collections');
});
