// A collection's ARM state (docs/api.md, collection state) and its jobs' states are one fact: after
// POST …/disable the collection reads Disabled and its jobs disabled, after …/enable Enabled and
// enabled. Two of these racing must leave the two agreeing, whichever wins. Before 2026-12-07 the
// jobs and the collection's state were written in two transactions, so an enable that ran between
// a disable's two writes left the collection Disabled over enabled jobs (seen with two concurrent
// curl requests against `takt serve`). The race is made deterministic by a store that runs a
// complete enable request just before the disable's first write of the collection's state.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Store } from '../../src/ports/store.js';
import { openSqliteStore } from '../../src/store/open-store.js';
import { startHarness, type Harness } from '../api/harness.js';
import { arm, body, collectionBody, httpJobBody, JC, JOB, type Json } from './arm-harness.js';

let h: Harness;
/** Set to run this request in full before the next store write of a collection's state. */
let competing: (() => Promise<void>) | undefined;

async function beforeStateWrite(): Promise<void> {
  const run = competing;
  competing = undefined;
  if (run) await run();
}

async function racingStore(): Promise<Store> {
  const real = await openSqliteStore({ path: ':memory:' });
  return new Proxy(real, {
    get(target, prop, receiver) {
      const v: unknown = Reflect.get(target, prop, receiver);
      if (typeof v !== 'function') return v;
      const fn = (v as (...a: unknown[]) => unknown).bind(target);
      // Old code: the state is written by updateJobCollection after the jobs; new code: updateJobs
      // with the collection, together with them. Either way the competing request runs first.
      if (prop === 'updateJobCollection') {
        return async (...args: unknown[]) => (await beforeStateWrite(), fn(...args));
      }
      if (prop === 'updateJobs') {
        return async (...args: unknown[]) => {
          if (args[2] !== undefined) await beforeStateWrite();
          return fn(...args);
        };
      }
      return fn;
    },
  });
}

before(async () => {
  h = await startHarness({ openStore: racingStore });
});
after(async () => h.close());

async function states(jc: string): Promise<{ collection: string; jobs: string[] }> {
  const collection = body(await arm(h, 'GET', JC(jc))).properties.state as string;
  const jobs = (body(await arm(h, 'GET', `${JC(jc)}/jobs`)).value as Json[]).map((j) => j.properties.state);
  return { collection, jobs };
}

test('an enable racing a disable: the collection state agrees with its jobs afterwards', async () => {
  const jc = 'raced-state';
  assert.equal((await arm(h, 'PUT', JC(jc), { body: collectionBody() })).statusCode, 201);
  for (const j of ['a', 'b']) {
    const r = await arm(h, 'PUT', JOB(j, jc), {
      body: httpJobBody('http://127.0.0.1:9/x', { recurrence: { frequency: 'hour', interval: 1 } }),
    });
    assert.equal(r.statusCode, 201, r.body);
  }
  let enable = 0;
  competing = async () => {
    enable = (await arm(h, 'POST', `${JC(jc)}/enable`)).statusCode;
  };
  const d = await arm(h, 'POST', `${JC(jc)}/disable`);
  assert.equal(d.statusCode, 200, d.body);
  assert.equal(enable, 200, 'the competing enable ran');
  // The disable answered last, so it is the one that holds; in any case both facts must agree.
  assert.deepEqual(await states(jc), { collection: 'Disabled', jobs: ['Disabled', 'Disabled'] });
});

test('a disable racing an enable: the collection state agrees with its jobs afterwards', async () => {
  const jc = 'raced-state-2';
  assert.equal((await arm(h, 'PUT', JC(jc), { body: collectionBody() })).statusCode, 201);
  const r = await arm(h, 'PUT', JOB('a', jc), {
    body: httpJobBody('http://127.0.0.1:9/x', { recurrence: { frequency: 'hour', interval: 1 } }),
  });
  assert.equal(r.statusCode, 201, r.body);
  assert.equal((await arm(h, 'POST', `${JC(jc)}/disable`)).statusCode, 200);
  let disable = 0;
  competing = async () => {
    disable = (await arm(h, 'POST', `${JC(jc)}/disable`)).statusCode;
  };
  // A PATCH of the state (the same use case) racing a disable.
  const e = await arm(h, 'PATCH', JC(jc), { body: { properties: { state: 'Enabled' } } });
  assert.equal(e.statusCode, 200, e.body);
  assert.equal(disable, 200, 'the competing disable ran');
  assert.deepEqual(await states(jc), { collection: 'Enabled', jobs: ['Enabled'] });
});
