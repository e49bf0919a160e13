// PUT job on a PostgreSQL node that keeps collections in memory (Store.createsFirst, docs/store.md
// "Cached collections"): the create is tried before any read of the job, and a job that exists is
// read after the failed insert and replaced. The answers must be those of the read-first path: 201
// then 200, the replaced job keeping its creation time, 404 for a missing or deleted collection, the
// quota for new jobs only, and two PUTs of one new id racing end as one create and one replace.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Job } from '../../src/domain/job.js';
import { openPostgresStore, TenantChangeFeed } from '../../src/store/open-store.js';
import { dropSchema, postgresUrl } from '../../support/postgres.js';
import {
  type Harness,
  errorCode,
  httpJob,
  jcPath,
  jobPath,
  seedCollection,
  startHarness,
  SUB,
} from './harness.js';

const schema = `api_creates_first_${process.pid}`;
let h: Harness;

before(async () => {
  // A feed that is listening: collections are cached (no LISTEN connection here, so only this
  // store's own writes move it, which is all these tests make).
  const feed = new TenantChangeFeed();
  feed.listening(true);
  h = await startHarness({
    openStore: () => openPostgresStore({ url: postgresUrl(), schema, tenantFeed: feed }),
  });
  assert.equal(h.store.createsFirst, true);
  await seedCollection(h, 'Standard');
  await seedCollection(h, 'Free', 'free1', 'cs2');
});
after(async () => {
  await h?.close();
  await h?.store.close();
  await dropSchema(schema);
});

const ref = (jobId: string, collection = 'jc1', cloudService = 'cs1') => ({
  subscriptionId: SUB,
  cloudService,
  collection,
  jobId,
});

test('PUT creates (201), then replaces (200) the same job: a new version, its creation time kept', async () => {
  const created = await h.call('PUT', jobPath('j1'), { body: httpJob() });
  assert.equal(created.statusCode, 201, created.body);
  const first = (await h.store.getJob(ref('j1'))) as Job;
  assert.equal(first.version, 1);
  h.clock.advance(5_000);
  const replaced = await h.call('PUT', jobPath('J1'), {
    body: httpJob({ recurrence: { frequency: 'minute', interval: 5 } }),
  });
  assert.equal(replaced.statusCode, 200, replaced.body);
  const second = (await h.store.getJob(ref('j1'))) as Job;
  assert.equal(second.version, 2);
  assert.equal(second.ref.jobId, 'j1', 'the stored spelling is kept');
  assert.equal(second.createdAt, first.createdAt);
  assert.equal(second.updatedAt, first.updatedAt + 5_000);
  assert.deepEqual(second.definition.recurrence, { frequency: 'minute', interval: 5 });
  assert.equal(JSON.parse(replaced.body).recurrence.interval, 5);
});

test('a missing collection is 404 before the definition is checked; a deleted one is 404 and holds nothing', async () => {
  const missing = await h.call('PUT', jobPath('j1', 'nope'), { body: { recurrence: 'no action' } });
  assert.equal(missing.statusCode, 404, missing.body);
  assert.equal(errorCode(missing.body), 'ResourceNotFound');
  await seedCollection(h, 'Standard', 'doomed');
  assert.equal((await h.call('PUT', jobPath('a', 'doomed'), { body: httpJob() })).statusCode, 201);
  assert.equal((await h.call('DELETE', jcPath('doomed'))).statusCode, 202);
  const gone = await h.call('PUT', jobPath('b', 'doomed'), { body: httpJob() });
  assert.equal(gone.statusCode, 404, gone.body);
  assert.equal(await h.store.getJob(ref('b', 'doomed')), undefined);
});

test('a full collection refuses a new job (409) but a replace of one of its jobs goes through (200)', async () => {
  for (let i = 0; i < 5; i++) {
    const r = await h.call('PUT', jobPath(`f${i}`, 'free1', 'cs2'), { body: httpJob() });
    assert.equal(r.statusCode, 201, r.body);
  }
  const refused = await h.call('PUT', jobPath('f5', 'free1', 'cs2'), { body: httpJob() });
  assert.equal(refused.statusCode, 409, refused.body);
  assert.match(refused.body, /already holds its maximum of 5 jobs/);
  const replaced = await h.call('PUT', jobPath('f2', 'free1', 'cs2'), {
    body: httpJob({ recurrence: { frequency: 'hour', interval: 2 } }),
  });
  assert.equal(replaced.statusCode, 200, replaced.body);
  assert.equal((await h.store.getJob(ref('f2', 'free1', 'cs2')))?.version, 2);
  assert.equal(await h.store.countJobs({ subscriptionId: SUB, cloudService: 'cs2', collection: 'free1' }), 5);
});

test('two PUTs of one new id at once: one creates (201), the other replaces it (200), none is refused', async () => {
  for (let round = 0; round < 5; round++) {
    const id = `race${round}`;
    const answers = await Promise.all([1, 2].map(() => h.call('PUT', jobPath(id), { body: httpJob() })));
    assert.deepEqual(
      answers.map((a) => a.statusCode).sort(),
      [200, 201],
      answers.map((a) => a.body).join('\n'),
    );
    assert.equal((await h.store.getJob(ref(id)))?.version, 2);
  }
});
