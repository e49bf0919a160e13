// P5 (HEAD of a resource group) answers 204 No Content. RFC 9110 §8.6: a server must not send
// Content-Length in a 204; the other empty answers (A6–A8, A12, A13, P7: 200) keep
// `Content-Length: 0` (docs/api.md, ARM surface).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startHarness, type Harness } from '../api/harness.js';
import { arm, collectionBody, GROUP, JC } from './arm-harness.js';

let h: Harness;
before(async () => {
  h = await startHarness();
  assert.equal((await arm(h, 'PUT', JC('jc', 'rg-head'), { body: collectionBody() })).statusCode, 201);
});
after(async () => h.close());

test('HEAD of an existing group: 204 without Content-Length and without a body', async () => {
  const r = await arm(h, 'HEAD', GROUP('rg-head'), { version: '2021-04-01' });
  assert.equal(r.statusCode, 204);
  assert.equal(r.headers['content-length'], undefined);
  assert.equal(r.body, '');
});

test('POST …/enable: 200 with Content-Length: 0 as before', async () => {
  const r = await arm(h, 'POST', `${JC('jc', 'rg-head')}/enable`);
  assert.equal(r.statusCode, 200);
  assert.equal(r.headers['content-length'], '0');
});
