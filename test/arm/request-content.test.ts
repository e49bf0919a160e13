// A body that is not valid UTF-8 is not JSON: on the ARM surface it is `400 InvalidRequestContent`
// like any other unreadable body (docs/api.md, ARM errors), with the classic surface's message
// naming the byte; nothing is written. (The classic surface keeps `BadRequest`, test/api/utf8-body.test.ts.)
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TOKEN, startHarness, type Harness } from '../api/harness.js';
import { arm, body, collectionBody, JC, JOB, V } from './arm-harness.js';

let h: Harness;
before(async () => {
  h = await startHarness();
  assert.equal((await arm(h, 'PUT', JC('enc'), { body: collectionBody() })).statusCode, 201);
});
after(async () => h.close());

const latin1 = (json: string): Buffer => Buffer.from(json, 'latin1');

for (const [what, path, payload] of [
  ['collection PUT', JC('enc2'), latin1('{"location":"westeurope","tags":{"caf\u00e9":"x"}}')],
  [
    'job PUT',
    JOB('j', 'enc'),
    latin1(
      '{"properties":{"action":{"type":"http","request":{"uri":"http://127.0.0.1:9/\u00e9","method":"get"}}}}',
    ),
  ],
] as const) {
  test(`${what} with a body that is not UTF-8: 400 InvalidRequestContent, nothing written`, async () => {
    const r = await h.app.inject({
      method: 'PUT',
      url: `${path}?api-version=${V}`,
      payload,
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    });
    assert.equal(r.statusCode, 400, r.body);
    assert.equal(body(r).error.code, 'InvalidRequestContent');
    assert.match(body(r).error.message, /not valid UTF-8.*byte offset \d+ \(0xE9\)/);
    assert.equal((await arm(h, 'GET', path)).statusCode, 404);
  });
}
