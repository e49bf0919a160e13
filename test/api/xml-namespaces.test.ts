// XML namespaces in request bodies (docs/api.md, "Choices where the contract is silent"): an element counts as a contract
// member only when it is in the Windows Azure namespace or in none, as DataContractSerializer reads
// members by name and namespace; an element in any other namespace is an unknown element, ignored
// with its whole subtree. An undeclared prefix is not namespace-well-formed: 400 InvalidXmlRequest.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { SUB, csPath, errorCode, jcPath, startHarness, type Harness } from './harness.js';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => h.close());

const WA_URI = 'http://schemas.microsoft.com/windowsazure';
const WA = `xmlns="${WA_URI}"`;
const cs = (inner: string, root = `<CloudService ${WA}>`): string =>
  `${root}${inner}<Description>d</Description><GeoRegion>West Europe</GeoRegion></CloudService>`;

function messageOf(body: string): string {
  return /<Message>(.*)<\/Message>/s.exec(body)?.[1] ?? '';
}

test('a Label in a foreign namespace is not the Label: the required member is missing (400)', async () => {
  const r = await h.call('PUT', csPath('ns-missing'), { body: cs('<Label xmlns="urn:other">x</Label>') });
  assert.equal(r.statusCode, 400, r.body);
  assert.equal(errorCode(r.body), 'BadRequest');
  assert.match(messageOf(r.body), /CloudService\.Label: is required/);
  assert.equal(await h.store.getCloudService(SUB, 'ns-missing'), undefined);
});

test('a foreign element beside the real one is ignored, before or after it', async () => {
  for (const [name, inner] of [
    ['ns-after', '<Label>good</Label><o:Label xmlns:o="urn:other">bad</o:Label>'],
    ['ns-before', '<Label xmlns="urn:other">bad</Label><Label>good</Label>'],
  ] as const) {
    const r = await h.call('PUT', csPath(name), { body: cs(inner) });
    assert.equal(r.statusCode, 202, r.body);
    assert.equal((await h.store.getCloudService(SUB, name))?.label, 'good');
  }
});

test('the WA namespace through a prefix, or no namespace (xmlns=""), is a member', async () => {
  const prefixed = await h.call('PUT', csPath('ns-prefix'), {
    body: cs(`<w:Label xmlns:w="${WA_URI}">p</w:Label>`),
  });
  assert.equal(prefixed.statusCode, 202, prefixed.body);
  assert.equal((await h.store.getCloudService(SUB, 'ns-prefix'))?.label, 'p');
  const none = await h.call('PUT', csPath('ns-none'), { body: cs('<Label xmlns="">n</Label>') });
  assert.equal(none.statusCode, 202, none.body);
  assert.equal((await h.store.getCloudService(SUB, 'ns-none'))?.label, 'n');
  const root = await h.call('PUT', csPath('ns-root'), {
    body: cs(`<w:Label>r</w:Label>`, `<w:CloudService xmlns:w="${WA_URI}">`).replace(
      /<\/CloudService>$/,
      '</w:CloudService>',
    ),
  });
  // Description and GeoRegion are in no namespace there (the prefix binds only w:): members too.
  assert.equal(root.statusCode, 202, root.body);
  assert.equal((await h.store.getCloudService(SUB, 'ns-root'))?.label, 'r');
});

test('a foreign wrapper hides its subtree; a foreign value inside a real wrapper is not read', async () => {
  await h.call('PUT', csPath('cs1'), { body: cs('<Label>l</Label>') });
  const wrapper = await h.call('PUT', jcPath('ns-wrap'), {
    body: `<Resource ${WA}><o:IntrinsicSettings xmlns:o="urn:o"><Plan>Gold</Plan></o:IntrinsicSettings></Resource>`,
  });
  assert.equal(wrapper.statusCode, 202, wrapper.body);
  const plan = await h.call('PUT', jcPath('ns-plan'), {
    body: `<Resource ${WA}><IntrinsicSettings><Plan>Free</Plan><Plan xmlns="urn:o">Gold</Plan></IntrinsicSettings></Resource>`,
  });
  assert.equal(plan.statusCode, 202, plan.body);
  const got = await h.store.getJobCollection({
    subscriptionId: SUB,
    cloudService: 'cs1',
    collection: 'ns-plan',
  });
  assert.equal(got?.plan, 'Free');
});

test('an undeclared prefix is 400 InvalidXmlRequest naming it, on a child as on the root', async () => {
  for (const body of [cs('<x:Label>l</x:Label>'), '<x:CloudService><Label>l</Label></x:CloudService>']) {
    const r = await h.call('PUT', csPath('ns-undeclared'), { body });
    assert.equal(r.statusCode, 400, r.body);
    assert.equal(errorCode(r.body), 'InvalidXmlRequest');
    assert.match(messageOf(r.body), /prefix 'x'/);
  }
});
