// Service Bus queue and topic actions (docs/reference/scheduling-rules.md §6.3) against a local HTTPS endpoint that
// checks the SAS token the way Service Bus does: signature, expiry, key name.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import type { LookupFunction } from 'node:net';
import { after, before, test } from 'node:test';
import type { ActionBody, BrokeredMessageProperties, ServiceBusMessage } from '../../src/domain/job.js';
import { createCa, issueServer } from '../support/sinks/certs.js';
import { header, HttpSink, type RecordedRequest } from '../support/sinks/http-sink.js';
import { attemptContext, harness, VERSION, type Harness } from './fixtures.js';

const NAMESPACE = 'takt-ns';
const KEY_NAME = 'RootManageSharedAccessKey';
const KEY = 'c2VjcmV0LWtleS1ieXRlcw+/=SAS';
let sink: HttpSink;
let h: Harness;
let endpoint: string;

/** Every name resolves to 127.0.0.1 (the namespace host is realistic, the server local). */
const toLoopback: LookupFunction = (_host, options, cb) => {
  if (options.all) cb(null, [{ address: '127.0.0.1', family: 4 }]);
  else cb(null, '127.0.0.1', 4);
};

const enc = (s: string): string =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** What Service Bus checks; returns the reason it would reject the token, or undefined. */
function verifySas(req: RecordedRequest, resourceUri: string, nowSeconds: number): string | undefined {
  const auth = header(req, 'authorization') ?? '';
  const m = /^SharedAccessSignature (.*)$/.exec(auth);
  if (!m) return 'not a SharedAccessSignature';
  const fields = new Map<string, string>();
  for (const part of m[1]!.split('&')) {
    const at = part.indexOf('=');
    fields.set(part.slice(0, at), part.slice(at + 1));
  }
  if ([...fields.keys()].sort().join(',') !== 'se,sig,skn,sr')
    return `fields ${[...fields.keys()].join(',')}`;
  const sr = fields.get('sr')!;
  const se = fields.get('se')!;
  if (sr !== enc(resourceUri.toLowerCase())) return `sr ${sr}`;
  if (Number(se) !== nowSeconds + 300) return `se ${se}`;
  if (decodeURIComponent(fields.get('skn')!) !== KEY_NAME) return 'skn';
  const expected = createHmac('sha256', Buffer.from(KEY, 'utf8')).update(`${sr}\n${se}`).digest('base64');
  if (decodeURIComponent(fields.get('sig')!) !== expected) return 'InvalidSignature';
  return undefined;
}

before(async () => {
  const ca = await createCa();
  const server = await issueServer(ca, [`${NAMESPACE}.servicebus.windows.net`]);
  sink = await HttpSink.start(server);
  endpoint = `https://{namespace}.servicebus.windows.net:${sink.port}`;
  h = harness({ extraCaPem: [ca.certPem], lookup: toLoopback, serviceBusEndpointTemplate: endpoint });
  sink.responder = (req, res) => {
    const entity = /^\/(.*)\/messages$/.exec(req.path)?.[1] ?? '';
    const reason = verifySas(
      req,
      `https://${NAMESPACE}.servicebus.windows.net:${sink.port}/${entity}`,
      Math.floor(h.clock.now() / 1000),
    );
    if (reason) {
      res.statusCode = 401;
      res.setHeader('Content-Type', 'application/xml; charset=utf-8');
      res.end(
        `<Error><Code>401</Code><Detail>${reason}: The token is not valid. TrackingId:abc, SystemTracker:x</Detail></Error>`,
      );
      return;
    }
    res.statusCode = 201;
    res.end();
  };
});
after(async () => {
  await h.executors.close();
  await sink.close();
});

function message(overrides: Partial<ServiceBusMessage<string>> = {}): ServiceBusMessage<string> {
  return {
    namespace: NAMESPACE,
    authentication: { type: 'SharedAccessKey', sasKeyName: KEY_NAME, sasKey: KEY },
    message: 'Grüße from Takt',
    ...overrides,
  };
}

function queueAction(
  overrides: Partial<ServiceBusMessage<string>> = {},
  queueName = 'Orders',
): ActionBody<string> {
  return { type: 'serviceBusQueue', serviceBusQueueMessage: { ...message(overrides), queueName } };
}

test('a queue send: valid SAS, body, default Content-Type, BrokerProperties with MessageId = execution tag', async () => {
  const result = await h.executors.execute(queueAction(), attemptContext());
  assert.equal(result.ok, true, result.message);
  assert.equal(
    result.message,
    `ServiceBusQueue Action - Message sent to queue 'Orders' in namespace '${NAMESPACE}': 'Created'`,
  );
  const req = sink.requests.at(-1)!;
  assert.equal(req.method, 'POST');
  assert.equal(req.path, '/Orders/messages');
  assert.equal(req.body.toString('utf8'), 'Grüße from Takt');
  assert.equal(header(req, 'content-type'), 'text/plain; charset=utf-8');
  assert.equal(header(req, 'user-agent'), `Takt/${VERSION}`);
  assert.deepEqual(JSON.parse(header(req, 'brokerproperties')!), {
    MessageId: attemptContext().executionTag,
  });
});

test('a topic send uses the topic path and the topic message format', async () => {
  const result = await h.executors.execute(
    { type: 'serviceBusTopic', serviceBusTopicMessage: { ...message(), topicPath: 'events' } },
    attemptContext(),
  );
  assert.equal(result.ok, true, result.message);
  assert.equal(
    result.message,
    `ServiceBusTopic Action - Message sent to topic 'events' in namespace '${NAMESPACE}': 'Created'`,
  );
  assert.equal(sink.requests.at(-1)!.path, '/events/messages');
});

test('every brokered property is sent in BrokerProperties; contentType becomes the Content-Type', async () => {
  const props: BrokeredMessageProperties = {
    contentType: 'application/json',
    correlationId: 'corr-1',
    forcePersistence: true,
    label: 'nightly',
    messageId: 'my-id',
    partitionKey: 'pk',
    replyTo: 'replies',
    replyToSessionId: 'rs',
    scheduledEnqueueTimeUtc: { ms: Date.parse('2026-03-02T02:30:00Z'), ticks: 0 },
    sessionId: 'sess',
    timeToLive: 90 * 60 * 1000 * 10_000, // 90 minutes in ticks
    to: 'someone',
    viaPartitionKey: 'vpk',
  };
  const result = await h.executors.execute(
    queueAction({ brokeredMessageProperties: props, message: '{"a":1}' }),
    attemptContext(),
  );
  assert.equal(result.ok, true, result.message);
  const req = sink.requests.at(-1)!;
  assert.equal(header(req, 'content-type'), 'application/json');
  assert.deepEqual(JSON.parse(header(req, 'brokerproperties')!), {
    CorrelationId: 'corr-1',
    ForcePersistence: true,
    Label: 'nightly',
    MessageId: 'my-id',
    PartitionKey: 'pk',
    ReplyTo: 'replies',
    ReplyToSessionId: 'rs',
    ScheduledEnqueueTimeUtc: 'Mon, 02 Mar 2026 02:30:00 GMT',
    SessionId: 'sess',
    TimeToLive: 5400,
    To: 'someone',
    ViaPartitionKey: 'vpk',
  });
});

test('a TimeToLive that was not a duration is not sent', async () => {
  await h.executors.execute(
    queueAction({ brokeredMessageProperties: { timeToLive: { verbatim: 'forever' } } }),
    attemptContext(),
  );
  assert.deepEqual(JSON.parse(header(sink.requests.at(-1)!, 'brokerproperties')!), {
    MessageId: attemptContext().executionTag,
  });
});

test('custom properties are JSON string literal headers; tracking properties are added and win on a clash', async () => {
  const ctx = attemptContext({ expectedExecutionTime: Date.parse('2026-03-02T02:00:00.5Z') });
  const result = await h.executors.execute(
    queueAction({
      customMessageProperties: [
        ['Priority', 'High'],
        ['Greeting', 'Grüße "quoted"'],
        ['x-ms-execution-tag', 'forged'],
      ],
    }),
    ctx,
  );
  assert.equal(result.ok, true, result.message);
  const req = sink.requests.at(-1)!;
  assert.equal(header(req, 'priority'), '"High"');
  assert.equal(header(req, 'greeting'), '"Gr\\u00fc\\u00dfe \\"quoted\\""');
  assert.deepEqual(
    req.headers.filter(([n]) => n.toLowerCase() === 'x-ms-execution-tag').map(([, v]) => v),
    [`"${ctx.executionTag}"`],
  );
  assert.equal(header(req, 'x-ms-scheduler-jobid'), '"nightly-report"');
  assert.equal(header(req, 'x-ms-scheduler-jobcollectionid'), '"jc1"');
  assert.equal(header(req, 'x-ms-scheduler-expected-execution-time'), '"2026-03-02T02:00:00.5Z"');
  assert.equal(header(req, 'x-ms-scheduler-execution-region'), '"West Europe"');
  assert.equal(header(req, 'x-ms-client-request-id'), `"${ctx.clientRequestId}"`);
});

test('the SAS expiry follows the clock: now + 300 s', async () => {
  h.clock.advance(12_345_678);
  const result = await h.executors.execute(queueAction(), attemptContext());
  assert.equal(result.ok, true, result.message);
  const se = /&se=(\d+)&/.exec(header(sink.requests.at(-1)!, 'authorization')!)?.[1];
  assert.equal(Number(se), Math.floor(h.clock.now() / 1000) + 300);
});

test('the resource URI is lower-cased before signing (entity names are case-insensitive)', async () => {
  const result = await h.executors.execute(queueAction({}, 'MiXeD-Case'), attemptContext());
  assert.equal(result.ok, true, result.message);
  assert.match(
    header(sink.requests.at(-1)!, 'authorization')!,
    /sr=https%3A%2F%2Ftakt-ns\.servicebus\.windows\.net%3A\d+%2Fmixed-case&/,
  );
});

test('a wrong key: the error response message carries the service detail, never the key', async () => {
  const result = await h.executors.execute(
    queueAction({
      authentication: { type: 'SharedAccessKey', sasKeyName: KEY_NAME, sasKey: 'Wrong-Key-123' },
    }),
    attemptContext(),
  );
  assert.equal(result.ok, false);
  assert.equal(
    result.message,
    `ServiceBusQueue Action - Request to queue 'Orders' in namespace '${NAMESPACE}' failed: 'Unauthorized' InvalidSignature: The token is not valid. TrackingId:abc, SystemTracker:x`,
  );
  assert.ok(!result.message.includes('Wrong-Key-123'));
});

test('a front end that echoes the Authorization it got: the signature and the key never reach the message', async () => {
  const saved = sink.responder;
  sink.responder = (req, res) => {
    res.statusCode = 401;
    const auth = String(header(req, 'authorization'));
    const sig = /sig=([^&]+)/.exec(auth)![1]!;
    res.end(`<Error><Detail>got ${auth} sig ${decodeURIComponent(sig)} key Wrong-Key-123</Detail></Error>`);
  };
  try {
    const result = await h.executors.execute(
      queueAction({
        authentication: { type: 'SharedAccessKey', sasKeyName: KEY_NAME, sasKey: 'Wrong-Key-123' },
      }),
      attemptContext(),
    );
    assert.equal(
      result.message,
      `ServiceBusQueue Action - Request to queue 'Orders' in namespace '${NAMESPACE}' failed: 'Unauthorized' got *** sig *** key ***`,
    );
  } finally {
    sink.responder = saved;
  }
});

test('an error without a Detail element carries the start of its body', async () => {
  const saved = sink.responder;
  sink.responder = (_req, res) => {
    res.statusCode = 500;
    res.end('  something\n  broke  ');
  };
  try {
    const result = await h.executors.execute(queueAction(), attemptContext());
    assert.equal(
      result.message,
      `ServiceBusQueue Action - Request to queue 'Orders' in namespace '${NAMESPACE}' failed: 'Internal Server Error' something broke`,
    );
  } finally {
    sink.responder = saved;
  }
});

test('no response: the topic form of the "failed: <reason>" message; the timeout', async () => {
  const gone = await HttpSink.start();
  const port = gone.port;
  await gone.close();
  const refused = harness({ serviceBusEndpointTemplate: `http://127.0.0.1:${port}/{namespace}` });
  try {
    const result = await refused.executors.execute(
      { type: 'serviceBusTopic', serviceBusTopicMessage: { ...message(), topicPath: 'events' } },
      attemptContext(),
    );
    assert.equal(
      result.message,
      `ServiceBusTopic Action - Request to topic 'events' in namespace '${NAMESPACE}' failed: connect ECONNREFUSED 127.0.0.1:${port}`,
    );
  } finally {
    await refused.executors.close();
  }

  const saved = sink.responder;
  sink.responder = () => undefined;
  try {
    const arrived = sink.nextRequest();
    const pending = h.executors.execute(queueAction(), attemptContext());
    await arrived;
    h.clock.advance(60_000);
    const result = await pending;
    assert.equal(
      result.message,
      `ServiceBusQueue Action - Request to queue 'Orders' in namespace '${NAMESPACE}' failed: The request timed out after 60 seconds.`,
    );
  } finally {
    sink.responder = saved;
  }
});

test('the send passes the egress check', async () => {
  const blocked = harness({
    lookup: toLoopback,
    egress: { deny: ['127.0.0.0/8'] },
    serviceBusEndpointTemplate: endpoint,
  });
  try {
    const result = await blocked.executors.execute(queueAction(), attemptContext());
    assert.equal(
      result.message,
      `ServiceBusQueue Action - Request to queue 'Orders' in namespace '${NAMESPACE}' failed: The destination address 127.0.0.1 is blocked by the egress policy.`,
    );
  } finally {
    await blocked.executors.close();
  }
});
