// The executors' pure helpers: time formats, status texts, header and body formatting, SAS tokens,
// BrokerProperties, the queue wrapper's escaping, redirect decisions and CIDR parsing.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { test } from 'node:test';
import { bodyText } from '../../src/executors/common/body-text.js';
import { maskSecrets, sasSignatureForms } from '../../src/executors/common/mask-secrets.js';
import { isoUtc, isoUtcNoZone, rfc1123 } from '../../src/executors/common/time-format.js';
import { parseCidr } from '../../src/executors/egress/policy.js';
import {
  failureMessage,
  mergeHeaders,
  oauthFailureReason,
  responseMessage,
} from '../../src/executors/http/messages.js';
import { nextHop, type Hop } from '../../src/executors/http/redirect.js';
import { Targets } from '../../src/executors/http/targets.js';
import { basicAuthorization, composeHeaders } from '../../src/executors/http/request-headers.js';
import { statusText } from '../../src/executors/net/status-text.js';
import { asciiJson, brokerProperties } from '../../src/executors/service-bus/broker-properties.js';
import { errorDetail } from '../../src/executors/service-bus/messages.js';
import { rfc3986, sasToken } from '../../src/executors/service-bus/sas.js';
import { entityUri } from '../../src/executors/service-bus/service-bus-executor.js';
import {
  messageTextXml,
  putMessageUrl,
  storageErrorCode,
} from '../../src/executors/storage-queue/put-message.js';
import { xmlText } from '../../src/executors/storage-queue/wrapper.js';

test('time formats: ISO with and without Z (fraction only when non-zero), RFC 1123', () => {
  const whole = Date.parse('2026-03-02T02:00:00Z');
  assert.equal(isoUtc(whole), '2026-03-02T02:00:00Z');
  assert.equal(isoUtcNoZone(whole), '2026-03-02T02:00:00');
  assert.equal(isoUtc(whole + 120), '2026-03-02T02:00:00.12Z');
  assert.equal(isoUtcNoZone(whole + 7), '2026-03-02T02:00:00.007');
  assert.equal(isoUtcNoZone(whole + 100), '2026-03-02T02:00:00.1');
  assert.equal(isoUtcNoZone(whole + 110), '2026-03-02T02:00:00.11');
  assert.equal(isoUtcNoZone(whole + 999), '2026-03-02T02:00:00.999');
  assert.equal(isoUtcNoZone(Date.UTC(10000, 0, 1, 0, 0, 0, 250)), '+010000-01-01T00:00:00.25');
  assert.equal(isoUtcNoZone(Date.UTC(1969, 11, 31, 23, 59, 59, 990)), '1969-12-31T23:59:59.99');
  assert.equal(rfc1123(whole), 'Mon, 02 Mar 2026 02:00:00 GMT');
});

test('status text: own reason phrase, else the standard one, else the number', () => {
  assert.equal(statusText(404, 'Gone Fishing'), 'Gone Fishing');
  assert.equal(statusText(404, ''), 'Not Found');
  assert.equal(statusText(404, '   '), 'Not Found');
  assert.equal(statusText(200), 'OK');
  assert.equal(statusText(503), 'Service Unavailable');
  assert.equal(statusText(299), '299');
});

test('response message: merged headers in order, CRLF after each, the empty-headers form', () => {
  assert.deepEqual(
    mergeHeaders([
      ['Set-Cookie', 'a=1'],
      ['X-One', '1'],
      ['set-cookie', 'b=2'],
    ]),
    [
      ['Set-Cookie', 'a=1, b=2'],
      ['X-One', '1'],
    ],
  );
  assert.equal(
    responseMessage(
      'h',
      'OK',
      [
        ['A', '1'],
        ['B', '2'],
      ],
      'body',
    ),
    "Http Action - Response from host 'h': 'OK' Response Headers: A: 1\r\nB: 2\r\n Body: body",
  );
  assert.equal(
    responseMessage('h', 'OK', [], ''),
    "Http Action - Response from host 'h': 'OK' Response Headers:  Body: ",
  );
  assert.equal(
    failureMessage('h', 'Too many redirects.'),
    "Http Action - Request to host 'h' failed: Too many redirects.",
  );
  assert.equal(oauthFailureReason('bad thing.'), 'Could not obtain an OAuth token: bad thing.');
});

test('host of the job URI: no port, no IPv6 brackets, no user info', () => {
  const hostOf = (uri: string): string | undefined => new Targets().of(uri)?.host;
  assert.equal(hostOf('https://api.example.com:8443/x?y'), 'api.example.com');
  assert.equal(hostOf('http://[2001:db8::1]:80/'), '2001:db8::1');
  assert.equal(hostOf('http://user:pw@host.example/'), 'host.example');
});

test('body text: charset, 1024 code points, NUL replaced, unknown charset falls back to UTF-8', () => {
  assert.equal(bodyText(Buffer.from('x'.repeat(2000)), undefined), 'x'.repeat(1024));
  assert.equal(bodyText(Buffer.from([0xe9]), 'text/plain; charset="iso-8859-1"'), 'é');
  assert.equal(bodyText(Buffer.from('a\0b'), 'text/plain'), 'a\uFFFDb');
  assert.equal(bodyText(Buffer.from('ü'), 'text/plain; charset=no-such-charset'), 'ü');
  assert.equal(bodyText(Buffer.from('😀😀'), undefined, 1), '😀');
  // Cut by code points, never inside a surrogate pair.
  const mixed = 'a😀b😀😀c' + 'é'.repeat(5);
  for (let limit = 0; limit <= 12; limit++) {
    assert.equal(
      bodyText(Buffer.from(mixed, 'utf16le'), 'text/plain; charset=utf-16le', limit),
      [...mixed].slice(0, limit).join(''),
    );
  }
  assert.equal(bodyText(Buffer.from('x'.repeat(1024)), undefined), 'x'.repeat(1024));
  // The decoder of a charset is reused; it keeps no state from one body to the next.
  assert.equal(bodyText(Buffer.from([0xe2, 0x82]), undefined), '\uFFFD');
  assert.equal(bodyText(Buffer.from([0xac]), undefined), '\uFFFD');
});

test('composed headers: computed ones dropped, defaults added once, tracking and Authorization replace job values', () => {
  const headers = composeHeaders({
    jobHeaders: [
      ['Host', 'x'],
      ['X-Keep', '1'],
      ['x-ms-execution-tag', 'forged'],
      ['authorization', 'old'],
    ],
    sendsBody: true,
    userAgent: 'Takt/1',
    tracking: [['x-ms-execution-tag', 'tag']],
    authorization: 'Basic new',
  });
  assert.deepEqual(headers, [
    ['X-Keep', '1'],
    ['Content-Type', 'text/plain; charset=utf-8'],
    ['User-Agent', 'Takt/1'],
    ['x-ms-execution-tag', 'tag'],
    ['Authorization', 'Basic new'],
  ]);
  assert.equal(basicAuthorization('a', 'b:c'), `Basic ${Buffer.from('a:b:c').toString('base64')}`);
});

test('redirect decisions follow fetch', () => {
  const hop: Hop = {
    url: new URL('http://a.example/x'),
    method: 'POST',
    headers: [
      ['Content-Type', 'text/plain'],
      ['Authorization', 'Basic z'],
    ],
    body: 'b',
  };
  const to303 = nextHop(hop, 303, '/y');
  assert.ok(to303.kind === 'follow');
  assert.equal(to303.hop.method, 'GET');
  assert.equal(to303.hop.body, undefined);
  assert.deepEqual(to303.hop.headers, [['Authorization', 'Basic z']]);
  assert.equal(to303.hop.url.href, 'http://a.example/y');

  const cross = nextHop(hop, 307, 'https://b.example/z#frag');
  assert.ok(cross.kind === 'follow');
  assert.equal(cross.hop.method, 'POST');
  assert.equal(cross.hop.body, 'b');
  assert.deepEqual(cross.hop.headers, [['Content-Type', 'text/plain']]);
  assert.equal(cross.hop.url.href, 'https://b.example/z');

  assert.deepEqual(nextHop(hop, 302, undefined), { kind: 'final' });
  assert.deepEqual(nextHop(hop, 304, '/y'), { kind: 'final' });
  assert.deepEqual(nextHop(hop, 300, '/y'), { kind: 'final' });
  assert.equal(nextHop(hop, 302, 'http://[bad').kind, 'invalid');
  // A HEAD after 303 stays HEAD (fetch changes only non-GET/HEAD methods).
  const head = nextHop({ ...hop, method: 'HEAD' }, 303, '/y');
  assert.ok(head.kind === 'follow');
  assert.equal(head.hop.method, 'HEAD');
});

test('SAS token: RFC 3986 encoding and a signature anyone can recompute', () => {
  assert.equal(rfc3986("a b!'()*/:"), 'a%20b%21%27%28%29%2A%2F%3A');
  const now = Date.parse('2026-03-02T02:00:00Z');
  const token = sasToken('https://NS.servicebus.windows.net/Queue', 'key name', 'k3y', now);
  const se = now / 1000 + 300;
  const sr = 'https%3A%2F%2Fns.servicebus.windows.net%2Fqueue';
  const sig = createHmac('sha256', 'k3y').update(`${sr}\n${se}`).digest('base64');
  assert.equal(token, `SharedAccessSignature sr=${sr}&sig=${rfc3986(sig)}&se=${se}&skn=key%20name`);
  assert.equal(
    entityUri('https://{namespace}.servicebus.windows.net/', 'ns', 'topic/with space'),
    'https://ns.servicebus.windows.net/topic/with%20space',
  );
});

test('BrokerProperties: fixed key order, MessageId default, ASCII-only JSON', () => {
  assert.equal(brokerProperties(undefined, 'tag'), '{"MessageId":"tag"}');
  assert.equal(
    brokerProperties({ label: 'é', timeToLive: 15_000_000, correlationId: 'c' }, 'tag'),
    '{"CorrelationId":"c","Label":"\\u00e9","MessageId":"tag","TimeToLive":1.5}',
  );
  assert.equal(asciiJson('😀'), '"\\ud83d\\ude00"');
  assert.equal(errorDetail('<Error><Code>400</Code><Detail>Bad\n  thing</Detail></Error>'), 'Bad thing');
  assert.equal([...errorDetail('x'.repeat(400))].length, 256);
});

test('queue wrapper escaping and the Put Message URL', () => {
  assert.equal(xmlText('a & <b> "c"'), 'a &amp; &lt;b&gt; "c"');
  assert.equal(messageTextXml('<x>\r\n&'), '&lt;x&gt;&#xD;\n&amp;');
  assert.equal(
    putMessageUrl('http://127.0.0.1:10001/{account}/', 'acct', 'my-queue', '?sv=1&sig=a%2Bb'),
    'http://127.0.0.1:10001/acct/my-queue/messages?sv=1&sig=a%2Bb',
  );
  assert.equal(
    putMessageUrl('https://{account}.queue.core.windows.net', 'acct', 'q', ''),
    'https://acct.queue.core.windows.net/q/messages',
  );
  assert.equal(storageErrorCode([['x-ms-error-code', 'QueueNotFound']], ''), 'QueueNotFound');
  assert.equal(storageErrorCode([], '<Error><Code>QueueDisabled</Code></Error>'), 'QueueDisabled');
  assert.equal(storageErrorCode([], 'nothing'), undefined);
});

test('CIDR parsing accepts ranges and single addresses, rejects the rest', () => {
  assert.deepEqual(parseCidr('10.0.0.0/8'), { address: '10.0.0.0', prefix: 8, family: 'ipv4' });
  assert.deepEqual(parseCidr(' 192.168.1.1 '), { address: '192.168.1.1', prefix: 32, family: 'ipv4' });
  assert.deepEqual(parseCidr('fd00::/8'), { address: 'fd00::', prefix: 8, family: 'ipv6' });
  for (const bad of ['', '10.0.0.0/', '10.0.0.0/-1', '300.0.0.0/8', 'fd00::/200', 'example.com/8']) {
    assert.throws(() => parseCidr(bad), /Invalid CIDR/, bad);
  }
});

test('maskSecrets: longest first, every occurrence, short strings left; the SAS signature in both forms', () => {
  assert.equal(
    maskSecrets('a Basic Ym9iOnB3ZDE= b Ym9iOnB3ZDE= c pwd1 d', [
      'pwd1',
      'Basic Ym9iOnB3ZDE=',
      'Ym9iOnB3ZDE=',
    ]),
    'a *** b *** c *** d',
  );
  assert.equal(maskSecrets('abc abc', ['abc']), 'abc abc');
  assert.equal(maskSecrets('unchanged', []), 'unchanged');
  assert.deepEqual(sasSignatureForms('?sv=1&sig=a%2Bb%3D&se=2'), ['a%2Bb%3D', 'a+b=']);
  assert.deepEqual(sasSignatureForms('SharedAccessSignature sr=x&sig=plain&se=1'), ['plain']);
  assert.deepEqual(sasSignatureForms('no signature'), []);
});
