// CDATA sections in request XML (docs/security.md, Hostile input): valid XML, so accepted wherever
// element text is read — taken literally (no entity decoding inside), mixed with ordinary text and
// references — while the safety rules stay: no DOCTYPE/ENTITY, no text or CDATA outside the root,
// no character XML forbids.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { parseXmlDocument } from '../../src/wire/xml/safe-parse.js';
import { csPath, errorCode, jcPath, startHarness, type Harness } from './harness.js';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => h.close());

const WA = 'xmlns="http://schemas.microsoft.com/windowsazure"';

test('a cloud service label written as CDATA (<![CDATA[AT&T]]>) is accepted and stored literally', async () => {
  const put = await h.call('PUT', csPath('cdata'), {
    body: `<CloudService ${WA}><Label><![CDATA[AT&T]]></Label><Description><![CDATA[<b>a & b</b> &amp;]]></Description><GeoRegion>West Europe</GeoRegion></CloudService>`,
  });
  assert.equal(put.statusCode, 202, put.body);
  const cs = await h.store.getCloudService((await h.store.listSubscriptions())[0]!.id, 'cdata');
  assert.equal(cs?.label, 'AT&T');
  assert.equal(cs?.description, '<b>a & b</b> &amp;', 'no entity is decoded inside CDATA');
  const got = await h.call('GET', csPath('cdata'));
  assert.match(got.body, /<Label>AT&amp;T<\/Label>/);
});

test('CDATA in nested elements (a collection plan and quota) and mixed with text and references', async () => {
  await h.call('PUT', csPath('cs1'), {
    body: `<CloudService ${WA}><Label>l</Label><Description/><GeoRegion>West Europe</GeoRegion></CloudService>`,
  });
  const put = await h.call('PUT', jcPath('jc-cdata', 'cs1'), {
    body: `<Resource ${WA}><IntrinsicSettings><Plan><![CDATA[Standard]]></Plan><Quota><MaxJobCount>1<![CDATA[2]]></MaxJobCount></Quota></IntrinsicSettings><Label>a&amp;<![CDATA[&b]]>&#x21;<![CDATA[]]></Label></Resource>`,
  });
  assert.equal(put.statusCode, 202, put.body);
  const jc = await h.store.getJobCollection({
    subscriptionId: (await h.store.listSubscriptions())[0]!.id,
    cloudService: 'cs1',
    collection: 'jc-cdata',
  });
  assert.equal(jc?.plan, 'Standard');
  assert.equal(jc?.quota.maxJobCount, 12);
  assert.equal(jc?.label, 'a&&b!');
});

test('the XML safety rules still hold around CDATA', () => {
  const refused = [
    // A declaration is refused wherever it is, CDATA or not.
    `<!DOCTYPE x [<!ENTITY e "x">]><CloudService><Label><![CDATA[a]]></Label></CloudService>`,
    `<CloudService><Label><![CDATA[a]]></Label></CloudService><![CDATA[outside]]>`,
    `<![CDATA[outside]]><CloudService/>`,
    `<CloudService><Label><![CDATA[a\u0001]]></Label></CloudService>`,
    `<CloudService><Label><![CDATA[unterminated</Label></CloudService>`,
  ];
  for (const xml of refused) {
    assert.throws(
      () => parseXmlDocument(xml, 'CloudService'),
      (e: Error & { code?: string }) => e.code === 'InvalidXmlRequest',
      xml,
    );
  }
  const doc = parseXmlDocument(
    `<CloudService><Label><![CDATA[x]]]]><![CDATA[>y]]></Label></CloudService>`,
    'CloudService',
  );
  assert.equal(doc.children[0]?.text, 'x]]>y');
});

test('malformed XML is still InvalidXmlRequest over HTTP', async () => {
  const r = await h.call('PUT', csPath('bad'), {
    body: `<CloudService><Label><![CDATA[x]]</Label></CloudService>`,
  });
  assert.equal(r.statusCode, 400);
  assert.equal(errorCode(r.body), 'InvalidXmlRequest');
});
