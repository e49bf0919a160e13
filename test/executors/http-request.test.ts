// HTTP action request composition (docs/reference/scheduling-rules.md §6.1): method, URI, headers, body, tracking
// headers.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { header, HttpSink } from '../support/sinks/http-sink.js';
import { attemptContext, harness, httpAction, VERSION } from './fixtures.js';

let sink: HttpSink;
const { executors } = harness();

before(async () => {
  sink = await HttpSink.start();
});
after(async () => {
  await executors.close();
  await sink.close();
});

test('POST sends method, path and query, job headers as stored, body, default Content-Type and User-Agent', async () => {
  const result = await executors.execute(
    httpAction({
      uri: sink.url('/hooks/run?x=1&y=%20z'),
      method: 'POST',
      headers: [
        ['X-Custom-Header', 'Value One'],
        ['x-lower', 'two'],
      ],
      body: 'héllo wörld',
    }),
    attemptContext(),
  );
  assert.equal(result.ok, true, result.message);
  const req = sink.requests.at(-1)!;
  assert.equal(req.method, 'POST');
  assert.equal(req.path, '/hooks/run?x=1&y=%20z');
  assert.equal(req.body.toString('utf8'), 'héllo wörld');
  assert.equal(header(req, 'content-length'), String(Buffer.byteLength('héllo wörld')));
  assert.equal(header(req, 'content-type'), 'text/plain; charset=utf-8');
  assert.equal(header(req, 'user-agent'), `Takt/${VERSION}`);
  assert.equal(header(req, 'host'), `127.0.0.1:${sink.port}`);
  // Stored names travel with their casing.
  assert.ok(req.headers.some(([n, v]) => n === 'X-Custom-Header' && v === 'Value One'));
  assert.ok(req.headers.some(([n, v]) => n === 'x-lower' && v === 'two'));
});

test('every tracking header is sent, and they replace same-named job headers', async () => {
  const ctx = attemptContext({ expectedExecutionTime: Date.parse('2026-03-02T02:00:00.250Z') });
  const result = await executors.execute(
    httpAction({
      uri: sink.url('/track'),
      headers: [
        ['x-ms-execution-tag', 'forged'],
        ['X-MS-Client-Request-Id', 'forged'],
      ],
    }),
    ctx,
  );
  assert.equal(result.ok, true, result.message);
  const req = sink.requests.at(-1)!;
  assert.equal(header(req, 'x-ms-scheduler-jobid'), 'nightly-report');
  assert.equal(header(req, 'x-ms-scheduler-jobcollectionid'), 'jc1');
  assert.equal(header(req, 'x-ms-scheduler-expected-execution-time'), '2026-03-02T02:00:00.25Z');
  assert.equal(header(req, 'x-ms-scheduler-execution-region'), 'West Europe');
  assert.equal(header(req, 'x-ms-execution-tag'), ctx.executionTag);
  assert.equal(header(req, 'x-ms-client-request-id'), ctx.clientRequestId);
  assert.equal(req.headers.filter(([n]) => n.toLowerCase() === 'x-ms-execution-tag').length, 1);
  assert.equal(req.headers.filter(([n]) => n.toLowerCase() === 'x-ms-client-request-id').length, 1);
});

test('the expected execution time has no fraction when it is a whole second', async () => {
  await executors.execute(httpAction({ uri: sink.url('/whole') }), attemptContext());
  assert.equal(
    header(sink.requests.at(-1)!, 'x-ms-scheduler-expected-execution-time'),
    '2026-03-02T02:00:00Z',
  );
});

test('GET and HEAD keep a stored body but do not send it, nor a default Content-Type', async () => {
  for (const method of ['GET', 'HEAD'] as const) {
    const result = await executors.execute(
      httpAction({ uri: sink.url(`/${method}`), method, body: 'not sent' }),
      attemptContext(),
    );
    assert.equal(result.ok, true, result.message);
    const req = sink.requests.at(-1)!;
    assert.equal(req.method, method);
    assert.equal(req.body.length, 0);
    assert.equal(header(req, 'content-type'), undefined);
    assert.ok(!header(req, 'content-length') || header(req, 'content-length') === '0');
  }
});

test('PUT, PATCH, DELETE and OPTIONS send the body', async () => {
  for (const method of ['PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const) {
    const result = await executors.execute(
      httpAction({ uri: sink.url('/m'), method, body: `body of ${method}` }),
      attemptContext(),
    );
    assert.equal(result.ok, true, result.message);
    const req = sink.requests.at(-1)!;
    assert.equal(req.method, method);
    assert.equal(req.body.toString(), `body of ${method}`);
  }
});

test("the job's Content-Type and User-Agent win over the defaults", async () => {
  await executors.execute(
    httpAction({
      uri: sink.url('/ct'),
      method: 'POST',
      headers: [
        ['content-type', 'application/json'],
        ['User-Agent', 'my-agent/1'],
      ],
      body: '{"a":1}',
    }),
    attemptContext(),
  );
  const req = sink.requests.at(-1)!;
  assert.deepEqual(
    req.headers.filter(([n]) => n.toLowerCase() === 'content-type'),
    [['content-type', 'application/json']],
  );
  assert.deepEqual(
    req.headers.filter(([n]) => n.toLowerCase() === 'user-agent'),
    [['User-Agent', 'my-agent/1']],
  );
});

test('computed headers from the job are not sent as stored', async () => {
  const result = await executors.execute(
    httpAction({
      uri: sink.url('/computed'),
      method: 'POST',
      headers: [
        ['Host', 'evil.example'],
        ['Content-Length', '999'],
        ['Connection', 'close'],
        ['Keep-Alive', 'timeout=1'],
        ['Transfer-Encoding', 'chunked'],
        ['TE', 'trailers'],
        ['Trailer', 'X-T'],
        ['Upgrade', 'websocket'],
        ['Expect', '100-continue'],
        ['X-Kept', 'yes'],
      ],
      body: 'abc',
    }),
    attemptContext(),
  );
  assert.equal(result.ok, true, result.message);
  const req = sink.requests.at(-1)!;
  assert.equal(header(req, 'host'), `127.0.0.1:${sink.port}`);
  assert.equal(header(req, 'content-length'), '3');
  for (const name of ['keep-alive', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'expect']) {
    assert.equal(header(req, name), undefined, name);
  }
  assert.notEqual(header(req, 'connection'), 'close');
  assert.equal(header(req, 'x-kept'), 'yes');
  assert.equal(req.body.toString(), 'abc');
});

test('Basic authentication replaces a job Authorization header', async () => {
  await executors.execute(
    httpAction({
      uri: sink.url('/basic'),
      headers: [['Authorization', 'Bearer stale']],
      authentication: { type: 'Basic', username: 'üser', password: 'pä:ss' },
    }),
    attemptContext(),
  );
  const req = sink.requests.at(-1)!;
  assert.deepEqual(
    req.headers.filter(([n]) => n.toLowerCase() === 'authorization').map(([, v]) => v),
    [`Basic ${Buffer.from('üser:pä:ss', 'utf8').toString('base64')}`],
  );
});

test('a target that echoes Basic credentials: the history message masks the header value, its base64 and the password', async () => {
  const saved = sink.responder;
  sink.responder = (req, res) => {
    res.statusCode = 401;
    const sent = String(header(req, 'authorization'));
    res.setHeader('X-Echo', sent);
    res.end(`{"authorization":"${sent}","b64":"${sent.slice(6)}","password":"BASICPWD_aa11","user":"bob"}`);
  };
  try {
    const result = await executors.execute(
      httpAction({
        uri: sink.url('/echo'),
        authentication: { type: 'Basic', username: 'bob', password: 'BASICPWD_aa11' },
      }),
      attemptContext(),
    );
    assert.equal(result.ok, false);
    assert.ok(result.message.includes('X-Echo: ***\r\n'), result.message);
    assert.ok(
      result.message.endsWith('Body: {"authorization":"***","b64":"***","password":"***","user":"bob"}'),
      result.message,
    );
    assert.ok(!result.message.includes(Buffer.from('bob:BASICPWD_aa11').toString('base64')));
  } finally {
    sink.responder = saved;
  }
});

test('a job Authorization header is sent as stored when there is no outbound authentication', async () => {
  await executors.execute(
    httpAction({ uri: sink.url('/own-auth'), headers: [['Authorization', 'Bearer mine']] }),
    attemptContext(),
  );
  assert.equal(header(sink.requests.at(-1)!, 'authorization'), 'Bearer mine');
});

test('a 2xx other than 200 is a success', async () => {
  sink.responder = (_req, res) => {
    res.statusCode = 204;
    res.end();
  };
  try {
    const result = await executors.execute(httpAction({ uri: sink.url('/204') }), attemptContext());
    assert.equal(result.ok, true);
    assert.match(
      result.message,
      /^Http Action - Response from host '127\.0\.0\.1': 'No Content' Response Headers: /,
    );
  } finally {
    sink.responder = (_req, res) => res.end('ok');
  }
});
