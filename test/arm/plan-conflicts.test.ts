// A job the collection's plan or quota does not allow is 409 Conflict (docs/api.md, ARM surface).
// The message names the field the way the client sent it: `properties.` + the path, and for
// authentication the action that has it (the error action's, not always the main one's).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { jobPath, startHarness, type Harness } from '../api/harness.js';
import { arm, body, collectionBody, JC, JOB } from './arm-harness.js';

let h: Harness;
before(async () => {
  h = await startHarness();
  const free = await arm(h, 'PUT', JC('free', 'rg1'), { body: collectionBody({ sku: { name: 'Free' } }) });
  assert.equal(free.statusCode, 201, free.body);
});
after(async () => h.close());

const basic = { type: 'Basic', username: 'u', password: 'p' };
const request = (extra: Record<string, unknown> = {}) => ({
  uri: 'http://127.0.0.1:9/x',
  method: 'get',
  ...extra,
});

for (const [what, properties, prefix] of [
  [
    'authentication on the main action',
    { action: { type: 'http', request: request({ authentication: basic }) } },
    'properties.action.request.authentication: ',
  ],
  [
    'authentication on the error action only',
    {
      action: {
        type: 'http',
        request: request(),
        errorAction: { type: 'http', request: request({ authentication: basic }) },
      },
    },
    'properties.action.errorAction.request.authentication: ',
  ],
  [
    'a recurrence more frequent than the plan',
    { action: { type: 'http', request: request() }, recurrence: { frequency: 'Minute', interval: 1 } },
    'properties.recurrence: ',
  ],
] as const) {
  test(`PUT into a Free collection with ${what}: 409 Conflict naming '${prefix.slice(0, -2)}'`, async () => {
    const r = await arm(h, 'PUT', JOB('j', 'free'), { body: { properties } });
    assert.equal(r.statusCode, 409, r.body);
    assert.equal(body(r).error.code, 'Conflict');
    assert.ok((body(r).error.message as string).startsWith(prefix), r.body);
    assert.equal((await arm(h, 'GET', JOB('j', 'free'))).statusCode, 404, 'nothing written');
  });
}

test('classic: the same error-action case names action.errorAction.request.authentication', async () => {
  const path = jobPath('j', 'free', 'rg1');
  const r = await h.call('PUT', path, {
    body: {
      action: {
        type: 'http',
        request: request(),
        errorAction: { type: 'http', request: request({ authentication: basic }) },
      },
    },
  });
  assert.equal(r.statusCode, 409, r.body);
  assert.match(r.body, /<Message>action\.errorAction\.request\.authentication: outbound authentication/);
});
