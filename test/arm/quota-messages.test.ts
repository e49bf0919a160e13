// A quota more permissive than the plan is 409 Conflict on both APIs (docs/api.md, ARM surface);
// on ARM the message names the field as the client sent it (properties.quota.maxJobCount), not
// the classic XML element (Quota.MaxJobCount). Nothing is written.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startHarness, type Harness } from '../api/harness.js';
import { arm, body, collectionBody, JC } from './arm-harness.js';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => h.close());

for (const [field, quota] of [
  ['maxJobCount', { maxJobCount: 100 }],
  ['maxRecurrence', { maxRecurrence: { frequency: 'Minute', interval: 1 } }],
] as const) {
  test(`PUT and PATCH of a Free collection with a ${field} beyond the plan: 409 naming properties.quota.${field}`, async () => {
    const name = `free-${field}`;
    const put = await arm(h, 'PUT', JC(name), { body: collectionBody({ sku: { name: 'Free' }, quota }) });
    assert.equal(put.statusCode, 409, put.body);
    assert.equal(body(put).error.code, 'Conflict');
    assert.ok((body(put).error.message as string).startsWith(`properties.quota.${field}: `), put.body);
    assert.equal((await arm(h, 'GET', JC(name))).statusCode, 404, 'nothing written');
    assert.equal(
      (await arm(h, 'PUT', JC(name), { body: collectionBody({ sku: { name: 'Free' } }) })).statusCode,
      201,
    );
    const patch = await arm(h, 'PATCH', JC(name), { body: { properties: { quota } } });
    assert.equal(patch.statusCode, 409, patch.body);
    assert.ok((body(patch).error.message as string).startsWith(`properties.quota.${field}: `), patch.body);
    assert.equal(body(await arm(h, 'GET', JC(name))).properties.quota, undefined, 'quota unchanged');
    assert.equal((await arm(h, 'DELETE', JC(name))).statusCode, 200);
  });
}
