// A rejected request leaves the store exactly as it was (no partial writes), whatever the reason.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachBackend } from '../store-contract/backends.js';
import {
  SUB,
  cloudServiceXml,
  collectionXml,
  csPath,
  dumpStore,
  httpJob,
  jcPath,
  jobPath,
  jobsPath,
  seedCollection,
  startHarness,
  type Harness,
} from './harness.js';

forEachBackend((_name, open) => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ openStore: () => open() });
    await seedCollection(h);
    await seedCollection(h, 'Free', 'free');
    for (let i = 0; i < 5; i++)
      assert.equal((await h.call('PUT', jobPath(`f${i}`, 'free'), { body: httpJob() })).statusCode, 201);
    assert.equal(
      (
        await h.call('PUT', jobPath('basic'), {
          body: httpJob({
            action: {
              type: 'http',
              request: {
                uri: 'http://x',
                method: 'GET',
                authentication: { type: 'Basic', username: 'u', password: 'p' },
              },
            },
          }),
        })
      ).statusCode,
      201,
    );
    assert.equal(
      (await h.call('PUT', jobPath('second'), { body: httpJob({ state: 'disabled' }) })).statusCode,
      201,
    );
  });
  after(async () => h.close());

  test('every rejected request of every kind leaves every read unchanged', async () => {
    const etag = String((await h.call('GET', jcPath())).headers['etag']);
    const rejected: [string, string, object | string | undefined, Record<string, string | undefined>?][] = [
      ['PUT', csPath('cs1'), cloudServiceXml()],
      ['PUT', csPath('new-cs'), '<CloudService><Label>x</Label></CloudService>'],
      ['PUT', csPath('new-cs'), cloudServiceXml(), { authorization: 'Bearer nope' }],
      ['PUT', csPath('new-cs'), cloudServiceXml(), { 'x-ms-version': undefined }],
      ['DELETE', csPath('cs1'), undefined, { 'if-match': 'x' }],
      ['PUT', jcPath('jc1'), collectionXml('Free')],
      ['PUT', jcPath('jc1'), collectionXml(), { 'if-match': '00000000-0000-0000-0000-00000000dead' }],
      ['PUT', jcPath('jc1'), collectionXml('Standard', '<Quota><MaxJobCount>1</MaxJobCount></Quota>')],
      ['PUT', jcPath('jc2'), collectionXml('Free')],
      ['PUT', jcPath('jc1'), collectionXml('Platinum')],
      ['DELETE', jcPath('jc1'), undefined, { 'if-match': 'nope' }],
      ['PUT', jobPath('basic'), httpJob({ recurrence: { frequency: 'week', schedule: { monthDays: [1] } } })],
      ['PUT', jobPath('basic'), '{"action":'],
      ['PUT', jobPath('new-job'), httpJob({ recurrence: { frequency: 'hour', count: 2_147_483_648 } })],
      ['PATCH', jobPath('basic'), { recurrence: { frequency: 'hour', count: 1e20 } }],
      ['PUT', jobPath('basic'), httpJob({ id: 'other' })],
      ['PUT', jobPath('f0', 'free'), httpJob({ recurrence: { frequency: 'minute' } })],
      ['POST', jobsPath('free'), httpJob()],
      ['PATCH', jobPath('basic'), { status: {} }],
      ['PATCH', jobPath('basic'), { state: 'disabled', stateDetails: 'x'.repeat(8193) }],
      ['PATCH', jobPath('basic'), { action: { request: { uri: null } } }],
      ['PATCH', jobPath('basic'), { action: { type: 'storageQueue' } }],
      ['PATCH', jobPath('f1', 'free'), { recurrence: { frequency: 'minute', interval: 1 } }],
      ['PATCH', jobsPath(), { state: 'completed' }],
      ['PATCH', jobsPath(), 'not json'],
      ['DELETE', jobPath('nope'), undefined],
      ['PUT', `/${SUB}/services?service=scheduler.JobCollections&action=unregister`, undefined],
      ['PUT', `/${SUB}/services?service=x&action=unregister`, undefined],
      ['POST', `/${SUB}/EntitleResource`, '<EntitleResource><Type>x</Type></EntitleResource>'],
      ['PUT', jobPath('big'), 'x'.repeat(1024 * 1024 + 10)],
      ['GET', `${jobsPath()}?$top=0`, undefined],
    ];
    const before = await dumpStore(h.store);
    for (const [method, path, body, headers] of rejected) {
      const r = await h.call(method, path, {
        ...(body !== undefined ? { body } : {}),
        ...(headers ? { headers } : {}),
      });
      assert.ok(r.statusCode >= 400 && r.statusCode < 500, `${method} ${path}: ${r.statusCode} ${r.body}`);
      assert.equal(await dumpStore(h.store), before, `${method} ${path} changed the store`);
    }
    assert.equal((await h.call('GET', jcPath())).headers['etag'], etag);
  });
});
