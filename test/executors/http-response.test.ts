// HTTP action results and history messages (docs/reference/scheduling-rules.md §6.1): status text, response headers,
// body capture, the 64 KiB read cap, timeouts and transport failures.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { RawSink } from '../support/sinks/raw-sink.js';
import { attemptContext, harness, httpAction } from './fixtures.js';

const TIMEOUT_MS = 2_000;
let sink: RawSink;
const { clock, executors } = harness({ httpTimeoutMs: TIMEOUT_MS });
const PREFIX = "Http Action - Response from host '127.0.0.1': ";

before(async () => {
  sink = await RawSink.start();
});
after(async () => {
  await executors.close();
  await sink.close();
});

function respond(raw: string | Buffer): void {
  sink.responder = (req) => req.socket.write(raw);
}

test('a 4xx is a failure; the message has the reason phrase, headers in received order with their names, and the body', async () => {
  respond(
    'HTTP/1.1 404 Nope Not Here\r\nContent-Type: text/plain\r\nX-Trace: a\r\nContent-Length: 5\r\nx-trace: b\r\n\r\nnope!',
  );
  const result = await executors.execute(httpAction({ uri: sink.url('/missing') }), attemptContext());
  assert.equal(result.ok, false);
  assert.equal(
    result.message,
    `${PREFIX}'Nope Not Here' Response Headers: Content-Type: text/plain\r\nX-Trace: a, b\r\nContent-Length: 5\r\n Body: nope!`,
  );
});

test('a 2xx is a success with the same message format', async () => {
  respond('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi');
  const result = await executors.execute(httpAction({ uri: sink.url('/ok') }), attemptContext());
  assert.equal(result.ok, true);
  assert.equal(result.message, `${PREFIX}'OK' Response Headers: Content-Length: 2\r\n Body: hi`);
  assert.equal(result.startedAt, clock.now());
  assert.equal(result.endedAt, clock.now());
});

test('an empty reason phrase falls back to the standard phrase, an unknown code to its number', async () => {
  respond('HTTP/1.1 503 \r\nContent-Length: 0\r\n\r\n');
  const r503 = await executors.execute(httpAction({ uri: sink.url('/503') }), attemptContext());
  assert.equal(r503.ok, false);
  assert.equal(r503.message, `${PREFIX}'Service Unavailable' Response Headers: Content-Length: 0\r\n Body: `);

  respond('HTTP/1.1 599 \r\nContent-Length: 0\r\n\r\n');
  const r599 = await executors.execute(httpAction({ uri: sink.url('/599') }), attemptContext());
  assert.equal(r599.ok, false);
  assert.equal(r599.message, `${PREFIX}'599' Response Headers: Content-Length: 0\r\n Body: `);
});

test('a response without headers gives "Response Headers:  Body:" (body read to the end of the connection)', async () => {
  sink.responder = (req) => req.socket.end('HTTP/1.1 500 Oops\r\n\r\nboom');
  const result = await executors.execute(httpAction({ uri: sink.url('/bare') }), attemptContext());
  assert.equal(result.ok, false);
  assert.equal(result.message, `${PREFIX}'Oops' Response Headers:  Body: boom`);
});

test('the body is cut at 1024 characters (not bytes, never inside a surrogate pair)', async () => {
  const body = `${'é'.repeat(1000)}${'😀'.repeat(30)}tail`;
  const bytes = Buffer.from(body, 'utf8');
  respond(Buffer.concat([Buffer.from(`HTTP/1.1 400 Bad\r\nContent-Length: ${bytes.length}\r\n\r\n`), bytes]));
  const result = await executors.execute(httpAction({ uri: sink.url('/long') }), attemptContext());
  const captured = result.message.split(' Body: ')[1]!;
  assert.equal(captured, `${'é'.repeat(1000)}${'😀'.repeat(24)}`);
  assert.equal([...captured].length, 1024);
});

test('the body is decoded by its charset', async () => {
  const bytes = Buffer.from('caf\xe9 cr\xe8me', 'latin1');
  respond(
    Buffer.concat([
      Buffer.from(
        `HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=ISO-8859-1\r\nContent-Length: ${bytes.length}\r\n\r\n`,
      ),
      bytes,
    ]),
  );
  const result = await executors.execute(httpAction({ uri: sink.url('/latin1') }), attemptContext());
  assert.ok(result.message.endsWith(' Body: café crème'), result.message);
});

test('a binary body yields a message without NUL characters', async () => {
  const bytes = Buffer.from([0x00, 0xff, 0xfe, 0x41, 0x00, 0xc3, 0x28, 0x42]);
  respond(
    Buffer.concat([
      Buffer.from(
        `HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: ${bytes.length}\r\n\r\n`,
      ),
      bytes,
    ]),
  );
  const result = await executors.execute(httpAction({ uri: sink.url('/bin') }), attemptContext());
  assert.equal(result.ok, true);
  const captured = result.message.split(' Body: ')[1]!;
  assert.ok(!captured.includes('\0'));
  assert.equal(captured, '\uFFFD\uFFFD\uFFFDA\uFFFD\uFFFD(B');
});

test('an endless body: reading stops at 64 KiB and the connection is closed', async () => {
  let written = 0;
  let socketClosed: Promise<unknown> | undefined;
  sink.responder = (req) => {
    const s = req.socket;
    socketClosed = new Promise((resolve) => s.once('close', resolve)); // a reset is expected: not once()
    s.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n');
    const chunk = Buffer.alloc(8192, 'a');
    const pump = (): void => {
      while (!s.destroyed && s.writable) {
        written += chunk.length;
        if (!s.write(`${chunk.length.toString(16)}\r\n${chunk.toString()}\r\n`)) {
          s.once('drain', pump);
          return;
        }
      }
    };
    pump();
  };
  // Never ends by itself: the ManualClock deadline is not advanced, so only the cap can finish it.
  const result = await executors.execute(httpAction({ uri: sink.url('/endless') }), attemptContext());
  await socketClosed;
  assert.equal(result.ok, true);
  assert.equal(
    result.message,
    `${PREFIX}'OK' Response Headers: Transfer-Encoding: chunked\r\n Body: ${'a'.repeat(1024)}`,
  );
  assert.ok(written >= 64 * 1024);
});

test('a target that never answers fails with the timeout message when the deadline passes', async () => {
  sink.responder = () => undefined;
  const arrived = sink.nextRequest();
  const pending = executors.execute(httpAction({ uri: sink.url('/hang') }), attemptContext());
  await arrived;
  clock.advance(TIMEOUT_MS);
  const result = await pending;
  assert.equal(result.ok, false);
  assert.equal(
    result.message,
    "Http Action - Request to host '127.0.0.1' failed: The request timed out after 2 seconds.",
  );
  assert.equal(result.endedAt - result.startedAt, TIMEOUT_MS);
});

test('a body that stalls after the headers also ends in the timeout message', async () => {
  sink.responder = (req) => req.socket.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial');
  const arrived = sink.nextRequest();
  const pending = executors.execute(httpAction({ uri: sink.url('/stall') }), attemptContext());
  await arrived;
  // Let the headers and the first bytes reach the client before the deadline passes.
  await new Promise<void>((resolve) => setImmediate(resolve));
  clock.advance(TIMEOUT_MS);
  const result = await pending;
  assert.equal(result.ok, false);
  assert.equal(
    result.message,
    "Http Action - Request to host '127.0.0.1' failed: The request timed out after 2 seconds.",
  );
});

test('connection refused is a failure with the platform description', async () => {
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const port = (probe.address() as AddressInfo).port;
  probe.close();
  await once(probe, 'close');
  const result = await executors.execute(httpAction({ uri: `http://127.0.0.1:${port}/x` }), attemptContext());
  assert.equal(result.ok, false);
  assert.equal(
    result.message,
    `Http Action - Request to host '127.0.0.1' failed: connect ECONNREFUSED 127.0.0.1:${port}`,
  );
});

test('a name that does not resolve is a failure naming it', async () => {
  const result = await executors.execute(
    httpAction({ uri: 'http://no-such-host.invalid/x' }),
    attemptContext(),
  );
  assert.equal(result.ok, false);
  assert.match(
    result.message,
    /^Http Action - Request to host 'no-such-host\.invalid' failed: getaddrinfo (ENOTFOUND|EAI_AGAIN) no-such-host\.invalid$/,
  );
});

test('a connection reset before any response is a failure', async () => {
  sink.responder = (req) => req.socket.resetAndDestroy();
  const result = await executors.execute(httpAction({ uri: sink.url('/reset') }), attemptContext());
  assert.equal(result.ok, false);
  assert.match(result.message, /^Http Action - Request to host '127\.0\.0\.1' failed: \S/);
});

test('a response whose body breaks off is a failure that still names the status the target sent', async () => {
  // The status line and headers arrive, then the connection closes 10 bytes into a 100-byte body.
  sink.responder = (req) =>
    req.socket.end('HTTP/1.1 500 Internal Server Error\r\nContent-Length: 100\r\n\r\n0123456789');
  const r500 = await executors.execute(httpAction({ uri: sink.url('/cut-500') }), attemptContext());
  assert.equal(r500.ok, false);
  assert.equal(
    r500.message,
    "Http Action - Request to host '127.0.0.1' failed: The response 'Internal Server Error' was cut off while its body was read: other side closed",
  );
  sink.responder = (req) => req.socket.end('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789');
  const r200 = await executors.execute(httpAction({ uri: sink.url('/cut-200') }), attemptContext());
  assert.equal(r200.ok, false, 'the body is part of the attempt, as for the timeout');
  assert.equal(
    r200.message,
    "Http Action - Request to host '127.0.0.1' failed: The response 'OK' was cut off while its body was read: other side closed",
  );
});
