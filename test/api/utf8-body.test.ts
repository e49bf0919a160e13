// Request bodies must be UTF-8 (docs/security.md, Hostile input): invalid bytes were decoded to
// U+FFFD and stored with 201. Now a JSON or XML body with any ill-formed sequence is refused whole
// with 400 BadRequest naming the encoding problem and its byte offset, and nothing is stored.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { firstInvalidByte } from '../../src/api/utf8-body.js';
import {
  SUB,
  TOKEN,
  VERSION_HEADER,
  csPath,
  dumpStore,
  errorCode,
  httpJob,
  jobPath,
  seedCollection,
  startHarness,
  type Harness,
} from './harness.js';

let h: Harness;
before(async () => {
  h = await startHarness();
  await seedCollection(h);
});
after(async () => h.close());

const send = (method: string, url: string, payload: Buffer, type: string) =>
  h.app.inject({
    method: method as 'PUT',
    url,
    payload,
    headers: { ...VERSION_HEADER, authorization: `Bearer ${TOKEN}`, 'content-type': type },
  });

/** `text` with `bad` spliced in at the first `@`. */
const spliced = (text: string, bad: readonly number[]): Buffer => {
  const [head, tail] = text.split('@') as [string, string];
  return Buffer.concat([Buffer.from(head), Buffer.from(bad), Buffer.from(tail)]);
};

const INVALID: readonly (readonly number[])[] = [
  [0xff], // never valid
  [0x80], // lone continuation byte
  [0xc0, 0xaf], // overlong '/'
  [0xe0, 0x80, 0xaf], // overlong three-byte
  [0xed, 0xa0, 0x80], // UTF-16 surrogate
  [0xf4, 0x90, 0x80, 0x80], // beyond U+10FFFF
  [0xe2, 0x82], // truncated (followed by ASCII)
];

test('a JSON job body with invalid UTF-8 is 400 BadRequest naming the encoding; nothing is stored', async () => {
  const before = await dumpStore(h.store);
  for (const bad of INVALID) {
    const body = spliced(
      JSON.stringify(
        httpJob({ action: { type: 'http', request: { uri: 'http://example.com/@', method: 'GET' } } }),
      ),
      bad,
    );
    const r = await send('PUT', jobPath('utf8-job'), body, 'application/json');
    assert.equal(r.statusCode, 400, `${bad.join(',')}: ${r.body}`);
    assert.equal(errorCode(r.body), 'BadRequest');
    const offset = body.indexOf(Buffer.from(bad));
    assert.match(r.body, new RegExp(`not valid UTF-8.*byte offset ${offset} `), r.body);
  }
  assert.equal(
    await h.store.getJob({ subscriptionId: SUB, cloudService: 'cs1', collection: 'jc1', jobId: 'utf8-job' }),
    undefined,
  );
  assert.equal(await dumpStore(h.store), before);
});

test('an XML body with invalid UTF-8 is 400 BadRequest; nothing is stored', async () => {
  const xml = `<CloudService xmlns="http://schemas.microsoft.com/windowsazure"><Label>a@b</Label><Description/><GeoRegion>West Europe</GeoRegion></CloudService>`;
  for (const bad of INVALID) {
    const r = await send('PUT', csPath('utf8-cs'), spliced(xml, bad), 'application/xml');
    assert.equal(r.statusCode, 400, r.body);
    assert.equal(errorCode(r.body), 'BadRequest');
    assert.match(r.body, /not valid UTF-8/);
  }
  assert.equal(await h.store.getCloudService(SUB, 'utf8-cs'), undefined);
});

test('valid multi-byte text (and a BOM) is still accepted and stored exactly', async () => {
  const label = 'Zürich € 𝄞 日本';
  const xml = `\uFEFF<CloudService xmlns="http://schemas.microsoft.com/windowsazure"><Label>${label}</Label><Description/><GeoRegion>West Europe</GeoRegion></CloudService>`;
  const r = await send('PUT', csPath('utf8-ok'), Buffer.from(xml, 'utf8'), 'application/xml');
  assert.equal(r.statusCode, 202, r.body);
  assert.equal((await h.store.getCloudService(SUB, 'utf8-ok'))?.label, label);
});

test('firstInvalidByte follows Unicode Table 3-7', () => {
  assert.equal(firstInvalidByte(Buffer.from('aé€𝄞')), Buffer.byteLength('aé€𝄞'));
  assert.equal(firstInvalidByte(Buffer.from([0x61, 0xc2])), 1, 'truncated at the end');
  assert.equal(firstInvalidByte(Buffer.from([0x61, 0xf5, 0x80, 0x80, 0x80])), 1);
  assert.equal(firstInvalidByte(Buffer.from([0xef, 0xbf, 0xbd, 0xc1, 0xbf])), 3, 'U+FFFD itself is fine');
});
