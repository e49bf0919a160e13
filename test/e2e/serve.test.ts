import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { HttpSink, header } from '../support/sinks/http-sink.js';
import { httpsGet, httpsRequest } from '../../support/https-request.js';
import { readConnection, startTakt, type Connection, type TaktProcess } from '../../support/serve.js';

const V = { 'x-ms-version': '2013-03-01' };
const PASSWORD = 'correct-horse-battery-staple-7781';
const mode = (path: string): number => statSync(path).mode & 0o777;

describe('takt serve on an empty data directory (first start) and a restart', () => {
  const root = mkdtempSync(join(tmpdir(), 'takt-serve-e2e-'));
  const dataDir = join(root, 'data');
  let running: TaktProcess | undefined;
  after(async () => {
    await running?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  let first: Connection;
  let ca: string;

  test('first start creates credentials, prints how to connect, and serves HTTPS', async () => {
    running = await startTakt(['--data-dir', dataDir, '--port', '0']);
    first = readConnection(dataDir);
    ca = readFileSync(first.caCertPath, 'utf8');

    assert.equal(first.url, running.url);
    assert.match(first.subscriptionId, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.match(first.token, /^\S{43,}$/);
    assert.match(running.banner, /First start: created a local CA/);
    assert.ok(running.banner.includes(first.subscriptionId));
    assert.ok(running.banner.includes(`--cert ${first.certPath} --key ${first.keyPath}`));
    assert.ok(running.banner.includes(`--cacert ${first.caCertPath}`));
    assert.ok(running.banner.includes("-H 'x-ms-version: 2013-03-01'"));
    assert.ok(running.banner.includes(`NODE_EXTRA_CA_CERTS=${first.caCertPath}`));
    assert.ok(!running.banner.includes(first.token), 'the token is not printed');

    // Private keys, the token file and the secret key are 0600.
    for (const f of [
      first.keyPath,
      join(dataDir, 'connection.json'),
      join(dataDir, 'secret.key'),
      join(dataDir, 'tls', 'ca-key.pem'),
      join(dataDir, 'tls', 'server-key.pem'),
    ]) {
      assert.equal(mode(f), 0o600, f);
    }
    assert.equal(mode(dataDir), 0o700);

    const health = await httpsGet(`${first.url}/healthz`, { ca });
    assert.equal(health.status, 200);

    const list = `${first.url}/${first.subscriptionId}/CloudServices`;
    const cert = readFileSync(first.certPath, 'utf8');
    const key = readFileSync(first.keyPath, 'utf8');
    const withCert = await httpsGet(list, { ca, cert, key, headers: V });
    assert.equal(withCert.status, 200, withCert.body);
    assert.match(withCert.body, /<CloudServices /);

    const withToken = await httpsGet(list, { ca, headers: { ...V, authorization: `Bearer ${first.token}` } });
    assert.equal(withToken.status, 200, withToken.body);

    const anonymous = await httpsGet(list, { ca, headers: V });
    assert.equal(anonymous.status, 403);
    assert.match(String(anonymous.headers['content-type']), /^application\/xml/);
    assert.match(
      anonymous.body,
      /<Error xmlns="http:\/\/schemas.microsoft.com\/windowsazure"[^>]*><Code>AuthenticationFailed<\/Code><Message>[^<]+<\/Message><\/Error>/,
    );

    const wrongToken = await httpsGet(list, {
      ca,
      headers: { ...V, authorization: `Bearer ${first.token}x` },
    });
    assert.equal(wrongToken.status, 403);

    assert.equal(await running.stop(), 0);
    assert.match(running.stderr(), /"msg":"takt stopped"/);
    running = undefined;
  });

  test('a restart on the same data directory reuses the CA, the keys and the subscription', async () => {
    const caKeyBefore = readFileSync(join(dataDir, 'tls', 'ca-key.pem'), 'utf8');
    const serverBefore = readFileSync(join(dataDir, 'tls', 'server-cert.pem'), 'utf8');
    const secretBefore = readFileSync(join(dataDir, 'secret.key'), 'utf8');
    running = await startTakt(['--data-dir', dataDir, '--port', '0']);
    const again = readConnection(dataDir);
    assert.doesNotMatch(running.banner, /First start/);
    assert.deepEqual({ ...again, url: '' }, { ...first, url: '' });
    assert.equal(again.url, running.url, 'connection.json follows the bound address');
    assert.equal(readFileSync(first.caCertPath, 'utf8'), ca);
    assert.equal(readFileSync(join(dataDir, 'tls', 'ca-key.pem'), 'utf8'), caKeyBefore);
    assert.equal(readFileSync(join(dataDir, 'tls', 'server-cert.pem'), 'utf8'), serverBefore);
    assert.equal(readFileSync(join(dataDir, 'secret.key'), 'utf8'), secretBefore);

    const res = await httpsGet(`${again.url}/${again.subscriptionId}/cloudservices`, {
      ca,
      cert: readFileSync(again.certPath, 'utf8'),
      key: readFileSync(again.keyPath, 'utf8'),
      headers: V,
    });
    assert.equal(res.status, 200, res.body);
    assert.equal(await running.stop(), 0);
    running = undefined;
  });

  test('the engine runs a job created through the API (real executors, HTTP sink)', async () => {
    const sink = await HttpSink.start();
    try {
      running = await startTakt(['--data-dir', dataDir, '--port', '0']);
      const c = readConnection(dataDir);
      const auth = { ca, headers: { ...V, authorization: `Bearer ${c.token}` } };
      const base = `${c.url}/${c.subscriptionId}/cloudservices/cs1`;
      const put = (url: string, body: string, type: string) =>
        httpsRequest(url, {
          ...auth,
          method: 'PUT',
          body,
          headers: { ...auth.headers, 'content-type': type },
        });
      const cs = await put(
        base,
        '<CloudService xmlns="http://schemas.microsoft.com/windowsazure"><Label>e2e</Label><Description/><GeoRegion>West Europe</GeoRegion></CloudService>',
        'application/xml',
      );
      assert.equal(cs.status, 202, cs.body);
      const jc = await put(
        `${base}/resources/scheduler/JobCollections/jc1`,
        '<Resource xmlns="http://schemas.microsoft.com/windowsazure"/>',
        'application/xml',
      );
      assert.equal(jc.status, 202, jc.body);
      const fired = sink.nextRequest();
      const job = await put(
        `${base}/resources/scheduler/~/JobCollections/jc1/jobs/ping?api-version=2014-04-01`,
        JSON.stringify({
          action: {
            type: 'http',
            request: {
              uri: sink.url('/ping'),
              method: 'POST',
              body: 'hello',
              authentication: { type: 'Basic', username: 'svc', password: PASSWORD },
            },
          },
        }),
        'application/json',
      );
      assert.equal(job.status, 201, job.body);
      const req = await fired;
      assert.equal(req.method, 'POST');
      assert.equal(req.path, '/ping');
      assert.equal(req.body.toString('utf8'), 'hello');
      assert.match(header(req, 'x-ms-execution-tag') ?? '', /^[0-9a-f]{32}$/);
      // The secret was sealed on write and opened for the attempt.
      assert.equal(
        header(req, 'authorization'),
        `Basic ${Buffer.from(`svc:${PASSWORD}`).toString('base64')}`,
      );
      assert.equal(await running.stop(), 0);
      running = undefined;

      // Secrets at rest: the store holds only the AES-GCM envelope, never the password.
      const stored = readdirSync(dataDir)
        .filter((f) => f.startsWith('takt.db'))
        .map((f) => readFileSync(join(dataDir, f)))
        .reduce((a, b) => Buffer.concat([a, b]), Buffer.alloc(0));
      assert.ok(stored.length > 0);
      assert.equal(stored.indexOf(PASSWORD), -1, 'password stored in clear');
      assert.equal(stored.indexOf(Buffer.from(PASSWORD).toString('base64')), -1, 'password stored as base64');
      assert.ok(
        /v1:[0-9a-f]{12}:[A-Za-z0-9_-]{20,}/.test(stored.toString('latin1')),
        'a sealed value is stored',
      );
    } finally {
      await sink.close();
    }
  });

  test('an invalid option is one line on standard error and exit code 2, before anything is created', async () => {
    const empty = join(root, 'never');
    await assert.rejects(
      startTakt(['--data-dir', empty, '--port', '99999']),
      (e: unknown) =>
        e instanceof Error &&
        /exited with 2/.test(e.message) &&
        /error: --port: must be an integer from 0 to 65535, got '99999'\n$/.test(e.message),
    );
    assert.throws(() => statSync(empty), /ENOENT/);
  });
});

describe('takt serve with the opt-in plain-HTTP listener', () => {
  const root = mkdtempSync(join(tmpdir(), 'takt-serve-http-'));
  let running: TaktProcess | undefined;
  after(async () => {
    await running?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  test('bearer tokens authenticate on plain HTTP; without one the answer is 403', async () => {
    const dataDir = join(root, 'data');
    running = await startTakt(['--data-dir', dataDir, '--port', '0'], { TAKT_HTTP_PORT: '0' });
    const m = /^Plain HTTP \(bearer tokens only\): (http:\/\/\S+)$/m.exec(running.banner);
    assert.ok(m, running.banner);
    const c = readConnection(dataDir);
    const list = `${m[1]}/${c.subscriptionId}/cloudservices`;
    const withToken = await fetch(list, { headers: { ...V, authorization: `Bearer ${c.token}` } });
    assert.equal(withToken.status, 200);
    const anonymous = await fetch(list, { headers: V });
    assert.equal(anonymous.status, 403);
    assert.match(await anonymous.text(), /<Code>AuthenticationFailed<\/Code>/);
    assert.equal(await running.stop(), 0);
    running = undefined;
  });
});
