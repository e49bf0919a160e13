// A path segment far longer than any valid name (names are at most 100 characters) in a 404: the
// message quotes the name cut after 100 characters (docs/api.md, "Choices where the contract is
// silent"). Before, the whole segment — up to the 16 KiB header limit — was answered and, for a
// DELETE, PUT or POST, kept in the operation record.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { GROUP, JC, JOB, V, collectionBody } from '../arm/arm-harness.js';
import { SUB, csPath, jcPath, jobPath, seedCollection, startHarness, type Harness } from './harness.js';

let h: Harness;
before(async () => {
  h = await startHarness();
  await seedCollection(h);
  const jc = await h.call('PUT', `${JC('jc')}?api-version=${V}`, {
    body: collectionBody(),
    headers: { 'x-ms-version': undefined },
  });
  assert.equal(jc.statusCode, 201, jc.body);
});
after(async () => h.close());

const LONG = 'n'.repeat(8000);
const cut = `'${'n'.repeat(100)}…'`;

test('classic 404s quote a long name cut after 100 characters, in the answer and the operation record', async () => {
  for (const [method, path] of [
    ['GET', jobPath(LONG)],
    ['DELETE', jobPath(LONG)],
    ['GET', jcPath(LONG)],
    ['DELETE', jcPath(LONG)],
    ['GET', csPath(LONG)],
    ['DELETE', csPath(LONG)],
    ['GET', `/${SUB}/operations/${LONG}`],
  ] as const) {
    const r = await h.call(method, path);
    assert.equal(r.statusCode, 404, `${method} ${path.slice(0, 80)}`);
    assert.ok(r.body.length < 500, `${method} ${path.slice(0, 80)}: ${r.body.length} characters`);
    assert.ok(r.body.includes(cut), r.body);
    if (method === 'DELETE') {
      const op = await h.call('GET', `/${SUB}/operations/${String(r.headers['x-ms-request-id'])}`);
      assert.equal(op.statusCode, 200);
      assert.ok(op.body.length < 800, `operation record of ${op.body.length} characters`);
    }
  }
});

test('ARM 404s quote a long name cut after 100 characters', async () => {
  for (const path of [JOB(LONG, 'jc'), JC(LONG), GROUP(LONG), `${JC(LONG, LONG)}`]) {
    const r = await h.call('GET', `${path}?api-version=${V}`, { headers: { 'x-ms-version': undefined } });
    assert.equal(r.statusCode, 404, path.slice(0, 100));
    assert.ok(r.body.length < 500, `${path.slice(0, 100)}: ${r.body.length} characters`);
    assert.ok(r.body.includes(cut), r.body);
  }
});

test('a name of 100 characters or fewer is quoted whole', async () => {
  const name = 'm'.repeat(100);
  const r = await h.call('GET', jobPath(name));
  assert.equal(r.statusCode, 404);
  assert.ok(r.body.includes(`'${name}'`), r.body);
});
