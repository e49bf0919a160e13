// A path segment that cannot be percent-decoded (`%ZZ`) matches no route (docs/api.md, ARM paths):
// the request is authenticated first and then answered 404 in the ARM error form, with the client's
// request id echoed, like any other path without a route. Fastify's router refuses such a URL before
// any hook, so this takes its own path into the pipeline (src/api/build-api.ts, throughPipeline).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startHarness, type Harness } from '../api/harness.js';
import { arm, errorCode, JC, JOB } from './arm-harness.js';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => h.close());

test('an undecodable segment: 404 in the ARM form after authentication, the request id echoed', async () => {
  for (const [method, path] of [
    ['GET', `${JC('a%ZZ')}`],
    ['PUT', `${JC('a%ZZ')}`],
    ['GET', `${JOB('j%E0%A4%A')}`],
  ] as const) {
    const r = await arm(h, method, path, {
      headers: { 'x-ms-client-request-id': 'abc' },
      ...(method === 'PUT'
        ? { body: { location: 'westeurope', properties: { sku: { name: 'Standard' } } } }
        : {}),
    });
    assert.equal(r.statusCode, 404, `${method} ${path}: ${r.body}`);
    assert.equal(r.headers['content-type'], 'application/json; charset=utf-8');
    assert.equal(errorCode(r), 'NotFound', r.body);
    assert.equal(r.headers['x-ms-client-request-id'], 'abc');
    assert.match(String(r.headers['x-ms-request-id']), /^[0-9a-f]{32}$/);
  }
  // Without a credential the answer is the 401 any request without one gets, not a 400.
  const anonymous = await arm(h, 'GET', JC('a%ZZ'), { token: null });
  assert.equal(anonymous.statusCode, 401, anonymous.body);
  assert.equal(errorCode(anonymous), 'AuthenticationFailed');
});
