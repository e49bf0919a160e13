// An XML element read as a value (Label, Plan, MaxJobCount, …) that holds elements is refused
// naming it (docs/reference/classic-operations.md §7.1, Parsing in): its text alone is not what the
// client sent, and was stored silently (`<Label>a<b>x</b>c</Label>` became 'ac').
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { csPath, errorCode, jcPath, startHarness, type Harness } from './harness.js';

let h: Harness;
before(async () => {
  h = await startHarness();
  await h.call('PUT', csPath('cs1'), {
    body: `<CloudService ${WA}><Label>l</Label><Description/><GeoRegion>West Europe</GeoRegion></CloudService>`,
  });
});
after(async () => h.close());

const WA = 'xmlns="http://schemas.microsoft.com/windowsazure"';

test('a cloud service Label holding an element is 400 naming it, and nothing is stored', async () => {
  const put = await h.call('PUT', csPath('mixed'), {
    body: `<CloudService ${WA}><Label>a<b>x</b>c</Label><Description/><GeoRegion>West Europe</GeoRegion></CloudService>`,
  });
  assert.equal(put.statusCode, 400, put.body);
  assert.equal(errorCode(put.body), 'BadRequest');
  assert.match(put.body, /CloudService\.Label: must be text, got the element &lt;b&gt;/);
  assert.equal((await h.call('GET', csPath('mixed'))).statusCode, 404);
});

test('collection Plan, quota members and Label holding an element are 400 naming them', async () => {
  const cases: [string, RegExp][] = [
    [
      '<IntrinsicSettings><Plan>Stan<x/>dard</Plan></IntrinsicSettings>',
      /IntrinsicSettings\.Plan: must be text/,
    ],
    [
      '<IntrinsicSettings><Plan>Standard</Plan><Quota><MaxJobCount>1<x/>2</MaxJobCount></Quota></IntrinsicSettings>',
      /Quota\.MaxJobCount: must be text/,
    ],
    [
      '<IntrinsicSettings><Plan>Standard</Plan><Quota><MaxRecurrence><Frequency>Hour</Frequency><Interval><i>1</i></Interval></MaxRecurrence></Quota></IntrinsicSettings>',
      /MaxRecurrence\.Interval: must be text/,
    ],
    ['<Label>a<b/>c</Label>', /Resource\.Label: must be text/],
  ];
  for (const [inner, message] of cases) {
    const put = await h.call('PUT', jcPath('jc-mixed', 'cs1'), {
      body: `<Resource ${WA}>${inner}</Resource>`,
    });
    assert.equal(put.statusCode, 400, `${inner}: ${put.body}`);
    assert.match(put.body, message);
    assert.equal((await h.call('GET', jcPath('jc-mixed', 'cs1'))).statusCode, 404, inner);
  }
});
