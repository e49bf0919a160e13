// Transport rules: authentication, x-ms-version, routing tolerance, response headers, error shape,
// body limit (docs/reference/classic-operations.md §1–§4, §8).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { StoreUnavailable } from '../../src/ports/store.js';
import {
  OTHER_SUB,
  OTHER_TOKEN,
  SUB,
  cloudServiceXml,
  csPath,
  errorCode,
  jobPath,
  seedCollection,
  startHarness,
  httpJob,
  type Harness,
} from './harness.js';

let h: Harness;
before(async () => {
  h = await startHarness();
  await seedCollection(h);
  const r = await h.call('PUT', jobPath('job one'), { body: httpJob() });
  assert.equal(r.statusCode, 201, r.body);
});
after(async () => h.close());

const ERROR_XML =
  /^<Error xmlns="http:\/\/schemas\.microsoft\.com\/windowsazure" xmlns:i="http:\/\/www\.w3\.org\/2001\/XMLSchema-instance"><Code>[A-Za-z]+<\/Code><Message>[^<]+<\/Message><\/Error>$/;

test('no credential, unknown token, other subscription, unknown or non-GUID subscription: 403 AuthenticationFailed', async () => {
  const cases = [
    await h.call('GET', csPath('cs1'), { token: null }),
    await h.call('GET', csPath('cs1'), { token: 'nope' }),
    await h.call('GET', csPath('cs1'), { token: OTHER_TOKEN }),
    await h.call('GET', csPath('cs1', 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee')),
    await h.call('GET', '/not-a-guid/cloudservices'),
    await h.call('GET', '/'),
    await h.call('GET', `/${SUB}/cloudservices`, { headers: { authorization: 'Basic abc' } }),
  ];
  for (const r of cases) {
    assert.equal(r.statusCode, 403);
    assert.equal(errorCode(r.body), 'AuthenticationFailed');
    assert.match(r.body, ERROR_XML);
    assert.equal(r.headers['content-type'], 'application/xml; charset=utf-8');
  }
  // The message is the same whether the subscription exists or not.
  assert.equal(cases[2]?.body, cases[3]?.body);
});

test('the bearer scheme is case-insensitive and a token is valid for its own subscription only', async () => {
  const r = await h.call('GET', `/${SUB}/cloudservices`, {
    token: null,
    headers: { authorization: `bearer ${'test-token-' + 'a'.repeat(60)}` },
  });
  assert.equal(r.statusCode, 200);
  const other = await h.call('GET', `/${OTHER_SUB}/cloudservices`, { token: OTHER_TOKEN });
  assert.equal(other.statusCode, 200);
  const upper = await h.call('GET', `/${SUB.toUpperCase()}/cloudservices`);
  assert.equal(upper.statusCode, 200, 'subscription ids compare case-insensitively');
});

test('a revoked token is refused; a disabled subscription is 403 ForbiddenError for a valid credential only', async () => {
  const h2 = await startHarness();
  try {
    await h2.store.updateSubscription(SUB, { enabled: false });
    const r = await h2.call('GET', `/${SUB}/cloudservices`);
    assert.equal(r.statusCode, 403);
    assert.equal(errorCode(r.body), 'ForbiddenError');
    const anon = await h2.call('GET', `/${SUB}/cloudservices`, { token: 'wrong' });
    assert.equal(errorCode(anon.body), 'AuthenticationFailed');
    await h2.store.updateSubscription(SUB, { enabled: true });
    const [tok] = await h2.store.listTokens(SUB);
    assert.ok(tok);
    await h2.store.revokeToken(tok.id, h2.clock.now());
    const revoked = await h2.call('GET', `/${SUB}/cloudservices`);
    assert.equal(revoked.statusCode, 403);
    assert.equal(errorCode(revoked.body), 'AuthenticationFailed');
  } finally {
    await h2.close();
  }
});

test('x-ms-version: required, YYYY-MM-DD; checked after authentication', async () => {
  for (const v of [undefined, '', '2013-3-1', 'latest', '2013-03-01x']) {
    const r = await h.call('GET', `/${SUB}/cloudservices`, { headers: { 'x-ms-version': v } });
    assert.equal(r.statusCode, 400, `version ${String(v)}`);
    assert.equal(errorCode(r.body), 'MissingOrIncorrectVersionHeader');
  }
  // Node joins a header sent twice with ", ": the same version twice is that version.
  const twiceDifferent = await h.call('GET', `/${SUB}/cloudservices`, {
    headers: { 'x-ms-version': '2013-03-01, 2014-10-01' },
  });
  assert.equal(twiceDifferent.statusCode, 400);
  assert.equal(errorCode(twiceDifferent.body), 'MissingOrIncorrectVersionHeader');
  assert.match(twiceDifferent.body, /more than once with different values \(2013-03-01, 2014-10-01\)/);
  for (const v of [
    '2013-03-01',
    '2014-10-01',
    '2099-12-31',
    '2013-03-01, 2013-03-01',
    ' 2013-03-01 ,2013-03-01',
  ]) {
    const r = await h.call('GET', `/${SUB}/cloudservices`, { headers: { 'x-ms-version': v } });
    assert.equal(r.statusCode, 200, `version ${v}`);
  }
  const unauth = await h.call('GET', `/${SUB}/cloudservices`, {
    token: null,
    headers: { 'x-ms-version': undefined },
  });
  assert.equal(errorCode(unauth.body), 'AuthenticationFailed');
  // Version before routing: an unknown path without a version is still a version error.
  const r = await h.call('GET', `/${SUB}/nothing-here`, { headers: { 'x-ms-version': undefined } });
  assert.equal(errorCode(r.body), 'MissingOrIncorrectVersionHeader');
});

test('routing tolerance: fixed words in any case, optional ~, one trailing slash, percent-decoding with +, api-version ignored', async () => {
  const base = `/${SUB}/CLOUDSERVICES/cs1/Resources/SCHEDULER`;
  const paths = [
    `${base}/~/JobCollections/jc1/jobs/job%20one`,
    `${base}/jobcollections/jc1/Jobs/job+one`,
    `${base}/~/jobCollections/JC1/JOBS/JOB%20ONE/?api-version=2014-04-01`,
    `/${SUB}/cloudServices/CS1/resources/scheduler/jobcollections/jc1/jobs/job%20one/?api-version=whatever&unknown=1`,
  ];
  for (const p of paths) {
    const r = await h.call('GET', p);
    assert.equal(r.statusCode, 200, p);
    assert.equal(JSON.parse(r.body).id, 'job one', 'the casing given at creation is returned');
  }
  const list = await h.call('GET', `${base}/~/JobCollections/jc1/jobs/?api-version=2014-04-01`);
  assert.equal(list.statusCode, 200);
});

test('unknown path → 404 ResourceNotFound; known path, wrong method → 400 InvalidHttpVerb', async () => {
  for (const p of [
    `/${SUB}/nothing`,
    `/${SUB}/cloudservices/cs1/extra/deep`,
    `/${SUB}/cloudservices//cs1`,
    `${jobPath('job one')}/history/x`,
  ]) {
    const r = await h.call('GET', p);
    assert.equal(r.statusCode, 404, p);
    assert.equal(errorCode(r.body), 'ResourceNotFound');
    assert.match(r.body, ERROR_XML);
  }
  const wrong: [string, string][] = [
    ['POST', `/${SUB}/cloudservices`],
    ['PATCH', csPath('cs1')],
    ['DELETE', `/${SUB}/operations/${'0'.repeat(32)}`],
    ['GET', `/${SUB}/services`],
    ['GET', `/${SUB}/EntitleResource`],
    ['POST', jobPath('job one')],
    ['DELETE', `${jobPath('job one')}/history`],
    ['HEAD', csPath('cs1')],
    ['OPTIONS', `/${SUB}/cloudservices`],
  ];
  for (const [m, p] of wrong) {
    const r = await h.call(m, p);
    assert.equal(r.statusCode, 400, `${m} ${p}`);
    if (m !== 'HEAD') assert.equal(errorCode(r.body), 'InvalidHttpVerb', `${m} ${p}`);
  }
});

test('response headers: x-ms-request-id (32 hex, unique), Cache-Control, Server, Date; empty bodies have Content-Length 0 and no Content-Type', async () => {
  const ids = new Set<string>();
  for (let i = 0; i < 3; i++) {
    const r = await h.call('GET', `/${SUB}/cloudservices`);
    const id = String(r.headers['x-ms-request-id']);
    assert.match(id, /^[0-9a-f]{32}$/);
    ids.add(id);
    assert.equal(r.headers['cache-control'], 'no-cache');
    assert.equal(r.headers['server'], 'Takt/9.9.9');
    assert.ok(r.headers['date']);
    assert.equal(r.headers['content-type'], 'application/xml; charset=utf-8');
  }
  assert.equal(ids.size, 3);
  const err = await h.call('GET', '/x', { token: null });
  assert.match(String(err.headers['x-ms-request-id']), /^[0-9a-f]{32}$/);
  assert.equal(err.headers['cache-control'], 'no-cache');
  const created = await h.call('PUT', csPath('headers-cs'), { body: cloudServiceXml() });
  assert.equal(created.statusCode, 202);
  assert.equal(created.headers['content-length'], '0');
  assert.equal(created.headers['content-type'], undefined);
  assert.equal(created.body, '');
  const del = await h.call('DELETE', jobPath('job one'));
  assert.equal(del.statusCode, 200);
  assert.equal(del.headers['content-length'], '0');
  assert.equal(del.headers['content-type'], undefined);
  const again = await h.call('PUT', jobPath('job one'), { body: httpJob() });
  assert.equal(again.statusCode, 201);
});

test('any Content-Type is accepted; the route decides how to parse; a body on DELETE is ignored', async () => {
  for (const ct of [
    'application/atom+xml;type=entry;charset=utf-8',
    'text/xml',
    'application/json',
    'text/plain',
    undefined,
  ]) {
    const name = `ct-${Math.abs(ct?.length ?? 0)}-${ct === undefined ? 'none' : ct.length}`;
    const r = await h.call('PUT', csPath(name), { body: cloudServiceXml(), headers: { 'content-type': ct } });
    assert.equal(r.statusCode, 202, `${String(ct)}: ${r.body}`);
  }
  const job = await h.call('PUT', jobPath('ct-job'), {
    body: JSON.stringify(httpJob()),
    headers: { 'content-type': 'text/xml' },
  });
  assert.equal(job.statusCode, 201);
  const del = await h.call('DELETE', jobPath('ct-job'), {
    body: '',
    headers: { 'content-type': 'application/json' },
  });
  assert.equal(del.statusCode, 200);
});

test('bodies over 1 MiB → 400 BadRequest before parsing (authentication still first)', async () => {
  const big = 'x'.repeat(1024 * 1024 + 1);
  const r = await h.call('PUT', jobPath('big'), {
    body: big,
    headers: { 'content-type': 'application/json' },
  });
  assert.equal(r.statusCode, 400);
  assert.equal(errorCode(r.body), 'BadRequest');
  assert.match(r.body, /1048576 bytes/);
  const anon = await h.call('PUT', jobPath('big'), { body: big, token: null });
  assert.equal(anon.statusCode, 403);
  const atLimit = await h.call('PUT', csPath('limit-cs'), {
    body: cloudServiceXml() + ' '.repeat(1024 * 1024 - cloudServiceXml().length),
  });
  assert.equal(atLimit.statusCode, 202, 'exactly 1 MiB is accepted');
});

test('/healthz answers without authentication and follows isReady', async () => {
  const r = await h.call('GET', '/healthz', { token: null, headers: { 'x-ms-version': undefined } });
  assert.equal(r.statusCode, 200);
  let ready = false;
  const h2 = await startHarness({ api: { isReady: () => ready } });
  try {
    assert.equal((await h2.call('GET', '/healthz', { token: null })).statusCode, 503);
    ready = true;
    assert.equal((await h2.call('GET', '/healthz', { token: null })).statusCode, 200);
  } finally {
    await h2.close();
  }
});

test('extend() registers other routes (e.g. /metrics) outside the classic pipeline', async () => {
  const h2 = await startHarness({
    build: { extend: (app) => void app.get('/metrics', () => Promise.resolve('takt_up 1\n')) },
  });
  try {
    const r = await h2.call('GET', '/metrics', { token: null });
    assert.equal(r.statusCode, 200);
    assert.equal(r.body, 'takt_up 1\n');
    assert.equal(r.headers['server'], 'Takt/9.9.9');
  } finally {
    await h2.close();
  }
});

test('unexpected failures are 500 InternalError with a generic message; the real one is only logged', async () => {
  const h2 = await startHarness();
  try {
    const store = h2.store as unknown as { listCloudServices: () => Promise<never> };
    store.listCloudServices = () => Promise.reject(new Error('disk on fire at /var/lib/takt/secret-path'));
    const r = await h2.call('GET', `/${SUB}/cloudservices`);
    assert.equal(r.statusCode, 500);
    assert.equal(errorCode(r.body), 'InternalError');
    assert.doesNotMatch(r.body, /disk on fire|secret-path/);
    assert.ok(h2.logger.lines.some((l) => l.includes('disk on fire')));
  } finally {
    await h2.close();
  }
});

test('an unavailable store is 503 ServerBusy with Retry-After', async () => {
  const h2 = await startHarness();
  try {
    const store = h2.store as unknown as { listCloudServices: () => Promise<never> };
    store.listCloudServices = () => Promise.reject(new StoreUnavailable('connection refused'));
    const r = await h2.call('GET', `/${SUB}/cloudservices`);
    assert.equal(r.statusCode, 503);
    assert.equal(errorCode(r.body), 'ServerBusy');
    assert.equal(r.headers['retry-after'], '5');
    assert.doesNotMatch(r.body, /connection refused/);
  } finally {
    await h2.close();
  }
});

test('a URL Fastify cannot decode matches no route: 404 in the XML error form after authentication, with the common headers', async () => {
  const r = await h.call('GET', `/${SUB}/cloudservices/%zz`);
  assert.equal(r.statusCode, 404, r.body);
  assert.equal(errorCode(r.body), 'ResourceNotFound');
  assert.match(r.body, ERROR_XML);
  assert.match(String(r.headers['x-ms-request-id']), /^[0-9a-f]{32}$/);
  assert.equal(r.headers['server'], 'Takt/9.9.9');
});

test('JSON input: null is absent on PUT, unknown members ignored, a name repeated in any casing takes its last value', async () => {
  const r = await h.call('PUT', jobPath('nulls'), {
    body: '{"action":{"type":"http","request":{"uri":"http://x","method":"GET","body":null},"retryPolicy":null},"startTime":null,"unknownMember":5,"STATE":"enabled","state":"disabled"}',
  });
  assert.equal(r.statusCode, 201, r.body);
  assert.equal(
    r.body,
    '{"id":"nulls","action":{"request":{"uri":"http://x","method":"GET"},"type":"http"},"state":"disabled"}',
  );
});

test('while the server closes, requests get 503 ServerBusy in the XML form with Retry-After', async () => {
  const h2 = await startHarness();
  const closed = h2.app.close();
  const r = await h2.call('GET', `/${SUB}/cloudservices`);
  await closed;
  await h2.store.close();
  assert.equal(r.statusCode, 503);
  assert.equal(errorCode(r.body), 'ServerBusy');
  assert.equal(r.headers['retry-after'], '5');
});
