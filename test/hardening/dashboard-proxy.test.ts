// The dashboard's server side against a real `takt serve`. The API proxy (/dashboard/api/<path>): no spelling of a
// path — backslashes, percent-encoded dots, slashes and backslashes, double encoding, mixed — reaches
// anything outside the session's own subscription (here: /metrics, /healthz, the session route and
// another subscription), while ordinary paths still work; requests are sent unnormalised. Sign-in:
// failed attempts are throttled per client address.
import assert from 'node:assert/strict';
import { request } from 'node:https';
import { after, before, describe, test } from 'node:test';
import { proxyTarget } from '../../src/dashboard/proxy-path.js';
import { addTenant, call, seedTenant, serve, takt, type Served, type Tenant } from './support/serve.js';

function rawGet(
  s: Served,
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  const url = new URL(s.url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, method: 'GET', path, ca: s.ca, headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Every way of writing "one level up" that some parser on the way may understand. */
const UP = ['..', '%2e%2e', '%2E%2e', '.%2e', '%2e.', '%252e%252e', '%25252e%25252e', '%2525252e.'];
const SEP = ['/', '\\', '%2f', '%2F', '%5c', '%5C', '%252f', '%255c', '%25255c'];

describe('dashboard API proxy path escapes', () => {
  let s: Served;
  let b: Tenant;
  let headers: Record<string, string>;

  before(async () => {
    s = await serve();
    b = await addTenant(s, 'tenant-b');
    await seedTenant(s, b, { cs: 'cs-b', jc: 'jc-b', job: 'job-b' });
    const signIn = await call(s, 'POST', '/dashboard/session', {
      body: JSON.stringify({ token: s.admin.token }),
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(signIn.status, 200, signIn.body);
    headers = { cookie: String(signIn.headers['set-cookie']).split(';')[0]! };
  });
  after(async () => {
    await s?.stop();
  });

  test('the reported escape ..\\..\\metrics is refused (it answered the metrics text before)', async () => {
    const r = await rawGet(s, '/dashboard/api/..\\..\\metrics', headers);
    assert.equal(r.status, 400, r.body);
    assert.doesNotMatch(r.body, /# (HELP|TYPE)/);
    assert.match(r.body, /Dot segments are not allowed/);
  });

  test('every separator and encoding of a dot segment is refused, at any depth', async () => {
    const targets = ['metrics', 'healthz', 'dashboard/session', `${b.subscriptionId}/cloudservices`];
    let tried = 0;
    for (const up of UP) {
      for (const sep of SEP) {
        for (const [depth, target] of targets.entries()) {
          // One level up from the subscription for its sibling; two for the root's routes.
          const levels = depth === 3 ? 1 : 2;
          const prefix = depth % 2 === 0 ? '' : `cloudservices${sep}`;
          const path = `/dashboard/api/${prefix}${`${up}${sep}`.repeat(levels + (prefix ? 1 : 0))}${target}`;
          const r = await rawGet(s, path, headers);
          assert.equal(r.status, 400, `${path}: ${r.status} ${r.body}`);
          assert.doesNotMatch(r.body, /# (HELP|TYPE)|csrf|cs-b/, path);
          tried++;
        }
      }
    }
    assert.equal(tried, UP.length * SEP.length * 4);
  });

  test('ordinary paths, encoded names and queries still reach the session subscription', async () => {
    await seedTenant(s, s.admin, { cs: 'cs-a', jc: 'jc-a', job: 'job-a' });
    const jobs = '/dashboard/api/cloudservices/cs-a/resources/scheduler/~/JobCollections/jc-a/jobs';
    const list = await rawGet(s, `${jobs}?$top=5`, headers);
    assert.equal(list.status, 200, list.body);
    assert.match(list.body, /"id":"job-a"/);
    const one = await rawGet(s, `${jobs}/job%2Da`, headers);
    assert.equal(one.status, 200, one.body);
  });

  // Last in this suite: it leaves this client address throttled for a minute.
  test('failed sign-ins are throttled per client address: 429 with Retry-After after 10 failures', async () => {
    const signIn = (token: string) =>
      call(s, 'POST', '/dashboard/session', {
        body: JSON.stringify({ token }),
        headers: { 'content-type': 'application/json' },
      });
    // In parallel, as a guessing client would: the throttle charges before the token is looked up.
    const answers = await Promise.all(Array.from({ length: 25 }, (_, i) => signIn(`takt_wrong-${i}`)));
    const statuses = answers.map((a) => a.status);
    assert.equal(statuses.filter((x) => x === 403).length, 10, statuses.join(' '));
    assert.equal(statuses.filter((x) => x === 429).length, 15, statuses.join(' '));
    const limited = answers.find((a) => a.status === 429)!;
    assert.match(String(limited.headers['retry-after']), /^[1-9]\d*$/);
    assert.match(limited.body, /"code":"TooManyRequests".*Too many failed sign-ins/);
    // While throttled, even the right token waits (nothing is looked up for this address).
    assert.equal((await signIn(s.admin.token)).status, 429);
    // An existing session is not affected.
    assert.equal((await rawGet(s, '/dashboard/api/cloudservices', headers)).status, 200);
  });
});

describe('a dashboard session ends with its token', () => {
  let s: Served;
  before(async () => {
    s = await serve();
  });
  after(async () => {
    await s?.stop();
  });

  test('revoked: GET /dashboard/session says signed out (401, cookie cleared) instead of handing out a CSRF token', async () => {
    const t = await addTenant(s, 'revoked');
    const signIn = await call(s, 'POST', '/dashboard/session', {
      body: JSON.stringify({ token: t.token }),
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(signIn.status, 200, signIn.body);
    const headers = { cookie: String(signIn.headers['set-cookie']).split(';')[0]! };
    assert.equal((await rawGet(s, '/dashboard/session', headers)).status, 200);
    const tokens = JSON.parse(
      await takt(s, 'tokens', 'list', '--subscription', t.subscriptionId, '--json'),
    ) as {
      id: string;
    }[];
    await takt(s, 'tokens', 'revoke', tokens[0]!.id);
    const after = await rawGet(s, '/dashboard/session', headers);
    assert.equal(after.status, 401, after.body);
    assert.match(after.body, /no longer valid: sign in again/);
    assert.doesNotMatch(after.body, /csrf/);
    // The session is gone: the proxy answers as to no session at all.
    const proxied = await rawGet(s, '/dashboard/api/cloudservices', headers);
    assert.equal(proxied.status, 401, proxied.body);
  });
});

test('proxyTarget: prefixes the subscription and refuses every reading that has a dot segment', () => {
  const sub = 'sub-1';
  assert.deepEqual(proxyTarget(sub, 'cloudservices?x=../..'), {
    ok: true,
    url: '/sub-1/cloudservices?x=../..',
  });
  assert.deepEqual(proxyTarget(sub, 'a/...b/.c/c.'), { ok: true, url: '/sub-1/a/...b/.c/c.' });
  for (const rest of [
    '..',
    '.',
    './x',
    'a/..',
    'a\\..\\..\\metrics',
    'a%5c%2e%2e%5cmetrics',
    '%252e%252e/metrics',
    'a%25255c%25252e%25252e',
    '%2e',
  ]) {
    assert.equal(proxyTarget(sub, rest).ok, false, rest);
  }
  assert.equal(proxyTarget(sub, '%E0%A4%A').ok, false, 'malformed percent encoding');
  assert.equal(proxyTarget(sub, '%2525252525').ok, false, 'more than four encodings');
});
