// A resource group is a cloud service (docs/api.md, ARM surface), so its location obeys the cloud
// service's GeoRegion rule of 1 to 100 characters (docs/reference/scheduling-rules.md §2) on P6
// as on A4 and classic; a location of the wrong type is 400 BadRequest as on A4. Nothing is created.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { SUB, startHarness, type Harness } from '../api/harness.js';
import { arm, body, GROUP } from './arm-harness.js';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => h.close());

const ARM_VERSION = { version: '2021-04-01' } as const;

for (const [what, location, message] of [
  ['a 101-character location', 'x'.repeat(101), 'location: must be at most 100 characters, got 101'],
  ['a location that is a number', 5, 'location: must be a string'],
  // The GeoRegion the classic API then wrote in XML came back with U+FFFD for the NUL.
  ['a location with control characters', 'a\u0000b\nc', 'location: must not contain control characters'],
] as const) {
  test(`PUT group with ${what}: 400 BadRequest, no group`, async () => {
    const r = await arm(h, 'PUT', GROUP('rg-loc'), { ...ARM_VERSION, body: { location } });
    assert.equal(r.statusCode, 400, r.body);
    assert.deepEqual(body(r).error, { code: 'BadRequest', message });
    assert.equal((await arm(h, 'HEAD', GROUP('rg-loc'), ARM_VERSION)).statusCode, 404);
    assert.equal(await h.store.getCloudService(SUB, 'rg-loc'), undefined);
  });
}

test('PUT collection creating its group with a control character in the location: 400, nothing created', async () => {
  const r = await arm(h, 'PUT', `${GROUP('rg-ctl')}/providers/Microsoft.Scheduler/jobCollections/jc`, {
    version: '2016-03-01',
    body: { location: 'West\tUS', properties: { sku: { name: 'Standard' } } },
  });
  assert.equal(r.statusCode, 400, r.body);
  assert.deepEqual(body(r).error, {
    code: 'BadRequest',
    message: 'location: must not contain control characters',
  });
  assert.equal(await h.store.getCloudService(SUB, 'rg-ctl'), undefined);
});

test('PUT group with a 100-character location: 201', async () => {
  const r = await arm(h, 'PUT', GROUP('rg-loc100'), { ...ARM_VERSION, body: { location: 'x'.repeat(100) } });
  assert.equal(r.statusCode, 201, r.body);
});
