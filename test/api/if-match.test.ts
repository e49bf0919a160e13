// If-Match lists (RFC 9110 §13.1.1 with the contract's loose member comparison): docs/api.md, "Choices where the contract is silent".
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { cloudServiceXml, collectionXml, csPath, jcPath, startHarness, type Harness } from './harness.js';

let h: Harness;
before(async () => {
  h = await startHarness();
  await h.call('PUT', csPath('cs1'), { body: cloudServiceXml() });
});
after(() => h.close());

async function create(jc: string): Promise<string> {
  const r = await h.call('PUT', jcPath(jc), { body: collectionXml() });
  assert.equal(r.statusCode, 202);
  return String(r.headers['etag']);
}

const put = (jc: string, ifMatch: string) =>
  h.call('PUT', jcPath(jc), { body: collectionXml(), headers: { 'if-match': ifMatch } });

test('a list matches when one member is the current ETag, in any position, quoted or not', async () => {
  for (const form of [
    (e: string) => `"00000000-0000-0000-0000-000000000000", "${e}"`,
    (e: string) => `"${e}", "00000000-0000-0000-0000-000000000000"`,
    (e: string) => `other,${e.toUpperCase()}`,
    (e: string) => `"a,b", W/"${e}"`,
    (e: string) => ` , "${e}" ,`,
  ]) {
    const etag = await create('lst');
    const r = await put('lst', form(etag));
    assert.equal(r.statusCode, 202, `${form(etag)}: ${r.body}`);
    assert.notEqual(r.headers['etag'], etag);
  }
});

test('a list where no member matches is 412, and a quoted comma does not split a tag', async () => {
  const etag = await create('nom');
  for (const v of ['"a", "b"', `"${etag},x"`, `"x,${etag}"`, '', ' , ']) {
    const r = await put('nom', v);
    assert.equal(r.statusCode, 412, `If-Match ${JSON.stringify(v)}`);
    assert.match(r.body, /<Code>PreconditionFailed<\/Code>/);
  }
  assert.equal((await h.call('GET', jcPath('nom'))).headers['etag'], etag);
});

test('* (alone or as a member) matches an existing resource, never a missing one', async () => {
  await create('star');
  assert.equal((await put('star', '*')).statusCode, 202);
  assert.equal((await put('star', '"x", *')).statusCode, 202);
  assert.equal((await put('nostar', '*')).statusCode, 412);
  assert.equal((await put('nostar', '"x", *')).statusCode, 412);
});

test('a weak tag is compared like a strong one (the contract ignores W/)', async () => {
  const etag = await create('weak');
  assert.equal((await put('weak', `W/"${etag}"`)).statusCode, 202);
});

test('collection and cloud service DELETE take lists too', async () => {
  const etag = await create('del');
  const jc = await h.call('DELETE', jcPath('del'), { headers: { 'if-match': `"x", "${etag}"` } });
  assert.equal(jc.statusCode, 202);
  const cs = await h.call('PUT', csPath('cs2'), { body: cloudServiceXml() });
  const csEtag = String(cs.headers['etag']);
  const wrong = await h.call('DELETE', csPath('cs2'), { headers: { 'if-match': '"x", "y"' } });
  assert.equal(wrong.statusCode, 412);
  const ok = await h.call('DELETE', csPath('cs2'), { headers: { 'if-match': `"x", "${csEtag}"` } });
  assert.equal(ok.statusCode, 202);
});

test('a long If-Match is quoted clipped in the 412 message (it is kept in the operation record)', async () => {
  await create('long');
  const r = await put('long', `"${'x'.repeat(5000)}"`);
  assert.equal(r.statusCode, 412);
  assert.ok(r.body.length < 600, `message of ${r.body.length} characters`);
  assert.match(r.body, /If-Match &apos;"x{59}…&apos;|If-Match '"x{59}…'/);
});
