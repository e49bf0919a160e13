// ARM 401 AuthenticationFailed (docs/api.md, ARM authentication) is what a request gets when it
// presents neither a bearer token nor a client certificate. Its message must say that, not claim
// the Authorization header is missing when the client sent one in another scheme or empty.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TOKEN, startHarness, type Harness } from '../api/harness.js';
import { arm, body, PROVIDER } from './arm-harness.js';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => h.close());

for (const [what, authorization] of [
  ['no Authorization header', undefined],
  ['the token in the Basic scheme', `Basic ${TOKEN}`],
  ['Bearer without a token', 'Bearer'],
] as const) {
  test(`${what}: 401 AuthenticationFailed whose message fits the request`, async () => {
    const r = await arm(h, 'GET', PROVIDER(), { token: null, headers: { authorization } });
    assert.equal(r.statusCode, 401, r.body);
    assert.equal(r.headers['www-authenticate'], 'Bearer');
    const { code, message } = body(r).error as { code: string; message: string };
    assert.equal(code, 'AuthenticationFailed');
    assert.match(message, /no bearer token and no client certificate/);
    assert.match(message, /'Authorization: Bearer <token>'/);
  });
}
