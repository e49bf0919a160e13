// HTTP action redirects (docs/reference/scheduling-rules.md §6.1): fetch semantics, at most 5, Authorization dropped
// across origins, a 3xx without Location is final.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ServerResponse } from 'node:http';
import type { HttpMethod } from '../../src/domain/job.js';
import { header, HttpSink, type RecordedRequest } from '../support/sinks/http-sink.js';
import { attemptContext, harness, httpAction } from './fixtures.js';

let a: HttpSink;
let b: HttpSink;
const { executors } = harness();

before(async () => {
  a = await HttpSink.start();
  b = await HttpSink.start();
});
after(async () => {
  await executors.close();
  await a.close();
  await b.close();
});

/** `/r/<status>/<n>` redirects with `status` n times (to `/r/<status>/<n-1>`, on sink `to`), then answers 200. */
function redirecting(to: () => HttpSink, status: number) {
  return (req: RecordedRequest, res: ServerResponse): void => {
    const m = /^\/r\/(\d+)\/(\d+)/.exec(req.path);
    const n = Number(m?.[2] ?? 0);
    if (n === 0) {
      res.end('landed');
      return;
    }
    res.statusCode = status;
    res.setHeader('Location', to().url(`/r/${status}/${n - 1}`));
    res.end();
  };
}

function reset(): void {
  a.requests.length = 0;
  b.requests.length = 0;
  a.responder = (_req, res) => res.end('ok');
  b.responder = (_req, res) => res.end('ok');
}

async function run(method: HttpMethod, status: number, headers: [string, string][] = []) {
  reset();
  a.responder = redirecting(() => a, status);
  const result = await executors.execute(
    httpAction({ uri: a.url(`/r/${status}/1`), method, headers, body: 'payload' }),
    attemptContext(),
  );
  assert.equal(result.ok, true, result.message);
  assert.equal(a.requests.length, 2);
  return a.requests[1]!;
}

test('303 after POST (or PUT) becomes GET without body and without its Content-Type', async () => {
  for (const method of ['POST', 'PUT'] as const) {
    const second = await run(method, 303, [['Content-Type', 'application/json']]);
    assert.equal(second.method, 'GET');
    assert.equal(second.body.length, 0);
    assert.equal(header(second, 'content-type'), undefined);
    assert.equal(header(second, 'x-ms-execution-tag'), attemptContext().executionTag);
  }
});

test('301 and 302 after POST become GET; after PUT they keep method and body', async () => {
  for (const status of [301, 302]) {
    const post = await run('POST', status);
    assert.equal(post.method, 'GET', String(status));
    assert.equal(post.body.length, 0);
    const put = await run('PUT', status);
    assert.equal(put.method, 'PUT', String(status));
    assert.equal(put.body.toString(), 'payload');
  }
});

test('307 and 308 keep method and body', async () => {
  for (const status of [307, 308]) {
    const second = await run('POST', status, [['Content-Type', 'application/json']]);
    assert.equal(second.method, 'POST');
    assert.equal(second.body.toString(), 'payload');
    assert.equal(header(second, 'content-type'), 'application/json');
  }
});

test('Authorization is kept on the same origin and dropped when the origin changes', async () => {
  reset();
  a.responder = (req, res) => {
    res.statusCode = 302;
    res.setHeader('Location', req.path === '/start' ? '/same' : b.url('/other'));
    res.end();
  };
  const result = await executors.execute(
    httpAction({ uri: a.url('/start'), authentication: { type: 'Basic', username: 'u', password: 'p' } }),
    attemptContext(),
  );
  assert.equal(result.ok, true, result.message);
  assert.deepEqual(
    a.requests.map((r) => [r.path, header(r, 'authorization')]),
    [
      ['/start', `Basic ${Buffer.from('u:p').toString('base64')}`],
      ['/same', `Basic ${Buffer.from('u:p').toString('base64')}`],
    ],
  );
  assert.equal(b.requests.length, 1);
  assert.equal(header(b.requests[0]!, 'authorization'), undefined);
  assert.equal(header(b.requests[0]!, 'x-ms-client-request-id'), attemptContext().clientRequestId);
});

test("a job's own Cookie and Proxy-Authorization stay with its origin, as Authorization does", async () => {
  reset();
  a.responder = (req, res) => {
    res.statusCode = 302;
    res.setHeader('Location', req.path === '/start' ? '/same' : b.url('/other'));
    res.end();
  };
  const own: [string, string][] = [
    ['Cookie', 'session=s3cret'],
    ['Proxy-Authorization', 'Basic cHJveHk6cHc='],
    ['X-Custom', 'kept'],
  ];
  const result = await executors.execute(
    httpAction({ uri: a.url('/start'), headers: own }),
    attemptContext(),
  );
  assert.equal(result.ok, true, result.message);
  assert.deepEqual(
    a.requests.map((r) => [header(r, 'cookie'), header(r, 'proxy-authorization')]),
    [
      ['session=s3cret', 'Basic cHJveHk6cHc='],
      ['session=s3cret', 'Basic cHJveHk6cHc='],
    ],
    'kept on the same origin',
  );
  assert.equal(b.requests.length, 1);
  assert.equal(header(b.requests[0]!, 'cookie'), undefined);
  assert.equal(header(b.requests[0]!, 'proxy-authorization'), undefined);
  assert.equal(header(b.requests[0]!, 'x-custom'), 'kept', 'other headers travel on');
});

test('the message names the host of the job URI even when the final response came from elsewhere', async () => {
  reset();
  a.responder = (_req, res) => {
    res.statusCode = 307;
    res.setHeader('Location', b.url('/elsewhere', 'localhost'));
    res.end();
  };
  b.responder = (_req, res) => {
    res.statusCode = 500;
    res.end('down');
  };
  const result = await executors.execute(httpAction({ uri: a.url('/go') }), attemptContext());
  assert.equal(result.ok, false);
  assert.match(result.message, /^Http Action - Response from host '127\.0\.0\.1': 'Internal Server Error' /);
  assert.ok(result.message.endsWith(' Body: down'));
});

test('five redirects are followed; a sixth fails with "Too many redirects."', async () => {
  reset();
  a.responder = redirecting(() => a, 302);
  const five = await executors.execute(httpAction({ uri: a.url('/r/302/5') }), attemptContext());
  assert.equal(five.ok, true, five.message);
  assert.equal(a.requests.length, 6);

  reset();
  a.responder = redirecting(() => a, 302);
  const six = await executors.execute(httpAction({ uri: a.url('/r/302/6') }), attemptContext());
  assert.equal(six.ok, false);
  assert.equal(six.message, "Http Action - Request to host '127.0.0.1' failed: Too many redirects.");
  assert.equal(a.requests.length, 6);
});

test('a redirect loop ends in "Too many redirects."', async () => {
  reset();
  a.responder = (_req, res) => {
    res.statusCode = 308;
    res.setHeader('Location', '/loop');
    res.end();
  };
  const result = await executors.execute(
    httpAction({ uri: a.url('/loop'), method: 'POST', body: 'x' }),
    attemptContext(),
  );
  assert.equal(result.message, "Http Action - Request to host '127.0.0.1' failed: Too many redirects.");
});

test('a 3xx without Location is the final response (a failure, reported as such)', async () => {
  reset();
  a.responder = (_req, res) => {
    res.statusCode = 302;
    res.end('no location');
  };
  const result = await executors.execute(httpAction({ uri: a.url('/nowhere') }), attemptContext());
  assert.equal(result.ok, false);
  assert.match(
    result.message,
    /^Http Action - Response from host '127\.0\.0\.1': 'Found' Response Headers: /,
  );
  assert.ok(result.message.endsWith(' Body: no location'));
  assert.equal(a.requests.length, 1);
});

test('a redirect to a non-HTTP scheme fails with a clear reason', async () => {
  reset();
  a.responder = (_req, res) => {
    res.statusCode = 302;
    res.setHeader('Location', 'ftp://127.0.0.1/file');
    res.end();
  };
  const result = await executors.execute(httpAction({ uri: a.url('/ftp') }), attemptContext());
  assert.equal(result.ok, false);
  assert.equal(
    result.message,
    "Http Action - Request to host '127.0.0.1' failed: The redirect location uses the unsupported scheme 'ftp'.",
  );
});
