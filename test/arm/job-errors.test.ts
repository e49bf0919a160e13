// ARM job validation messages name the field as ARM clients send it (docs/api.md, ARM surface):
// `properties.` + the classic path, also when the path holds a header or property name with a
// character other than a letter, digit or `_` (`Content-Type`, `my-prop`).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startHarness, type Harness } from '../api/harness.js';
import { arm, body, collectionBody, JC, JOB } from './arm-harness.js';

let h: Harness;
before(async () => {
  h = await startHarness();
  assert.equal((await arm(h, 'PUT', JC('errs'), { body: collectionBody() })).statusCode, 201);
});
after(async () => h.close());

const http = (request: Record<string, unknown>): unknown => ({
  properties: {
    action: { type: 'http', request: { uri: 'http://127.0.0.1:9/x', method: 'post', ...request } },
  },
});
const serviceBus = (customMessageProperties: Record<string, unknown>): unknown => ({
  properties: {
    action: {
      type: 'serviceBusQueue',
      serviceBusQueueMessage: {
        queueName: 'jobs',
        namespace: 'ns',
        authentication: { sasKeyName: 'k', sasKey: 's', type: 'SharedAccessKey' },
        message: 'm',
        customMessageProperties,
      },
    },
  },
});

const cases: [string, unknown, string][] = [
  [
    'a header value of the wrong type',
    http({ headers: { 'X-Num': 5 } }),
    'properties.action.request.headers.X-Num: ',
  ],
  [
    'a header repeated in another casing',
    http({ headers: { 'Content-Type': 'a', 'content-type': 'b' } }),
    'properties.action.request.headers.content-type: ',
  ],
  [
    'a header name that is no HTTP token',
    http({ headers: { 'a b': 'x' } }),
    'properties.action.request.headers.a b: ',
  ],
  [
    'a custom message property of the wrong type',
    serviceBus({ 'my-prop': 5 }),
    'properties.action.serviceBusQueueMessage.customMessageProperties.my-prop: ',
  ],
  [
    'a PFX that cannot be opened (checked after parsing, when the secrets are sealed)',
    http({ authentication: { type: 'ClientCertificate', pfx: 'bm9wZQ==', password: 'x' } }),
    'properties.action.request.authentication.pfx: ',
  ],
  ['a plain field (unchanged behaviour)', http({ body: 7 }), 'properties.action.request.body: '],
];

for (const [what, doc, prefix] of cases) {
  test(`PUT job with ${what}: 400 BadRequest naming '${prefix.slice(0, -2)}'`, async () => {
    const r = await arm(h, 'PUT', JOB('bad', 'errs'), { body: doc as object });
    assert.equal(r.statusCode, 400, r.body);
    assert.equal(body(r).error.code, 'BadRequest');
    assert.ok((body(r).error.message as string).startsWith(prefix), body(r).error.message);
    assert.equal((await arm(h, 'GET', JOB('bad', 'errs'))).statusCode, 404, 'nothing written');
  });
}

test('a recurrence rule message without a field path is kept as it is', async () => {
  const doc = {
    properties: {
      action: { type: 'http', request: { uri: 'http://127.0.0.1:9/x', method: 'get' } },
      recurrence: { frequency: 'Minute', schedule: { weekDays: ['Monday'] } },
    },
  };
  const r = await arm(h, 'PUT', JOB('bad', 'errs'), { body: doc });
  assert.equal(body(r).error.message, "Cannot set days of week with recurrence unit 'Minute'.");
});

test('PATCH with a PFX that cannot be opened: the message names properties.action…pfx too', async () => {
  const created = await arm(h, 'PUT', JOB('patched', 'errs'), { body: http({}) as object });
  assert.equal(created.statusCode, 201, created.body);
  const doc = {
    properties: {
      action: { request: { authentication: { type: 'ClientCertificate', pfx: 'bm9wZQ==', password: 'x' } } },
    },
  };
  const r = await arm(h, 'PATCH', JOB('patched', 'errs'), { body: doc });
  assert.equal(r.statusCode, 400, r.body);
  assert.ok(
    (body(r).error.message as string).startsWith('properties.action.request.authentication.pfx: '),
    r.body,
  );
});
