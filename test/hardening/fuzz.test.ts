// Hardening item 1: generated hostile input against a real `takt serve` (fast-check, fixed seed).
// Over 10,000 requests — mutated job JSON and collection/cloud-service XML (wrong types, huge
// numbers, deep nesting up to 100,000 levels, unicode and control characters, invalid UTF-8 bytes,
// duplicate and prototype keys, invalid dates and durations, entities, DTDs, billion laughs),
// random paths and verbs, broken headers; on the ARM surface hostile `properties` of jobs,
// collection bodies, api-versions and ARM-looking paths — plus raw
// TLS requests with truncated, oversized and malformed framing. Assertions: never a 5xx, the
// process never dies, every error (HEAD aside: no body) is an Azure <Error> with a code and a
// message (on ARM paths `{"error":{"code","message"}}`), and the store holds exactly what it held
// before.
//
// The store comparison reads every table through a second, read-only SQLite connection. In
// `operations` the records of rejected requests are legitimately added (docs/reference/classic-operations.md §9: a
// rejected request's operation record shows Failed): there, the rows from before must be unchanged
// and every new row must be a Failed record with the error's code.
import assert from 'node:assert/strict';
import { Agent, request } from 'node:https';
import { connect } from 'node:tls';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { armFuzzRequest } from './support/fuzz-arm-requests.js';
import { fuzzRequest, type FuzzRequest, type FuzzTarget } from './support/fuzz-requests.js';
import { call, parseError, seedTenant, serve, type Served } from './support/serve.js';

const SEED = 20_261_122;
/** Generated; Node's own client refuses a few percent of the paths (unescaped characters) before sending. */
const RUNS = 13_300;
/** Requests that must really reach the server (the issue's "at least 10,000", plus the ARM share). */
const MIN_SENT = 12_500;
const CONCURRENCY = 8;
/** Longest error message accepted (query echoes are bounded by the URL size; bodies must not be echoed). */
const MAX_MESSAGE_CHARS = 4096;
/** Tables whose rows rejected requests may legitimately add (see the header). */
const EXCLUDED_TABLES = new Set(['operations']);

/** Every row of every table (but the excluded), in rowid order, as comparable JSON. */
function dumpStore(file: string): Record<string, string> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const tables = (
      db
        .prepare(
          `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`,
        )
        .all() as { name: string }[]
    ).map((r) => r.name);
    const out: Record<string, string> = {};
    for (const t of tables) {
      if (EXCLUDED_TABLES.has(t)) continue;
      // A WITHOUT ROWID table (job_collection_slots) has no rowid: its primary key orders it.
      const withoutRowid = /\bWITHOUT\s+ROWID\b/i.test(
        (db.prepare(`SELECT sql FROM sqlite_master WHERE name = ?`).pluck().get(t) as string | undefined) ??
          '',
      );
      const rows = db.prepare(`SELECT * FROM "${t}"${withoutRowid ? '' : ' ORDER BY rowid'}`).all();
      out[t] = JSON.stringify(rows, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('base64') : v));
    }
    return out;
  } finally {
    db.close();
  }
}

interface OperationRow {
  readonly subscription_id: string;
  readonly id: string;
  readonly status: string;
  readonly http_status_code: number | null;
  readonly error_code: string | null;
}

function operationRows(file: string): OperationRow[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT * FROM operations ORDER BY rowid').all() as OperationRow[];
  } finally {
    db.close();
  }
}

interface Outcome {
  readonly status: number;
  readonly body: string;
}

/**
 * Sends one request; a connection the server closed after a previous answer on the same keep-alive
 * socket (ECONNRESET, "socket hang up") is retried once on a fresh connection.
 */
async function sendWithRetry(s: Served, agent: Agent, r: FuzzRequest): Promise<Outcome | 'client refused'> {
  try {
    return await send(s, agent, r);
  } catch {
    return send(s, new Agent({ keepAlive: false, ca: s.ca, cert: s.admin.cert, key: s.admin.key }), r);
  }
}

function send(s: Served, agent: Agent, r: FuzzRequest): Promise<Outcome | 'client refused'> {
  return new Promise((resolve, reject) => {
    let req;
    const bytes = r.body === undefined ? undefined : Buffer.from(r.body, r.bodyEncoding ?? 'utf8');
    try {
      // Content-Length is set explicitly: Node's client sends a DELETE/OPTIONS body unframed otherwise,
      // which the server then reads as a second, garbage request (framing abuse is its own test below).
      const headers =
        bytes === undefined ? r.headers : { ...r.headers, 'content-length': String(bytes.length) };
      req = request(new URL(s.url), { agent, method: r.method, path: r.path, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      });
    } catch {
      // Node's own client refuses some of the generated paths (unescaped characters): nothing was sent.
      resolve('client refused');
      return;
    }
    req.on('error', reject);
    req.end(bytes);
  });
}

/** A raw request over TLS with the admin certificate: what the server answered (head and body) before closing. */
function sendRaw(s: Served, bytes: Buffer | string, opts: { endAfterWrite: boolean }): Promise<string> {
  const url = new URL(s.url);
  return new Promise((resolve) => {
    const socket = connect({
      host: url.hostname,
      port: Number(url.port),
      ca: s.ca,
      cert: s.admin.cert,
      key: s.admin.key,
      servername: 'localhost',
    });
    const chunks: Buffer[] = [];
    socket.on('secureConnect', () => {
      socket.write(bytes);
      if (opts.endAfterWrite) socket.end();
    });
    socket.on('data', (c: Buffer) => {
      chunks.push(c);
      // One whole answer is all we look at; the server may keep the connection open after it.
      if (!opts.endAfterWrite && wholeAnswer(Buffer.concat(chunks).toString('latin1'))) socket.end();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
  });
}

/** True once `text` holds a status line, headers and as many body bytes as Content-Length says. */
function wholeAnswer(text: string): boolean {
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return false;
  const length = /\r\ncontent-length: *(\d+)/i.exec(text.slice(0, end))?.[1];
  return Buffer.byteLength(text.slice(end + 4), 'latin1') >= Number(length ?? 0);
}

/** The ARM error form: `{"error":{"code","message"}}`, both non-empty strings. */
function parseArmError(body: string): { code: string; message: string } | undefined {
  try {
    const e = (JSON.parse(body) as { error?: { code?: unknown; message?: unknown } }).error;
    if (
      typeof e?.code === 'string' &&
      e.code !== '' &&
      typeof e.message === 'string' &&
      e.message.trim() !== ''
    )
      return { code: e.code, message: e.message };
  } catch {
    // not JSON
  }
  return undefined;
}

function assertSane(where: string, method: string, path: string, o: Outcome): string | undefined {
  if (o.status >= 500) return `${where}: ${o.status} ${o.body.slice(0, 300)}`;
  if (o.status >= 400 && method !== 'HEAD') {
    const arm = /^\/subscriptions(?:\/|$|\?)/i.test(path);
    const e = arm ? parseArmError(o.body) : parseError(o.body);
    if (!e)
      return `${where}: ${o.status} without ${arm ? 'an ARM error' : 'an <Error>'} body: ${o.body.slice(0, 300)}`;
    if (/\n\s+at |node_modules|\/src\//.test(e.message)) return `${where}: internal detail in ${e.message}`;
    // Messages describe a rejected value briefly; they are also logged and kept in operation records.
    if (e.message.length > MAX_MESSAGE_CHARS)
      return `${where}: a message of ${e.message.length} characters: ${e.message.slice(0, 200)}`;
  }
  return undefined;
}

describe('fuzz: hostile requests against a real takt serve', () => {
  let s: Served;
  let target: FuzzTarget;
  let before_: Record<string, string>;
  let operationsBefore: OperationRow[];
  const tally = new Map<string, number>();

  before(async () => {
    // 10,000 requests from one subscription as fast as the machine goes: the per-subscription rate
    // limit (its own 503s are proven in overload.test.ts) would otherwise answer some of them.
    s = await serve([], { TAKT_API_RATE_LIMIT: '0' });
    target = { sub: s.admin.subscriptionId, cs: 'keep-cs-7b1e', jc: 'keep-jc-7b1e' };
    await seedTenant(s, s.admin, { cs: target.cs, jc: target.jc, job: 'keep-job-7b1e' });
    before_ = dumpStore(join(s.dataDir, 'takt.db'));
    operationsBefore = operationRows(join(s.dataDir, 'takt.db'));
    assert.equal(operationsBefore.length, 3, 'the seeding PUTs left their operation records');
    assert.ok(before_['jobs']?.includes('keep-job-7b1e'), 'the dump sees the seeded job');
  });
  after(async () => {
    await s?.stop();
  });

  test(`${RUNS} generated requests, at least ${MIN_SENT} sent (seed ${SEED}): no 5xx, every error an <Error> with code and message`, async (t) => {
    const requests = fc.sample(
      fc.oneof(
        { weight: 4, arbitrary: fuzzRequest(target) },
        { weight: 1, arbitrary: armFuzzRequest(target) },
      ),
      { seed: SEED, numRuns: RUNS },
    );
    const agent = new Agent({
      keepAlive: true,
      maxSockets: CONCURRENCY,
      ca: s.ca,
      cert: s.admin.cert,
      key: s.admin.key,
    });
    const problems: string[] = [];
    let sent = 0;
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < requests.length) {
        const r = requests[next++]!;
        let o: Outcome | 'client refused';
        try {
          o = await sendWithRetry(s, agent, r);
        } catch (e) {
          if (problems.length < 20)
            problems.push(
              `${r.kind} ${r.method} ${r.path.slice(0, 120)}: no answer (${e instanceof Error ? e.message : String(e)})`,
            );
          continue;
        }
        if (o === 'client refused') continue;
        sent++;
        tally.set(`${r.kind} ${o.status}`, (tally.get(`${r.kind} ${o.status}`) ?? 0) + 1);
        const p = assertSane(`${r.kind} ${r.method} ${r.path.slice(0, 120)}`, r.method, r.path, o);
        if (p && problems.length < 20)
          problems.push(
            `${p}\n    request body: ${JSON.stringify(r.body?.slice(0, 200))} headers: ${JSON.stringify(r.headers).slice(0, 200)}`,
          );
      }
    };
    try {
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    } finally {
      agent.destroy();
    }
    t.diagnostic(
      `sent ${sent}; kind and status: ${[...tally]
        .sort()
        .map(([k, n]) => `${k}=${n}`)
        .join(', ')}`,
    );
    assert.deepEqual(problems, []);
    assert.ok(sent >= MIN_SENT, `at least ${MIN_SENT} requests reached the server (${sent})`);
    // The mix really exercised validation, routing and authentication, not one path only.
    const statuses = new Set([...tally.keys()].map((k) => k.split(' ').pop()));
    for (const st of ['400', '403', '404'])
      assert.ok(statuses.has(st), `some answers were ${st}: ${[...tally].join(', ')}`);
    for (const kind of ['job json', 'xml', 'bytes', 'arm job json', 'arm collection json'])
      assert.ok((tally.get(`${kind} 400`) ?? 0) > 100, `${kind} requests reached validation`);
    // Paths and verbs mostly test authentication and routing: an undecodable segment (`%ZZ`) is a
    // path without a route (404 after authentication), so their 400s are the few that validate a
    // query or a version.
    assert.ok((tally.get('path and verb 404') ?? 0) > 100, 'path and verb requests reached routing');
    assert.ok((tally.get('path and verb 400') ?? 0) > 0, 'path and verb requests reached validation');
    for (const st of ['403', '404'])
      assert.ok((tally.get(`arm path and verb ${st}`) ?? 0) > 0, `some ARM answers were ${st}`);
  });

  test('oversized bodies are refused before parsing with 400 and an <Error>', async () => {
    const big = 'x'.repeat(1024 * 1024 + 10);
    for (const path of [
      `/${target.sub}/cloudservices/fz-big`,
      `/${target.sub}/cloudservices/${target.cs}/resources/scheduler/~/JobCollections/${target.jc}/jobs/fz-big`,
    ]) {
      const r = await call(s, 'PUT', path, { credential: { kind: 'cert', tenant: s.admin }, body: big });
      assert.equal(r.status, 400, r.body.slice(0, 200));
      assert.equal(parseError(r.body)?.code !== undefined, true, r.body.slice(0, 200));
    }
    const arm = `/subscriptions/${target.sub}/resourceGroups/${target.cs}/providers/Microsoft.Scheduler/jobCollections/${target.jc}/jobs/fz-big?api-version=2016-03-01`;
    const r = await call(s, 'PUT', arm, { credential: { kind: 'cert', tenant: s.admin }, body: big });
    assert.equal(r.status, 400, r.body.slice(0, 200));
    assert.equal(parseArmError(r.body)?.code, 'InvalidRequestContent', r.body.slice(0, 200));
  });

  test('raw framing abuse over TLS: truncated, lying and broken requests never get a 5xx, and every answer is an <Error>', async () => {
    const path = `/${target.sub}/cloudservices/${target.cs}/resources/scheduler/~/JobCollections/${target.jc}/jobs/fz-raw`;
    const head = (extra: string): string =>
      `PUT ${path} HTTP/1.1\r\nHost: localhost\r\nx-ms-version: 2013-03-01\r\ncontent-type: application/json\r\n${extra}`;
    const cases: [string, string | Buffer, boolean][] = [
      ['truncated body, then close', `${head('content-length: 1000\r\n')}\r\n{"action":`, true],
      [
        'body longer than content-length',
        `${head('content-length: 5\r\n')}\r\n{"action":{"type":"http"}}`,
        false,
      ],
      ['bad chunk size', `${head('transfer-encoding: chunked\r\n')}\r\nZZ\r\nabc\r\n0\r\n\r\n`, false],
      [
        'chunked and content-length',
        `${head('transfer-encoding: chunked\r\ncontent-length: 3\r\n')}\r\n3\r\nabc\r\n0\r\n\r\n`,
        false,
      ],
      ['negative content-length', `${head('content-length: -1\r\n')}\r\n`, false],
      ['huge content-length', `${head('content-length: 99999999999999999999\r\n')}\r\n`, false],
      ['NUL in a header', `${head('x-evil: a\u0000b\r\n')}\r\n`, false],
      ['header line of 20 KB', `${head(`x-long: ${'a'.repeat(20_000)}\r\n`)}\r\n`, false],
      [
        '200 headers',
        `${head(Array.from({ length: 200 }, (_, i) => `x-h${i}: v\r\n`).join(''))}content-length: 0\r\n\r\n`,
        false,
      ],
      ['no version', `GET / \r\n\r\n`, false],
      ['garbage', Buffer.from([0x16, 0x03, 0x01, 0xff, 0x00, 0x13, 0x37, 0x0d, 0x0a, 0x0d, 0x0a]), false],
      ['HTTP/2 preface over HTTP/1.1', 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', false],
      [
        'bare LF line endings',
        `GET /${target.sub}/CloudServices HTTP/1.1\nHost: x\nx-ms-version: 2013-03-01\n\n`,
        false,
      ],
      [
        'oversized body declared and sent',
        Buffer.concat([
          Buffer.from(`${head('content-length: 1200000\r\n')}\r\n`),
          Buffer.alloc(1_200_000, 0x7b),
        ]),
        false,
      ],
      ['closed mid-headers', `PUT ${path} HTTP/1.1\r\nHost: local`, true],
    ];
    let answered = 0;
    for (const [name, bytes, endAfterWrite] of cases) {
      const answer = await sendRaw(s, bytes, { endAfterWrite });
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(answer)?.[1];
      assert.ok(status === undefined || Number(status) < 500, `${name}: ${answer.slice(0, 300)}`);
      if (status !== undefined && Number(status) >= 400) {
        const body = answer.slice(answer.indexOf('\r\n\r\n') + 4);
        assert.ok(parseError(body), `${name}: ${status} without an <Error> body: ${answer.slice(0, 400)}`);
        answered++;
      }
    }
    // Most of these are answered (not just dropped): the <Error> check above really ran.
    assert.ok(answered >= 8, `answered with an error: ${answered}`);
  });

  test('the process is alive and healthy, and the store is exactly as before (but for Failed operation records)', async () => {
    assert.equal(s.process.child.exitCode, null, 'takt serve is still running');
    const health = await call(s, 'GET', '/healthz');
    assert.equal(health.status, 200);
    assert.deepEqual(dumpStore(join(s.dataDir, 'takt.db')), before_);
    const operations = operationRows(join(s.dataDir, 'takt.db'));
    assert.deepEqual(
      operations.slice(0, operationsBefore.length),
      operationsBefore,
      'earlier operation records unchanged',
    );
    const added = operations.slice(operationsBefore.length);
    assert.ok(added.length > 1000, `rejected writes left operation records (${added.length})`);
    for (const op of added) {
      assert.equal(
        op.subscription_id,
        s.admin.subscriptionId,
        "only the caller's own subscription gets records",
      );
      assert.equal(op.status, 'Failed', JSON.stringify(op));
      assert.ok(
        op.error_code !== null &&
          op.http_status_code !== null &&
          op.http_status_code >= 400 &&
          op.http_status_code < 500,
        JSON.stringify(op),
      );
    }
    // Error-level lines would mean the server took hostile input (a client hanging up mid-body
    // included) for its own failure.
    const errors = s.process
      .stderr()
      .split('\n')
      .filter((l) => /"level":(50|60)/.test(l));
    assert.deepEqual(errors, [], 'no error-level log line');
    assert.doesNotMatch(s.process.stderr(), /uncaught|unhandled/i);
  });
});
