// Egress policy (docs/reference/scheduling-rules.md §10): the resolved address is checked at connect time, for the
// first hop, every redirect hop and the OAuth token request; a name cannot re-bind around it.
import assert from 'node:assert/strict';
import type { LookupFunction } from 'node:net';
import { after, before, test } from 'node:test';
import { createExecutors } from '../../src/executors/index.js';
import { EgressPolicy, describeEgressPolicy } from '../../src/executors/egress/policy.js';
import { ManualClock } from '../support/manual-clock.js';
import { HttpSink } from '../support/sinks/http-sink.js';
import { attemptContext, harness, httpAction, VERSION } from './fixtures.js';

/** Loopback, but allowed: the sink other tests may reach. */
let allowed: HttpSink;
/** On 127.0.0.1, which every test here denies. */
let denied: HttpSink;

before(async () => {
  allowed = await HttpSink.start(undefined, '127.0.0.2');
  denied = await HttpSink.start();
});
after(async () => {
  await allowed.close();
  await denied.close();
});

/** A resolver answering every name with `answers()` (all of them when asked for all). */
function resolver(answers: () => string[]): LookupFunction & { calls: number } {
  const fn = ((_host, options, cb) => {
    fn.calls++;
    const list = answers().map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    if (options.all) cb(null, list);
    else cb(null, list[0]!.address, list[0]!.family);
  }) as LookupFunction & { calls: number };
  fn.calls = 0;
  return fn;
}

const DENY_LOCALHOST = { deny: ['127.0.0.1/32'] };

test('an IP literal in a denied range is blocked before any connection', async () => {
  const { executors } = harness({ egress: { deny: ['127.0.0.0/8'] } });
  try {
    const before = denied.requests.length;
    const result = await executors.execute(httpAction({ uri: denied.url('/x') }), attemptContext());
    assert.equal(result.ok, false);
    assert.equal(
      result.message,
      "Http Action - Request to host '127.0.0.1' failed: The destination address 127.0.0.1 is blocked by the egress policy.",
    );
    assert.equal(denied.requests.length, before);
  } finally {
    await executors.close();
  }
});

test('a public-looking name that resolves to a denied address is blocked (the check sees the resolved address)', async () => {
  const lookup = resolver(() => ['127.0.0.1']);
  const { executors } = harness({ egress: DENY_LOCALHOST, lookup });
  try {
    const result = await executors.execute(
      httpAction({ uri: `http://api.public-service.example:${denied.port}/hook` }),
      attemptContext(),
    );
    assert.equal(
      result.message,
      "Http Action - Request to host 'api.public-service.example' failed: The destination address 127.0.0.1 is blocked by the egress policy.",
    );
    assert.ok(lookup.calls >= 1);
  } finally {
    await executors.close();
  }
});

test('DNS rebinding: a name that first resolved to an allowed address is blocked when it re-binds to a denied one', async () => {
  let answer = '127.0.0.2';
  const lookup = resolver(() => [answer]);
  const { executors } = harness({ egress: DENY_LOCALHOST, lookup });
  try {
    allowed.responder = (_req, res) => {
      res.setHeader('Connection', 'close'); // no kept-alive socket: the next attempt must connect again
      res.end('ok');
    };
    const uri = `http://rebinding.example:${allowed.port}/hook`;
    const first = await executors.execute(httpAction({ uri }), attemptContext());
    assert.equal(first.ok, true, first.message);
    answer = '127.0.0.1';
    const second = await executors.execute(httpAction({ uri }), attemptContext());
    assert.equal(
      second.message,
      "Http Action - Request to host 'rebinding.example' failed: The destination address 127.0.0.1 is blocked by the egress policy.",
    );
    assert.equal(lookup.calls, 2);
  } finally {
    allowed.responder = (_req, res) => res.end('ok');
    await executors.close();
  }
});

test('when a name resolves to several addresses, denied ones are skipped and an allowed one is used', async () => {
  const lookup = resolver(() => ['127.0.0.1', '127.0.0.2']);
  const { executors } = harness({ egress: DENY_LOCALHOST, lookup });
  // A server on the denied address and the same port: it would get the request if the denied answer were used.
  const twin = await HttpSink.start(undefined, '127.0.0.1', allowed.port);
  try {
    const before = allowed.requests.length;
    const result = await executors.execute(
      httpAction({ uri: `http://multi.example:${allowed.port}/` }),
      attemptContext(),
    );
    assert.equal(result.ok, true, result.message);
    assert.equal(allowed.requests.length, before + 1);
    assert.equal(twin.requests.length, 0);
  } finally {
    await executors.close();
    await twin.close();
  }
});

test('a redirect hop to a denied address is blocked', async () => {
  const { executors } = harness({ egress: DENY_LOCALHOST });
  allowed.responder = (_req, res) => {
    res.statusCode = 302;
    res.setHeader('Location', denied.url('/internal'));
    res.end();
  };
  try {
    const before = denied.requests.length;
    const result = await executors.execute(
      httpAction({ uri: allowed.url('/start', '127.0.0.2') }),
      attemptContext(),
    );
    assert.equal(
      result.message,
      "Http Action - Request to host '127.0.0.2' failed: The destination address 127.0.0.1 is blocked by the egress policy.",
    );
    assert.equal(denied.requests.length, before);
  } finally {
    allowed.responder = (_req, res) => res.end('ok');
    await executors.close();
  }
});

test('the OAuth token request passes the egress check too', async () => {
  const { executors } = harness({ egress: DENY_LOCALHOST, oauthAuthority: denied.url('') });
  try {
    const before = denied.requests.length;
    const result = await executors.execute(
      httpAction({
        uri: allowed.url('/api', '127.0.0.2'),
        authentication: {
          type: 'ActiveDirectoryOAuth',
          tenant: 't',
          audience: 'a',
          clientId: 'c',
          secret: 'hush',
        },
      }),
      attemptContext(),
    );
    assert.equal(
      result.message,
      "Http Action - Request to host '127.0.0.2' failed: The destination address 127.0.0.1 is blocked by the egress policy.",
    );
    assert.equal(denied.requests.length, before);
  } finally {
    await executors.close();
  }
});

test('IPv6 loopback and IPv4-mapped IPv6 literals are judged by the address they reach', async () => {
  const { executors } = harness({ egress: { preset: 'private' } });
  try {
    const v6 = await executors.execute(httpAction({ uri: 'http://[::1]:9/' }), attemptContext());
    assert.equal(
      v6.message,
      "Http Action - Request to host '::1' failed: The destination address ::1 is blocked by the egress policy.",
    );
    const mapped = await executors.execute(
      httpAction({ uri: `http://[::ffff:127.0.0.1]:${denied.port}/` }),
      attemptContext(),
    );
    assert.equal(
      mapped.message,
      "Http Action - Request to host '::ffff:7f00:1' failed: The destination address ::ffff:7f00:1 is blocked by the egress policy.",
    );
    const numeric = await executors.execute(
      httpAction({ uri: `http://2130706433:${denied.port}/` }),
      attemptContext(),
    );
    assert.match(numeric.message, /The destination address 127\.0\.0\.1 is blocked by the egress policy\.$/);
  } finally {
    await executors.close();
  }
});

test('by default, link-local and cloud metadata addresses are denied (names resolved by the injected resolver) without any connection', async () => {
  // Every answer is denied before a socket is opened, so no traffic ever leaves for these addresses.
  const answers: Record<string, string> = {
    'metadata.google.internal': '169.254.169.254',
    'metadata.azure.example': '169.254.169.254',
    'ecs-task.example': '169.254.170.2',
    'imds-v6.example': 'fd00:ec2::254',
    'alibaba-metadata.example': '100.100.100.200',
    'wireserver.example': '168.63.129.16',
    'link-local-v6.example': 'fe80::1',
    'mapped.example': '::ffff:169.254.169.254',
  };
  let calls = 0;
  const byName: LookupFunction = (host, options, cb) => {
    calls++;
    const address = answers[host] ?? '192.0.2.1';
    const family = address.includes(':') ? 6 : 4;
    if (options.all) cb(null, [{ address, family }]);
    else cb(null, address, family);
  };
  const { executors } = harness({ lookup: byName });
  try {
    for (const [host, address] of Object.entries(answers)) {
      const result = await executors.execute(
        httpAction({ uri: `http://${host}/latest/meta-data/` }),
        attemptContext(),
      );
      assert.equal(result.ok, false, host);
      assert.match(
        result.message,
        new RegExp(
          `The destination address ${address.replace(/[.]/g, '\\.')} is blocked by the egress policy\\.$`,
        ),
        host,
      );
    }
    assert.ok(calls >= Object.keys(answers).length, 'every name went through the injected resolver');
    // Private ranges stay allowed by default: the loopback sink still answers.
    const ok = await executors.execute(httpAction({ uri: denied.url('/private-ok') }), attemptContext());
    assert.equal(ok.ok, true, ok.message);
  } finally {
    await executors.close();
  }
});

test('the default denial has an explicit opt-out, and the start-up description states the effective policy', () => {
  const strict = new EgressPolicy();
  const open = new EgressPolicy({ allowLinkLocal: true });
  for (const ip of [
    '169.254.169.254',
    '169.254.0.1',
    'fe80::1',
    'fd00:ec2::254',
    '100.100.100.200',
    '168.63.129.16',
  ]) {
    assert.equal(strict.blocks(ip), true, ip);
    assert.equal(open.blocks(ip), false, ip);
  }
  for (const ip of [
    '10.0.0.1',
    '192.168.1.1',
    '172.16.0.1',
    '127.0.0.1',
    'fd00::1',
    '100.64.0.1',
    '8.8.8.8',
  ]) {
    assert.equal(strict.blocks(ip), false, ip);
  }
  assert.match(
    describeEgressPolicy(),
    /link-local and cloud metadata addresses denied \(169\.254\.0\.0\/16, fe80::\/10, .*\); private ranges allowed; no other ranges denied$/,
  );
  assert.match(
    describeEgressPolicy({ allowLinkLocal: true, preset: 'private', deny: ['203.0.113.0/24'] }),
    /ALLOWED .*; private ranges denied \(.*\); also denied: 203\.0\.113\.0\/24$/,
  );
});

test('the private preset covers the documented ranges; a default policy blocks no private address', () => {
  const p = new EgressPolicy({ preset: 'private' });
  for (const ip of [
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    'fd00::1',
    'fe80::1',
    '::ffff:10.0.0.1',
  ]) {
    assert.equal(p.blocks(ip), true, ip);
  }
  for (const ip of ['8.8.8.8', '172.32.0.1', '100.128.0.1', '2001:db8::1'])
    assert.equal(p.blocks(ip), false, ip);
  assert.equal(new EgressPolicy().blocks('127.0.0.1'), false);
});

test('a malformed deny entry is rejected when the executors are built', () => {
  for (const bad of ['10.0.0.0/33', 'not-an-ip', '10.0.0.0/8/1', '::1/129', '10.0.0.0/x']) {
    assert.throws(
      () => createExecutors({ clock: new ManualClock(), version: VERSION, egress: { deny: [bad] } }),
      /Invalid CIDR/,
      bad,
    );
  }
});
