// The egress deny list end to end: `TAKT_EGRESS_DENY` reaches the executors of a real `takt serve`,
// a job aimed at a denied address fails without any connection and says why in its history, and a
// job aimed elsewhere still fires. (Resolution-time checks and DNS rebinding are proven against the
// executors in test/executors/egress.test.ts.)
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { HttpSink } from '../support/sinks/http-sink.js';
import { call, jobPath, serve, type Credential, type Served, seedCollection } from './support/serve.js';

const oneShot = (uri: string): string =>
  JSON.stringify({
    action: { type: 'http', request: { uri, method: 'GET' }, retryPolicy: { retryType: 'none' } },
  });

describe('egress policy through takt serve', () => {
  let s: Served;
  let allowed: HttpSink;
  let denied: HttpSink;
  let cred: Credential;
  before(async () => {
    allowed = await HttpSink.start();
    // Another loopback address (Linux answers on all of 127.0.0.0/8).
    denied = await HttpSink.start(undefined, '127.0.0.2');
    s = await serve([], { TAKT_EGRESS_DENY: '127.0.0.2/32,169.254.169.254' });
    cred = { kind: 'token', tenant: s.admin };
    await seedCollection(s, s.admin);
  });
  after(async () => {
    await s?.stop();
    await allowed?.close();
    await denied?.close();
  });

  test('one start-up log line states the effective egress policy', () => {
    const lines = s.process
      .stderr()
      .split('\n')
      .filter((l) => l.includes('"egress policy"'));
    assert.equal(lines.length, 1, s.process.stderr());
    const { egress } = JSON.parse(lines[0]!) as { egress: string };
    assert.match(egress, /link-local and cloud metadata addresses denied \(169\.254\.0\.0\/16, fe80::\/10/);
    assert.match(egress, /private ranges allowed; also denied: 127\.0\.0\.2\/32, 169\.254\.169\.254$/);
  });

  test('a job aimed at a denied address fails with a clear history message and no connection', async () => {
    const path = jobPath(s.admin.subscriptionId, 'cs', 'jc', 'blocked');
    const put = await call(s, 'PUT', path, {
      credential: cred,
      body: oneShot(denied.url('/secret', '127.0.0.2')),
    });
    assert.equal(put.status, 201, put.body);
    let entries: { status: string; message: string }[] = [];
    for (let i = 0; i < 300 && entries.length === 0; i++) {
      const h = await call(s, 'GET', `${path}/history?api-version=2014-04-01`, { credential: cred });
      assert.equal(h.status, 200, h.body);
      entries = JSON.parse(h.body) as { status: string; message: string }[];
      if (entries.length === 0) await new Promise<void>((resolve) => setTimeout(resolve, 50));
    }
    assert.equal(entries.length, 1, JSON.stringify(entries));
    assert.equal(entries[0]?.status, 'failed');
    assert.match(entries[0]?.message ?? '', /127\.0\.0\.2 is blocked by the egress policy/);
    assert.equal(denied.requests.length, 0);
  });

  test('a job aimed at an address outside the deny list fires (the policy blocks only what it lists)', async () => {
    const fired = allowed.nextRequest();
    const put = await call(s, 'PUT', jobPath(s.admin.subscriptionId, 'cs', 'jc', 'allowed'), {
      credential: cred,
      body: oneShot(allowed.url('/ok')),
    });
    assert.equal(put.status, 201, put.body);
    assert.equal((await fired).path, '/ok');
  });
});
