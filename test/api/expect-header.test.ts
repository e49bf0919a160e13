// An `Expect` header other than 100-continue (docs/api.md, "Choices where the contract is silent"): Node answers such a request
// itself with a bare 417 — no x-ms-request-id, no Server or Cache-Control, no error body, before
// authentication. RFC 9110 §10.1.1 lets a server ignore an expectation it does not know (417 is a
// MAY), so Takt reads the request as if the header were absent: it gets the answer it would get
// without it, in its surface's form, with the common headers.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { JC, V, collectionBody } from '../arm/arm-harness.js';
import { TOKEN, VERSION_HEADER, cloudServiceXml, csPath, startHarness, type Harness } from './harness.js';

let h: Harness;
let port: number;
before(async () => {
  h = await startHarness();
  await h.app.listen({ host: '127.0.0.1', port: 0 });
  port = (h.app.server.address() as AddressInfo).port;
});
after(async () => h.close());

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(method: string, path: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const auth = { authorization: `Bearer ${TOKEN}` };

test('classic: Expect: foo is ignored — the request is answered as without it', async () => {
  const r = await send(
    'PUT',
    csPath('exp'),
    { ...auth, ...VERSION_HEADER, expect: 'foo' },
    cloudServiceXml(),
  );
  assert.equal(r.status, 202, r.body);
  assert.match(String(r.headers['x-ms-request-id']), /^[0-9a-f]{32}$/);
  assert.equal(r.headers['cache-control'], 'no-cache');
  const anonymous = await send('GET', csPath('exp'), { ...VERSION_HEADER, expect: 'foo' });
  assert.equal(anonymous.status, 403);
  assert.match(anonymous.body, /<Code>AuthenticationFailed<\/Code>/);
});

test('ARM: Expect: foo is ignored — the request is answered as without it', async () => {
  const r = await send(
    'PUT',
    `${JC('exp')}?api-version=${V}`,
    { ...auth, 'content-type': 'application/json', expect: 'foo' },
    JSON.stringify(collectionBody()),
  );
  assert.equal(r.status, 201, r.body);
  assert.match(String(r.headers['x-ms-request-id']), /^[0-9a-f]{32}$/);
  const anonymous = await send('GET', `${JC('exp')}?api-version=${V}`, { expect: 'foo' });
  assert.equal(anonymous.status, 401);
  assert.equal(
    (JSON.parse(anonymous.body) as { error: { code: string } }).error.code,
    'AuthenticationFailed',
  );
});
