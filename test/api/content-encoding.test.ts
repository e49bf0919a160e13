// Request bodies with a Content-Encoding (docs/api.md, "Response rules"): Takt decodes none, so a
// body in any coding but identity is refused with 415 UnsupportedMediaType naming the header and
// the one coding accepted, and `Accept-Encoding: identity` (RFC 9110 §15.5.16), on both APIs and in
// each one's error form, before the body is decoded or parsed: nothing is stored, and a decompression
// bomb is never inflated. Before, a gzip body was a confusing "not valid UTF-8" 400 and a plain body
// labelled `br` or `zstd` was stored as if unlabelled.
import assert from 'node:assert/strict';
import { connect, type AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { after, before, test } from 'node:test';
import {
  SUB,
  TOKEN,
  VERSION_HEADER,
  cloudServiceXml,
  csPath,
  errorCode,
  httpJob,
  jobPath,
  seedCollection,
  startHarness,
  type Harness,
} from './harness.js';
import { JOB, collectionBody, JC, httpJobBody } from '../arm/arm-harness.js';

let h: Harness;
before(async () => {
  h = await startHarness();
  await seedCollection(h);
  const jc = await h.app.inject({
    method: 'PUT',
    url: `${JC('enc')}?api-version=2016-03-01`,
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    payload: JSON.stringify(collectionBody()),
  });
  assert.equal(jc.statusCode, 201, jc.body);
});
after(async () => h.close());

const send = (
  url: string,
  payload: Buffer | string,
  encoding: string | undefined,
  type = 'application/json',
) =>
  h.app.inject({
    method: 'PUT',
    url,
    headers: {
      ...VERSION_HEADER,
      authorization: `Bearer ${TOKEN}`,
      'content-type': type,
      ...(encoding !== undefined ? { 'content-encoding': encoding } : {}),
    },
    payload,
  });

const classicJob = JSON.stringify(httpJob());
const armJob = JSON.stringify(httpJobBody());
const armJobUrl = (job: string): string => `${JOB(job, 'enc')}?api-version=2016-03-01`;

for (const coding of ['gzip', 'deflate', 'br', 'zstd', 'x-custom', 'gzip, identity', 'GZIP']) {
  test(`Content-Encoding: ${coding} → 415 on both APIs, in each one's form, nothing stored`, async () => {
    const body = coding.toLowerCase().startsWith('gzip') ? gzipSync(classicJob) : classicJob;
    const classic = await send(jobPath('enc-c'), body, coding);
    assert.equal(classic.statusCode, 415, classic.body);
    assert.equal(errorCode(classic.body), 'UnsupportedMediaType');
    assert.match(classic.headers['content-type'] as string, /^application\/xml/);
    assert.equal(classic.headers['accept-encoding'], 'identity');
    assert.match(classic.body, /Content-Encoding '[^']+' is not supported/);
    assert.match(classic.body, /identity/);
    const xml = await send(csPath('enc-cs'), cloudServiceXml(), coding, 'application/xml');
    assert.equal(xml.statusCode, 415, xml.body);

    const armBody = coding.toLowerCase().startsWith('gzip') ? gzipSync(armJob) : armJob;
    const arm = await send(armJobUrl('enc-a'), armBody, coding);
    assert.equal(arm.statusCode, 415, arm.body);
    assert.match(arm.headers['content-type'] as string, /^application\/json/);
    assert.equal(arm.headers['accept-encoding'], 'identity');
    const err = (JSON.parse(arm.body) as { error: { code: string; message: string } }).error;
    assert.equal(err.code, 'UnsupportedMediaType');
    assert.match(err.message, /^Content-Encoding '[^']+' is not supported: send the body unencoded/);

    assert.equal(
      await h.store.getJob({ subscriptionId: SUB, cloudService: 'cs1', collection: 'jc1', jobId: 'enc-c' }),
      undefined,
    );
    assert.equal(await h.store.getCloudService(SUB, 'enc-cs'), undefined);
    assert.equal(
      (
        await h.app.inject({
          method: 'GET',
          url: armJobUrl('enc-a'),
          headers: { authorization: `Bearer ${TOKEN}` },
        })
      ).statusCode,
      404,
    );
  });
}

test('identity, an empty header or none: the body is read as usual', async () => {
  for (const [i, coding] of [
    ['1', 'identity'],
    ['2', 'Identity'],
    ['3', ''],
    ['4', undefined],
  ] as const) {
    const classic = await send(jobPath(`plain-${i}`), classicJob, coding);
    assert.equal(classic.statusCode, 201, classic.body);
    const arm = await send(armJobUrl(`plain-${i}`), armJob, coding);
    assert.equal(arm.statusCode, 201, arm.body);
  }
});

test('a gzip bomb is refused without being inflated (415, not a body-size 400)', async () => {
  const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024, 0x20));
  assert.ok(bomb.length < 1024 * 1024);
  const r = await send(jobPath('bomb'), bomb, 'gzip');
  assert.equal(r.statusCode, 415, r.body);
});

test('a body-less request, or an empty body, with a Content-Encoding header is not refused for it', async () => {
  const r = await h.app.inject({
    method: 'GET',
    url: jobPath('plain-1'),
    headers: { ...VERSION_HEADER, authorization: `Bearer ${TOKEN}`, 'content-encoding': 'gzip' },
  });
  assert.equal(r.statusCode, 200, r.body);
  const empty = await h.app.inject({
    method: 'POST',
    url: `${JC('enc')}/disable?api-version=2016-03-01`,
    headers: {
      authorization: `Bearer ${TOKEN}`,
      'content-type': 'application/json',
      'content-encoding': 'gzip',
    },
    payload: '',
  });
  assert.equal(empty.statusCode, 200, empty.body);
});

/** A chunked body on a real listener (inject cannot send a Transfer-Encoding of its own). */
function chunked(
  port: number,
  path: string,
  te: string,
  body: Buffer,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      const head =
        `PUT ${path} HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer ${TOKEN}\r\nx-ms-version: 2013-03-01\r\n` +
        `Content-Type: application/json\r\nTransfer-Encoding: ${te}\r\nConnection: close\r\n\r\n`;
      socket.write(
        Buffer.concat([
          Buffer.from(`${head}${body.length.toString(16)}\r\n`),
          body,
          Buffer.from('\r\n0\r\n\r\n'),
        ]),
      );
    });
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      resolve({ status: Number(/^HTTP\/1\.1 (\d+)/.exec(text)?.[1] ?? 0), text });
    });
  });
}

test('Transfer-Encoding with a coding before chunked (gzip, chunked) → 501 NotImplemented on both APIs; chunked alone is read', async () => {
  await h.app.listen({ host: '127.0.0.1', port: 0 });
  const port = (h.app.server.address() as AddressInfo).port;
  for (const te of ['gzip, chunked', 'deflate,chunked', 'x-custom, chunked']) {
    const classic = await chunked(port, jobPath('te-c'), te, gzipSync(classicJob));
    assert.equal(classic.status, 501, classic.text);
    assert.match(
      classic.text,
      /<Code>NotImplemented<\/Code><Message>Transfer-Encoding &apos;[^<]+&apos; is not supported|<Code>NotImplemented<\/Code><Message>Transfer-Encoding '[^<]+' is not supported/,
    );
    const arm = await chunked(port, armJobUrl('te-a'), te, gzipSync(armJob));
    assert.equal(arm.status, 501, arm.text);
    assert.match(
      arm.text,
      /\{"error":\{"code":"NotImplemented","message":"Transfer-Encoding '[^']+' is not supported/,
    );
  }
  assert.equal(
    await h.store.getJob({ subscriptionId: SUB, cloudService: 'cs1', collection: 'jc1', jobId: 'te-c' }),
    undefined,
  );
  const plain = await chunked(port, jobPath('te-ok'), 'chunked', Buffer.from(classicJob));
  assert.equal(plain.status, 201, plain.text);
  const upper = await chunked(port, armJobUrl('te-ok'), 'Chunked', Buffer.from(armJob));
  assert.equal(upper.status, 201, upper.text);
});
