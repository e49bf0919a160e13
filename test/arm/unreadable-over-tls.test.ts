// A request Node's parser cannot read gets the error form of the surface its request line names
// when the failing chunk holds that line (src/api/client-error-answer.ts, docs/api.md): an oversized
// header section sent with its request line over TCP. When the failure comes without the line —
// over TLS (records of at most 16 KiB, so an oversized header section fails in a later record), in
// a later write, or a 408 (the parser holds no bytes at all) — the answer is the classic <Error>
// form with the same status: knowing the path there would cost every request Node's native parsing.
import assert from 'node:assert/strict';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { connect as tcpConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { after, before, test } from 'node:test';
import { createCa, issueServer, type TestCa } from '../support/sinks/certs.js';
import { SUB, startHarness, type Harness } from '../api/harness.js';
import { JC, V } from './arm-harness.js';

let ca: TestCa;
let tls: { h: Harness; port: number };
let plain: { h: Harness; port: number };

before(async () => {
  ca = await createCa();
  const server = await issueServer(ca);
  const timeouts = { headersTimeout: 400, requestTimeout: 400, connectionsCheckingInterval: 100 };
  const tlsHarness = await startHarness({
    build: {
      createServer: (handler) =>
        createServer(
          { key: server.keyPem, cert: server.certPem, minVersion: 'TLSv1.2', ...timeouts },
          handler,
        ),
    },
  });
  await tlsHarness.app.listen({ host: '127.0.0.1', port: 0 });
  tls = { h: tlsHarness, port: (tlsHarness.app.server.address() as AddressInfo).port };
  // The same short timeouts: with Node's defaults (60 s, checked every 30 s) the 408 took 90 s.
  const plainHarness = await startHarness({
    build: { createServer: (handler) => createHttpServer(timeouts, handler) },
  });
  await plainHarness.app.listen({ host: '127.0.0.1', port: 0 });
  plain = { h: plainHarness, port: (plainHarness.app.server.address() as AddressInfo).port };
});
after(async () => {
  await tls.h.close();
  await plain.h.close();
});

/** Writes each piece in turn (waiting `gapMs` between them) and resolves with all the server wrote. */
function exchange(socket: Socket, pieces: readonly string[], gapMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', (e: NodeJS.ErrnoException) => (e.code === 'ECONNRESET' ? undefined : reject(e)));
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    const write = (i: number): void => {
      const piece = pieces[i];
      if (piece === undefined || socket.destroyed) return;
      socket.write(piece);
      setTimeout(() => write(i + 1), gapMs);
    };
    write(0);
  });
}

function overTls(pieces: readonly string[], gapMs = 50): Promise<string> {
  const socket = tlsConnect({ host: '127.0.0.1', port: tls.port, ca: ca.certPem, servername: 'localhost' });
  return new Promise((resolve, reject) => {
    socket.once('secureConnect', () => void exchange(socket, pieces, gapMs).then(resolve, reject));
    socket.once('error', reject);
  });
}

function overTcp(pieces: readonly string[], gapMs = 50): Promise<string> {
  const socket = tcpConnect(plain.port, '127.0.0.1');
  return new Promise((resolve, reject) => {
    socket.once('connect', () => void exchange(socket, pieces, gapMs).then(resolve, reject));
    socket.once('error', reject);
  });
}

function split(answer: string): { head: string; body: string } {
  const at = answer.indexOf('\r\n\r\n');
  assert.ok(at > 0, `an HTTP answer, got ${JSON.stringify(answer.slice(0, 200))}`);
  return { head: answer.slice(0, at), body: answer.slice(at + 4) };
}

function assertArm(answer: string, status: number): void {
  const { head, body } = split(answer);
  assert.match(head, new RegExp(`^HTTP/1\\.1 ${status} `));
  assert.match(head, /\r\nContent-Type: application\/json; charset=utf-8\r\n/i, head);
  const doc = JSON.parse(body) as { error: { code: string; message: string } };
  assert.equal(doc.error.code, 'BadRequest');
  assert.ok(doc.error.message.length > 0);
}

function assertClassic(answer: string, status: number): void {
  const { head, body } = split(answer);
  assert.match(head, new RegExp(`^HTTP/1\\.1 ${status} `));
  assert.match(head, /\r\nContent-Type: application\/xml; charset=utf-8\r\n/i, head);
  assert.match(body, /^<Error xmlns=".*"><Code>BadRequest<\/Code><Message>.+<\/Message><\/Error>$/);
}

const armLine = `GET ${JC('jc')}?api-version=${V} HTTP/1.1\r\nHost: a\r\n`;
const classicLine = `GET /${SUB}/cloudservices HTTP/1.1\r\nHost: a\r\nx-ms-version: 2013-03-01\r\n`;
const bigHeaders = `X-Big: ${'a'.repeat(20_000)}\r\n`.repeat(5) + '\r\n';

test('431 with the request line in the failing chunk (TCP, one write): the form of its path', async () => {
  assertArm(await overTcp([armLine + bigHeaders], 0), 431);
  assertClassic(await overTcp([classicLine + bigHeaders], 0), 431);
});

test('431 over TLS, or in a later write than the request line: the classic <Error> form, the status kept', async () => {
  assertClassic(await overTls([armLine + bigHeaders], 0), 431);
  assertClassic(await overTls([classicLine + bigHeaders], 0), 431);
  assertClassic(await overTcp([armLine, bigHeaders]), 431);
});

test('408 when the headers do not arrive in time: 408 in the classic <Error> form, on either surface', async () => {
  assertClassic(await overTls([armLine]), 408);
  assertClassic(await overTls([classicLine]), 408);
  assertClassic(await overTcp([armLine]), 408);
});
