// A malformed api-version is 400 InvalidApiVersionParameter everywhere (docs/api.md, ARM surface).
// Its message lists the provider's three versions on Microsoft.Scheduler routes only: the provider
// and resource group routes take any well-formed version, so there it names the expected form.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startHarness, type Harness } from '../api/harness.js';
import { arm, body, GROUP, JC, PROVIDER } from './arm-harness.js';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => h.close());

const error = async (path: string): Promise<{ code: string; message: string }> => {
  const r = await arm(h, 'GET', path, { version: 'latest' });
  assert.equal(r.statusCode, 400, r.body);
  return body(r).error as { code: string; message: string };
};

for (const [what, path] of [
  ['provider', PROVIDER()],
  ['resource group', GROUP('rg1')],
] as const) {
  test(`${what} route, api-version=latest: the message names the form, not the Scheduler versions`, async () => {
    const e = await error(path);
    assert.equal(e.code, 'InvalidApiVersionParameter');
    assert.doesNotMatch(e.message, /2014-08-01-preview/);
    assert.match(e.message, /'latest' is invalid; it must be a date such as '2016-02-01'/);
  });
}

test('job collection route, api-version=latest: the message lists the three supported versions', async () => {
  const e = await error(JC('jc'));
  assert.equal(e.code, 'InvalidApiVersionParameter');
  assert.match(e.message, /'2016-03-01', '2016-01-01', '2014-08-01-preview'/);
});
