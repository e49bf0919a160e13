// PUT of a job collection (docs/reference/classic-operations.md §5.3, §10) while another request
// writes the same collection between this one's read and its write. Without If-Match the PUT is
// unconditional, so it is applied on top of the other write (202), never answered 412 or 409;
// with If-Match, the other write means the precondition no longer holds (412).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { JobCollection } from '../../src/domain/collection.js';
import type { Store } from '../../src/ports/store.js';
import { forEachBackend } from '../store-contract/backends.js';
import {
  SUB,
  cloudServiceXml,
  collectionXml,
  csPath,
  jcPath,
  startHarness,
  type Harness,
} from './harness.js';

forEachBackend((_name, open) => {
  let h: Harness;
  /** The write another request makes just before this request's own, once. */
  let interfere: ((store: Store) => Promise<void>) | undefined;

  /** The store, with `interfere` run before the next collection create or update. */
  function racing(store: Store): Store {
    return new Proxy(store, {
      get(target, prop) {
        const value: unknown = Reflect.get(target, prop);
        if (typeof value !== 'function') return value;
        if (prop !== 'createJobCollection' && prop !== 'updateJobCollection') return value.bind(target);
        return async (...args: unknown[]) => {
          const other = interfere;
          interfere = undefined;
          if (other) await other(target);
          return (value as (...a: unknown[]) => Promise<void>).apply(target, args);
        };
      },
    });
  }

  const ref = (jc: string) => ({ subscriptionId: SUB, cloudService: 'cs1', collection: jc });
  const planOf = async (jc: string): Promise<string | undefined> =>
    /<IntrinsicSettings><Plan>(\w+)<\/Plan>/.exec((await h.call('GET', jcPath(jc))).body)?.[1];
  /** Another request's update: a new ETag and label on the stored collection. */
  const otherUpdate = (jc: string) => async (store: Store) => {
    const current = (await store.getJobCollection(ref(jc))) as JobCollection;
    await store.updateJobCollection(
      {
        ...current,
        label: 'b3RoZXI=',
        etag: '0000aaaa-0000-4000-8000-000000000001',
        lastOperation: 'Update',
      },
      { expectedEtag: current.etag },
    );
  };

  before(async () => {
    h = await startHarness({ openStore: async () => racing(await open()) });
    assert.equal((await h.call('PUT', csPath('cs1'), { body: cloudServiceXml() })).statusCode, 202);
  });
  after(async () => h.close());

  test('update without If-Match while another request updates: 202, this body applied on top', async () => {
    assert.equal((await h.call('PUT', jcPath('u1'), { body: collectionXml('Standard') })).statusCode, 202);
    interfere = otherUpdate('u1');
    const r = await h.call('PUT', jcPath('u1'), { body: collectionXml('Premium') });
    assert.equal(r.statusCode, 202, r.body);
    assert.equal(interfere, undefined, 'the other write ran');
    const g = await h.call('GET', jcPath('u1'));
    assert.equal(g.headers['etag'], r.headers['etag']);
    assert.equal(await planOf('u1'), 'Premium');
    assert.match(g.body, /<Label>b3RoZXI=<\/Label>/, "the other request's label is kept");
  });

  test('update with If-Match while another request updates: 412, nothing of this body written', async () => {
    const first = await h.call('PUT', jcPath('u2'), { body: collectionXml('Standard') });
    interfere = otherUpdate('u2');
    const r = await h.call('PUT', jcPath('u2'), {
      body: collectionXml('Premium'),
      headers: { 'if-match': String(first.headers['etag']) },
    });
    assert.equal(r.statusCode, 412, r.body);
    assert.equal(await planOf('u2'), 'Standard');
  });

  test('create while another request creates the same collection: 202, this body applied as an update', async () => {
    interfere = async (store) => {
      await store.createJobCollection({
        subscriptionId: SUB,
        cloudService: 'cs1',
        name: 'c1',
        plan: 'Standard',
        quota: {},
        schemaVersion: '1.1',
        etag: '0000aaaa-0000-4000-8000-000000000002',
        lastOperation: 'Create',
        suspended: false,
        createdAt: h.clock.now(),
        updatedAt: h.clock.now(),
      });
    };
    const r = await h.call('PUT', jcPath('c1'), { body: collectionXml('Premium') });
    assert.equal(r.statusCode, 202, r.body);
    assert.equal(interfere, undefined, 'the other write ran');
    assert.equal(await planOf('c1'), 'Premium');
    assert.equal((await h.call('GET', jcPath('c1'))).headers['etag'], r.headers['etag']);
  });
});
