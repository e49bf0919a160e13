// ARM routes take no If-Match (docs/api.md, ARM surface): a collection PUT or PATCH is last-writer-
// wins. When another request writes the collection between this one's read and its write, the
// request runs again from its read instead of failing with a 412 PreconditionFailed the client never
// asked for. The race is made deterministic by a store whose next collection update is preceded by
// a competing write.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Store } from '../../src/ports/store.js';
import { openSqliteStore } from '../../src/store/open-store.js';
import { SUB, startHarness, type Harness } from '../api/harness.js';
import { arm, body, collectionBody, JC } from './arm-harness.js';

let h: Harness;
/** Set to make the next updateJobCollection meet a concurrent write that sets this quota first. */
let competingQuota: number | undefined;

async function racingStore(): Promise<Store> {
  const real = await openSqliteStore({ path: ':memory:' });
  return new Proxy(real, {
    get(target, prop, receiver) {
      if (prop !== 'updateJobCollection') {
        const v: unknown = Reflect.get(target, prop, receiver);
        return typeof v === 'function' ? v.bind(target) : v;
      }
      const update: Store['updateJobCollection'] = async (collection, options) => {
        if (competingQuota !== undefined) {
          const maxJobCount = competingQuota;
          competingQuota = undefined;
          const current = await target.getJobCollection({
            subscriptionId: collection.subscriptionId,
            cloudService: collection.cloudService,
            collection: collection.name,
          });
          assert.ok(current);
          await target.updateJobCollection(
            { ...current, quota: { maxJobCount }, etag: 'competing-etag' },
            { expectedEtag: current.etag },
          );
        }
        return target.updateJobCollection(collection, options);
      };
      return update;
    },
  });
}

before(async () => {
  h = await startHarness({ openStore: racingStore });
});
after(async () => h.close());

test('PUT of a collection written concurrently by another request: 200 with this request applied, no 412', async () => {
  assert.equal((await arm(h, 'PUT', JC('raced-put'), { body: collectionBody() })).statusCode, 201);
  competingQuota = 7;
  const r = await arm(h, 'PUT', JC('raced-put'), { body: collectionBody({ quota: { maxJobCount: 3 } }) });
  assert.equal(r.statusCode, 200, r.body);
  assert.deepEqual(body(r).properties.quota, { maxJobCount: 3 });
  const stored = await h.store.getJobCollection({
    subscriptionId: SUB,
    cloudService: 'rg1',
    collection: 'raced-put',
  });
  assert.deepEqual(stored?.quota, { maxJobCount: 3 });
});

test('PATCH of a collection written concurrently: 200, merged onto what the other request wrote', async () => {
  assert.equal((await arm(h, 'PUT', JC('raced-patch'), { body: collectionBody() })).statusCode, 201);
  competingQuota = 7;
  const r = await arm(h, 'PATCH', JC('raced-patch'), { body: { tags: { team: 'ops' } } });
  assert.equal(r.statusCode, 200, r.body);
  assert.deepEqual(body(r).tags, { team: 'ops' });
  assert.deepEqual(body(r).properties.quota, { maxJobCount: 7 }, 'the quota the other request set is kept');
});
