// Requests Node's HTTP parser cannot read (an unknown method, headers over the size limit) never
// reach routing; their answer is written on the raw socket (src/api/client-error-answer.ts). On an
// ARM path it is the ARM error form, not the classic <Error> XML (docs/api.md, ARM errors); a
// classic path, or one the answer cannot read, keeps the XML.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, test } from 'node:test';
import { SUB, startHarness, type Harness } from '../api/harness.js';
import { JC, V } from './arm-harness.js';

let h: Harness;
let port: number;
before(async () => {
  h = await startHarness();
  await h.app.listen({ port: 0, host: '127.0.0.1' });
  const address = h.app.server.address();
  assert.ok(address !== null && typeof address === 'object');
  port = address.port;
});
after(async () => h.close());

/** Sends raw bytes and resolves with everything the server wrote before closing. */
function raw(bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(port, '127.0.0.1', () => socket.end(bytes));
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

const split = (answer: string): { head: string; body: string } => {
  const at = answer.indexOf('\r\n\r\n');
  return { head: answer.slice(0, at), body: answer.slice(at + 4) };
};

const armPath = `${JC('jc')}?api-version=${V}`;
const bigHeader = `X-Big: ${'a'.repeat(20_000)}\r\n`.repeat(5);

for (const [what, request, status] of [
  ['an unknown method', `FOO ${armPath} HTTP/1.1\r\nHost: a\r\n\r\n`, 400],
  ['headers over the size limit', `GET ${armPath} HTTP/1.1\r\nHost: a\r\n${bigHeader}\r\n`, 431],
] as const) {
  test(`${what} on an ARM path: ${status} with {"error":{code,message}} as JSON`, async () => {
    const { head, body } = split(await raw(request));
    assert.match(head, new RegExp(`^HTTP/1\\.1 ${status} `));
    assert.match(head, /\r\nContent-Type: application\/json; charset=utf-8\r\n/i);
    const doc = JSON.parse(body) as { error: { code: string; message: string } };
    assert.equal(doc.error.code, 'BadRequest');
    assert.ok(doc.error.message.length > 0);
  });
}

test('an unknown method on a classic path keeps the <Error> XML', async () => {
  const { head, body } = split(await raw(`FOO /${SUB}/cloudservices HTTP/1.1\r\nHost: a\r\n\r\n`));
  assert.match(head, /^HTTP\/1\.1 400 /);
  assert.match(head, /\r\nContent-Type: application\/xml; charset=utf-8\r\n/i);
  assert.match(body, /^<Error xmlns=".*"><Code>BadRequest<\/Code><Message>.+<\/Message><\/Error>$/);
});

test('the raw answers carry the headers of every response: Date and x-ms-request-id too', async () => {
  for (const request of [
    `FOO /${SUB}/cloudservices HTTP/1.1\r\nHost: a\r\n\r\n`,
    `GET ${armPath} HTTP/1.1\r\nHost: a\r\n${bigHeader}\r\n`,
  ]) {
    const { head } = split(await raw(request));
    assert.match(head, /\r\nx-ms-request-id: [0-9a-f]{32}\r\n/i, head);
    const date = /\r\nDate: ([^\r]+)\r\n/i.exec(head)?.[1];
    assert.ok(date !== undefined && !Number.isNaN(Date.parse(date)), head);
    assert.match(head, /\r\nCache-Control: no-cache\r\n/i);
  }
});

test('CONNECT (a proxy tunnel) is answered 405 in the error form, not dropped without an answer', async () => {
  const { head, body } = split(
    await raw('CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n'),
  );
  assert.match(head, /^HTTP\/1\.1 405 Method Not Allowed\r\n/);
  assert.match(head, /\r\nContent-Type: application\/xml; charset=utf-8\r\n/i);
  assert.match(head, /\r\nx-ms-request-id: [0-9a-f]{32}\r\n/i);
  assert.match(
    body,
    /<Code>BadRequest<\/Code><Message>CONNECT is not supported: Takt is not a proxy\.<\/Message>/,
  );
  // A target in origin form on an ARM path: ARM's form.
  const arm = split(await raw(`CONNECT ${armPath} HTTP/1.1\r\nHost: a\r\n\r\n`));
  assert.match(arm.head, /^HTTP\/1\.1 405 /);
  assert.equal((JSON.parse(arm.body) as { error: { code: string } }).error.code, 'BadRequest');
});
