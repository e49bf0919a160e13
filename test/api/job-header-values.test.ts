// A job's HTTP header values travel as bytes, one per character (obs-text reaches U+00FF): a value
// with a character above U+00FF can never be sent, so every execution failed with "invalid X-A
// header" after the job was accepted with 201. It is refused when the job is written, naming the
// header and the character (docs/reference/scheduling-rules.md §7).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { JC, JOB, V, collectionBody } from '../arm/arm-harness.js';
import { errorCode, httpJob, jobPath, seedCollection, startHarness, type Harness } from './harness.js';

let h: Harness;
before(async () => {
  h = await startHarness();
  await seedCollection(h);
  const jc = await h.call('PUT', `${JC('hv')}?api-version=${V}`, {
    body: collectionBody(),
    headers: { 'x-ms-version': undefined },
  });
  assert.equal(jc.statusCode, 201, jc.body);
});
after(async () => h.close());

const withHeaders = (headers: Record<string, string>) =>
  httpJob({
    action: { type: 'http', request: { uri: 'http://127.0.0.1:9/x', method: 'GET', headers } },
  });

test('a header value with a character above U+00FF is a 400 naming the header and the character', async () => {
  for (const [value, shown] of [
    ['caf\u00e9 \u2713', 'U+2713'],
    ['\u{1F600}', 'U+1F600'],
    ['\u0100', 'U+0100'],
  ] as const) {
    const r = await h.call('PUT', jobPath('hv'), { body: withHeaders({ 'X-A': value }) });
    assert.equal(r.statusCode, 400, r.body);
    assert.equal(errorCode(r.body), 'BadRequest');
    assert.match(r.body, new RegExp(`action\\.request\\.headers\\.X-A: .*${shown.replace('+', '\\+')}`));
  }
  const arm = await h.call('PUT', `${JOB('hv', 'hv')}?api-version=${V}`, {
    body: { properties: withHeaders({ 'X-A': '\u2713' }) as { action: unknown } },
    headers: { 'x-ms-version': undefined },
  });
  assert.equal(arm.statusCode, 400, arm.body);
  assert.match(arm.body, /properties\.action\.request\.headers\.X-A: .*U\+2713/);
});

test('Latin-1 text (é, ÿ, NBSP) is accepted and kept', async () => {
  const r = await h.call('PUT', jobPath('hv-ok'), { body: withHeaders({ 'X-A': 'caf\u00e9 \u00ff\u00a0' }) });
  assert.equal(r.statusCode, 201, r.body);
  assert.match(r.body, /"X-A":"café ÿ\u00a0"/);
});
