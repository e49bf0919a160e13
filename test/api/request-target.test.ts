// Request lines Node's HTTP layer used to answer itself, or that Takt misread (docs/api.md,
// "Choices where the contract is silent"):
// - an HTTP/1.1 request without Host is a 400 (RFC 9112 §3.2), but Node wrote it bare — no
//   x-ms-request-id, no common headers, no error body; now it is Takt's 400 in the surface's form;
// - a request target in absolute form (`GET https://host/path`, which RFC 9112 §3.2.2 says a server
//   MUST accept) was routed as a path beginning `https:`: a classic 403 even on an ARM path.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { JC, V, collectionBody } from '../arm/arm-harness.js';
import { SUB, TOKEN, cloudServiceXml, csPath, startHarness, type Harness } from './harness.js';

let h: Harness;
let port: number;
before(async () => {
  h = await startHarness();
  await h.app.listen({ host: '127.0.0.1', port: 0 });
  port = (h.app.server.address() as AddressInfo).port;
  assert.equal((await h.call('PUT', csPath('cs1'), { body: cloudServiceXml() })).statusCode, 202);
  const jc = await h.call('PUT', `${JC('t')}?api-version=${V}`, {
    body: collectionBody(),
    headers: { 'x-ms-version': undefined, 'content-type': 'application/json' },
  });
  assert.equal(jc.statusCode, 201, jc.body);
});
after(async () => h.close());

/** One request on a fresh connection; resolves with the answer's head and body. */
function raw(text: string): Promise<{ head: string; body: string }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(port, '127.0.0.1', () => socket.write(text.replace(/\n/g, '\r\n')));
    socket.on('data', (c: Buffer) => {
      chunks.push(c);
      const all = Buffer.concat(chunks).toString('utf8');
      const at = all.indexOf('\r\n\r\n');
      const length = /\r\ncontent-length: (\d+)/i.exec(all)?.[1];
      if (at > 0 && length !== undefined && all.length >= at + 4 + Number(length)) socket.end();
    });
    socket.on('error', reject);
    socket.on('close', () => {
      const all = Buffer.concat(chunks).toString('utf8');
      const at = all.indexOf('\r\n\r\n');
      resolve({ head: all.slice(0, at), body: all.slice(at + 4) });
    });
  });
}

const armPath = `${JC('t')}?api-version=${V}`;
const classicPath = `${csPath('cs1')}`;

test('HTTP/1.1 without Host: 400 in the surface form, with the common headers', async () => {
  const classic = await raw(
    `GET ${classicPath} HTTP/1.1\nAuthorization: Bearer ${TOKEN}\nx-ms-version: 2013-03-01\n\n`,
  );
  assert.match(classic.head, /^HTTP\/1\.1 400 /);
  assert.match(classic.head, /\r\nx-ms-request-id: [0-9a-f]{32}\r\n/i);
  assert.match(classic.body, /<Code>BadRequest<\/Code><Message>Host: /);
  const arm = await raw(`GET ${armPath} HTTP/1.1\nAuthorization: Bearer ${TOKEN}\n\n`);
  assert.match(arm.head, /^HTTP\/1\.1 400 /);
  assert.match(arm.head, /\r\nx-ms-request-id: [0-9a-f]{32}\r\n/i);
  const doc = JSON.parse(arm.body) as { error: { code: string; message: string } };
  assert.equal(doc.error.code, 'BadRequest');
  assert.match(doc.error.message, /^Host: /);
});

test('HTTP/1.0 without Host is answered as usual (Host is optional there)', async () => {
  const r = await raw(`GET ${armPath} HTTP/1.0\nAuthorization: Bearer ${TOKEN}\n\n`);
  assert.match(r.head, /^HTTP\/1\.1 200 /);
});

test('an absolute-form request target is the path it names', async () => {
  const arm = await raw(
    `GET http://takt.example:8443${armPath} HTTP/1.1\nHost: takt.example:8443\nAuthorization: Bearer ${TOKEN}\n\n`,
  );
  assert.match(arm.head, /^HTTP\/1\.1 200 /, arm.head + arm.body);
  assert.equal((JSON.parse(arm.body) as { name: string }).name, 't');
  const classic = await raw(
    `GET HTTPS://takt.example${classicPath} HTTP/1.1\nHost: takt.example\nAuthorization: Bearer ${TOKEN}\nx-ms-version: 2013-03-01\n\n`,
  );
  assert.match(classic.head, /^HTTP\/1\.1 200 /, classic.head + classic.body);
  assert.match(classic.body, /<Name>cs1<\/Name>/);
  const root = await raw(
    `GET http://takt.example HTTP/1.1\nHost: takt.example\nAuthorization: Bearer ${TOKEN}\nx-ms-version: 2013-03-01\n\n`,
  );
  assert.match(
    root.head,
    /^HTTP\/1\.1 403 /,
    'the path / has no subscription: authentication fails as for GET /',
  );
  assert.ok(SUB);
});

test('two Host lines: 400 in the surface form (RFC 9112 §3.2), not the first one silently taken', async () => {
  const arm = await raw(`GET ${armPath} HTTP/1.1\nHost: a\nHost: b\nAuthorization: Bearer ${TOKEN}\n\n`);
  assert.match(arm.head, /^HTTP\/1\.1 400 /, arm.head);
  assert.match((JSON.parse(arm.body) as { error: { message: string } }).error.message, /^Host: /);
  const classic = await raw(
    `GET ${classicPath} HTTP/1.1\nhost: a\nHOST: a\nAuthorization: Bearer ${TOKEN}\nx-ms-version: 2013-03-01\n\n`,
  );
  assert.match(classic.head, /^HTTP\/1\.1 400 /, classic.head);
  assert.match(classic.body, /<Code>BadRequest<\/Code><Message>Host: /);
});

test('x-ms-version sent on two lines: the same value is that version, different values a 400', async () => {
  const head = `GET ${classicPath} HTTP/1.1\nHost: t\nAuthorization: Bearer ${TOKEN}\n`;
  const same = await raw(`${head}x-ms-version: 2013-03-01\nx-ms-version: 2013-03-01\n\n`);
  assert.match(same.head, /^HTTP\/1\.1 200 /, same.head + same.body);
  const different = await raw(`${head}x-ms-version: 2013-03-01\nx-ms-version: 2014-10-01\n\n`);
  assert.match(different.head, /^HTTP\/1\.1 400 /);
  assert.match(different.body, /<Code>MissingOrIncorrectVersionHeader<\/Code>/);
});
