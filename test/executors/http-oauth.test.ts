// ActiveDirectoryOAuth outbound authentication (docs/reference/scheduling-rules.md §6.1) against a local token
// endpoint: the client-credentials form, the Bearer header, the 5-minute-early renewal and token failures.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import type { ServerResponse } from 'node:http';
import type { HttpAuthentication } from '../../src/domain/job.js';
import { header, HttpSink } from '../support/sinks/http-sink.js';
import { attemptContext, harness, httpAction, type Harness } from './fixtures.js';

const SECRET = 'S3cr3t+/=&value';
let authority: HttpSink;
let target: HttpSink;
let h: Harness;

function oauth(
  overrides: Partial<{ tenant: string; clientId: string; secret: string }> = {},
): HttpAuthentication<string> {
  return {
    type: 'ActiveDirectoryOAuth',
    tenant: 'contoso.onmicrosoft.com',
    audience: 'https://management.core.windows.net/',
    clientId: 'client-app-1',
    secret: SECRET,
    ...overrides,
  };
}

let issued = 0;
function issuing(expiresIn: number | string = 3600): void {
  authority.responder = (_req, res) => {
    issued++;
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify({ token_type: 'Bearer', expires_in: expiresIn, access_token: `token-${issued}` }));
  };
}

before(async () => {
  authority = await HttpSink.start();
  target = await HttpSink.start();
});
beforeEach(async () => {
  await h?.executors.close();
  h = harness({ oauthAuthority: `${authority.url('/auth')}` });
  authority.requests.length = 0;
  target.requests.length = 0;
  issued = 0;
  issuing();
});
after(async () => {
  await h.executors.close();
  await authority.close();
  await target.close();
});

const run = (auth = oauth()) =>
  h.executors.execute(httpAction({ uri: target.url('/api'), authentication: auth }), attemptContext());

test('the token request is the client-credentials form to {authority}/{tenant}/oauth2/token; the token goes out as Bearer', async () => {
  target.requests.length = 0;
  const result = await h.executors.execute(
    httpAction({
      uri: target.url('/api'),
      headers: [['Authorization', 'Basic old']],
      authentication: oauth(),
    }),
    attemptContext(),
  );
  assert.equal(result.ok, true, result.message);
  assert.equal(authority.requests.length, 1);
  const tokenReq = authority.requests[0]!;
  assert.equal(tokenReq.method, 'POST');
  assert.equal(tokenReq.path, '/auth/contoso.onmicrosoft.com/oauth2/token');
  assert.equal(header(tokenReq, 'content-type'), 'application/x-www-form-urlencoded');
  const form = new URLSearchParams(tokenReq.body.toString('utf8'));
  assert.deepEqual(Object.fromEntries(form), {
    grant_type: 'client_credentials',
    client_id: 'client-app-1',
    client_secret: SECRET,
    resource: 'https://management.core.windows.net/',
  });
  assert.deepEqual(
    target.requests[0]!.headers.filter(([n]) => n.toLowerCase() === 'authorization').map(([, v]) => v),
    ['Bearer token-1'],
  );
});

test('the token is cached until 5 minutes before it expires', async () => {
  await run();
  await run();
  assert.equal(authority.requests.length, 1);
  h.clock.advance((3600 - 300) * 1000 - 1);
  await run();
  assert.equal(authority.requests.length, 1);
  assert.equal(header(target.requests.at(-1)!, 'authorization'), 'Bearer token-1');
  h.clock.advance(1);
  await run();
  assert.equal(authority.requests.length, 2);
  assert.equal(header(target.requests.at(-1)!, 'authorization'), 'Bearer token-2');
});

test('expires_in given as a string (as Azure AD v1 does) is honoured', async () => {
  issuing('3599');
  await run();
  await run();
  assert.equal(authority.requests.length, 1);
});

test('a token that expires within 5 minutes is used once but not cached', async () => {
  issuing(120);
  await run();
  await run();
  assert.equal(authority.requests.length, 2);
});

test('each identity has its own token', async () => {
  await run(oauth());
  await run(oauth({ clientId: 'client-app-2' }));
  await run(oauth({ tenant: 'fabrikam' }));
  await run(oauth());
  assert.equal(authority.requests.length, 3);
});

test('concurrent attempts of one identity share a single token request', async () => {
  const results = await Promise.all([run(), run(), run(), run()]);
  for (const r of results) assert.equal(r.ok, true, r.message);
  assert.equal(authority.requests.length, 1);
});

test('an error answer from the authority fails the attempt without reaching the target or revealing the secret', async () => {
  authority.responder = (_req, res) => {
    res.statusCode = 401;
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify({ error: 'invalid_client', error_description: `bad secret ${SECRET}` }));
  };
  target.requests.length = 0;
  const result = await h.executors.execute(
    httpAction({ uri: target.url('/api'), authentication: oauth() }),
    attemptContext(),
  );
  assert.equal(result.ok, false);
  assert.equal(
    result.message,
    "Http Action - Request to host '127.0.0.1' failed: Could not obtain an OAuth token: the authority answered 'Unauthorized' (invalid_client).",
  );
  assert.equal(target.requests.length, 0);
  // A failure is not cached: the next attempt asks again.
  issuing();
  const retry = await run();
  assert.equal(retry.ok, true, retry.message);
  assert.equal(authority.requests.length, 2);
});

test('an authority that echoes the client secret in its error code or reason phrase: the secret is masked, the code bounded', async () => {
  const encoded = new URLSearchParams({ s: SECRET }).toString().slice(2);
  const answers: [reason: string, error: string][] = [
    ['Unauthorized', `invalid_client ${SECRET}`],
    ['Unauthorized', `invalid_client client_secret=${encoded}`],
    [`Bad secret ${SECRET}`, 'invalid_client'],
    [`Bad secret ${encoded}`, 'invalid_client'],
  ];
  for (const [reason, error] of answers) {
    authority.responder = (_req, res) => {
      res.statusCode = 401;
      res.statusMessage = reason;
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ error, error_description: `bad secret ${SECRET}` }));
    };
    const result = await run();
    assert.equal(result.ok, false);
    assert.ok(!result.message.includes(SECRET) && !result.message.includes(encoded), result.message);
    assert.match(result.message, /\*\*\*/);
  }
  // A code is a short word; an authority that sends 60,000 characters leaves 256 of them.
  authority.responder = (_req, res) => {
    res.statusCode = 400;
    res.end(JSON.stringify({ error: 'E'.repeat(60_000) }));
  };
  const long = await run();
  assert.equal(
    long.message,
    `Http Action - Request to host '127.0.0.1' failed: Could not obtain an OAuth token: the authority answered 'Bad Request' (${'E'.repeat(256)}).`,
  );
});

test('an answer without access_token fails the attempt', async () => {
  authority.responder = (_req, res) => res.end('{"token_type":"Bearer"}');
  const result = await run();
  assert.equal(
    result.message,
    "Http Action - Request to host '127.0.0.1' failed: Could not obtain an OAuth token: the authority answered without an access_token.",
  );
});

test('an unreachable authority fails the attempt with the transport reason', async () => {
  const gone = await HttpSink.start();
  const port = gone.port;
  await gone.close();
  const h2 = harness({ oauthAuthority: `http://127.0.0.1:${port}` });
  try {
    const result = await h2.executors.execute(
      httpAction({ uri: target.url('/api'), authentication: oauth() }),
      attemptContext(),
    );
    assert.equal(
      result.message,
      `Http Action - Request to host '127.0.0.1' failed: Could not obtain an OAuth token: connect ECONNREFUSED 127.0.0.1:${port}.`,
    );
  } finally {
    await h2.executors.close();
  }
});

test('an authority that hangs is bounded by the attempt timeout, and named as the one that did not answer', async () => {
  authority.responder = () => undefined;
  const arrived = authority.nextRequest();
  const pending = h.executors.execute(
    httpAction({ uri: target.url('/api'), authentication: oauth() }),
    attemptContext(),
  );
  await arrived;
  h.clock.advance(60_000);
  const result = await pending;
  assert.equal(
    result.message,
    `Http Action - Request to host '127.0.0.1' failed: Could not obtain an OAuth token: the authority '127.0.0.1:${authority.port}' did not answer within 60 seconds.`,
  );
  assert.equal(target.requests.length, 0);
});

test('one waiting attempt being cancelled does not fail another that shares its token request', async () => {
  const held: ServerResponse[] = [];
  authority.responder = (_req, res) => held.push(res);
  const arrived = authority.nextRequest();
  const cancel = new AbortController();
  const first = h.executors.execute(
    httpAction({ uri: target.url('/api'), authentication: oauth() }),
    attemptContext({ signal: cancel.signal }),
  );
  await arrived;
  const second = run();
  cancel.abort();
  const firstResult = await first;
  assert.equal(
    firstResult.message,
    "Http Action - Request to host '127.0.0.1' failed: The attempt was cancelled.",
  );
  held[0]!.setHeader('Content-Type', 'application/json');
  held[0]!.end(JSON.stringify({ expires_in: 3600, access_token: 'shared' }));
  const secondResult = await second;
  assert.equal(secondResult.ok, true, secondResult.message);
  assert.equal(header(target.requests.at(-1)!, 'authorization'), 'Bearer shared');
  assert.equal(authority.requests.length, 1);
});

test('a target that echoes the Authorization it got: the token never reaches the history message', async () => {
  const saved = target.responder;
  target.responder = (req, res) => {
    res.statusCode = 401;
    res.setHeader('X-Echo', String(header(req, 'authorization')));
    res.end(JSON.stringify({ authorization: header(req, 'authorization'), note: `secret ${SECRET}` }));
  };
  try {
    const result = await run();
    assert.equal(result.ok, false);
    assert.doesNotMatch(result.message, /token-1/);
    assert.ok(!result.message.includes(SECRET), result.message);
    assert.match(result.message, /X-Echo: \*\*\*\r\n/);
    assert.match(result.message, /Body: \{"authorization":"\*\*\*","note":"secret \*\*\*"\}/);
  } finally {
    target.responder = saved;
  }
});
