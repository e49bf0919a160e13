// The collection state table of docs/api.md (ARM surface, collection state) walked from every
// starting state, not only from Enabled as V8/V9 in vectors.test.ts do: a transition that the table
// says changes no job must leave every job's state as it was.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startHarness, type Harness } from '../api/harness.js';
import { arm, body, collectionBody, httpJobBody, JC, JOB, type Json } from './arm-harness.js';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => h.close());

async function collectionWithJobs(jc: string): Promise<void> {
  assert.equal((await arm(h, 'PUT', JC(jc), { body: collectionBody() })).statusCode, 201);
  for (const j of ['a', 'b']) {
    const r = await arm(h, 'PUT', JOB(j, jc), {
      body: httpJobBody('http://127.0.0.1:9/x', { recurrence: { frequency: 'hour', interval: 1 } }),
    });
    assert.equal(r.statusCode, 201, r.body);
  }
}

async function states(jc: string): Promise<{ collection: string; jobs: string[] }> {
  const collection = body(await arm(h, 'GET', JC(jc))).properties.state as string;
  const jobs = (body(await arm(h, 'GET', `${JC(jc)}/jobs`)).value as Json[]).map((j) => j.properties.state);
  return { collection, jobs };
}

for (const method of ['PUT', 'PATCH'] as const) {
  test(`${method} Suspended on a Disabled collection keeps its jobs disabled; Enabled afterwards keeps them too`, async () => {
    const jc = `from-disabled-${method.toLowerCase()}`;
    await collectionWithJobs(jc);
    assert.equal((await arm(h, 'POST', `${JC(jc)}/disable`)).statusCode, 200);
    assert.deepEqual(await states(jc), { collection: 'Disabled', jobs: ['Disabled', 'Disabled'] });
    const doc = (state: string): Json =>
      method === 'PUT' ? collectionBody({ state }) : { properties: { state } };
    const s = await arm(h, method, JC(jc), { body: doc('Suspended') });
    assert.equal(s.statusCode, 200, s.body);
    assert.deepEqual(await states(jc), { collection: 'Suspended', jobs: ['Disabled', 'Disabled'] });
    const e = await arm(h, method, JC(jc), { body: doc('Enabled') });
    assert.equal(e.statusCode, 200, e.body);
    assert.deepEqual(await states(jc), { collection: 'Enabled', jobs: ['Disabled', 'Disabled'] });
  });
}
