// Storage queue actions (docs/reference/scheduling-rules.md §6.2) against a real Azurite: the StorageQueueMessage
// wrapper arrives byte-exact, the base64 option, path-style endpoints, and the history messages.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  AccountSASPermissions,
  AccountSASResourceTypes,
  AccountSASServices,
  generateAccountSASQueryParameters,
  generateQueueSASQueryParameters,
  QueueSASPermissions,
  QueueServiceClient,
  StorageSharedKeyCredential,
  type QueueClient,
} from '@azure/storage-queue';
import type { LookupFunction } from 'node:net';
import type { ActionBody } from '../../src/domain/job.js';
import {
  DEV_ACCOUNT,
  DEV_KEY,
  startAzuriteQueue,
  type AzuriteQueue,
} from '../support/sinks/azurite-queue.js';
import { header, HttpSink } from '../support/sinks/http-sink.js';
import { attemptContext, harness, VERSION, type Harness } from './fixtures.js';

let azurite: AzuriteQueue;
let service: QueueServiceClient;
let queueSas: string;
let accountSas: string;
let h: Harness;
const credential = new StorageSharedKeyCredential(DEV_ACCOUNT, DEV_KEY);

before(async () => {
  azurite = await startAzuriteQueue();
  service = new QueueServiceClient(azurite.accountUrl, credential);
  await service.getQueueClient('jobs').create();
  await service.getQueueClient('jobs-b64').create();
  // Test code may read the wall clock: the SAS expiry is checked by Azurite against real time.
  const expiresOn = new Date(Date.now() + 3_600_000);
  queueSas = generateQueueSASQueryParameters(
    { queueName: 'jobs', permissions: QueueSASPermissions.parse('a'), expiresOn },
    credential,
  ).toString();
  accountSas = generateAccountSASQueryParameters(
    {
      services: AccountSASServices.parse('q').toString(),
      resourceTypes: AccountSASResourceTypes.parse('sco').toString(),
      permissions: AccountSASPermissions.parse('a'),
      expiresOn,
    },
    credential,
  ).toString();
  h = harness({ storageEndpointTemplate: azurite.endpointTemplate });
});
after(async () => {
  await h.executors.close();
  await azurite.stop();
});

function storageAction(queueName: string, message: string, sasToken = `?${queueSas}`): ActionBody<string> {
  return {
    type: 'storageQueue',
    queueMessage: { storageAccount: DEV_ACCOUNT, queueName, sasToken, message },
  };
}

/** XML text back to characters (the SDK's own parser leaves `&#xD;` undecoded, so the raw body is read). */
function xmlDecode(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_m, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_m, dec: string) => String.fromCodePoint(Number(dec)))
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&apos;', "'")
    .replaceAll('&amp;', '&');
}

/** Receives (and deletes) the next message; its text exactly as stored. */
async function take(queue: QueueClient): Promise<string> {
  const received = await queue.receiveMessages();
  const item = received.receivedMessageItems[0];
  assert.ok(item, 'a message is on the queue');
  await queue.deleteMessage(item.messageId, item.popReceipt);
  const raw = /<MessageText>([\s\S]*?)<\/MessageText>/.exec(received._response.bodyAsText ?? '')?.[1];
  assert.ok(raw !== undefined);
  return xmlDecode(raw);
}

test('the message arrives in the exact StorageQueueMessage wrapper', async () => {
  const result = await h.executors.execute(
    storageAction('jobs', 'report & archive <now> "quoted" \'single\'\r\nline two'),
    attemptContext(),
  );
  assert.equal(result.ok, true, result.message);
  assert.equal(
    result.message,
    `StorageQueue Action - Request to storage account '${DEV_ACCOUNT}' queue 'jobs' succeeded: 'Created'`,
  );
  const expected = [
    '<?xml version="1.0" encoding="utf-16"?>',
    '<StorageQueueMessage xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">',
    '  <ExecutionTag>c4f1d9a0b7e24b6a9f0d3e5a1b2c3d4e</ExecutionTag>',
    '  <ClientRequestId>0b6d1f0e-2a47-4c1e-9d8e-5f3a7b9c1d2e</ClientRequestId>',
    '  <ExpectedExecutionTime>2026-03-02T02:00:00</ExpectedExecutionTime>',
    '  <SchedulerJobId>nightly-report</SchedulerJobId>',
    '  <SchedulerJobCollectionId>jc1</SchedulerJobCollectionId>',
    '  <Region>West Europe</Region>',
    '  <Message>report &amp; archive &lt;now&gt; "quoted" \'single\'\r\nline two</Message>',
    '</StorageQueueMessage>',
  ].join('\r\n');
  assert.equal(await take(service.getQueueClient('jobs')), expected);
});

test('ExpectedExecutionTime keeps a non-zero fraction, without a zone designator', async () => {
  const ctx = attemptContext({ expectedExecutionTime: Date.parse('2026-03-02T02:00:00.120Z') });
  const result = await h.executors.execute(storageAction('jobs', 'x'), ctx);
  assert.equal(result.ok, true, result.message);
  assert.match(
    await take(service.getQueueClient('jobs')),
    /\r\n {2}<ExpectedExecutionTime>2026-03-02T02:00:00\.12<\/ExpectedExecutionTime>\r\n/,
  );
});

test('a SAS token without the leading "?" works the same', async () => {
  const result = await h.executors.execute(
    storageAction('jobs', 'no-question-mark', queueSas),
    attemptContext(),
  );
  assert.equal(result.ok, true, result.message);
  assert.match(await take(service.getQueueClient('jobs')), /<Message>no-question-mark<\/Message>/);
});

test('with the base64 option the message text is base64 of the UTF-8 wrapper', async () => {
  const b64 = harness({ storageEndpointTemplate: azurite.endpointTemplate, storageBase64: true });
  try {
    const result = await b64.executors.execute(
      storageAction('jobs-b64', 'grüße & more', `?${accountSas}`),
      attemptContext(),
    );
    assert.equal(result.ok, true, result.message);
    const text = await take(service.getQueueClient('jobs-b64'));
    assert.match(text, /^[A-Za-z0-9+/]+=*$/);
    const decoded = Buffer.from(text, 'base64').toString('utf8');
    assert.ok(
      decoded.startsWith('<?xml version="1.0" encoding="utf-16"?>\r\n<StorageQueueMessage '),
      decoded,
    );
    assert.ok(
      decoded.includes('\r\n  <Message>grüße &amp; more</Message>\r\n</StorageQueueMessage>'),
      decoded,
    );
  } finally {
    await b64.executors.close();
  }
});

test('a queue that does not exist gives the 404 message', async () => {
  const result = await h.executors.execute(storageAction('no-such-queue', 'x', accountSas), attemptContext());
  assert.equal(result.ok, false);
  assert.equal(
    result.message,
    `StorageQueue Action - The queue 'no-such-queue' does not exist in storage account '${DEV_ACCOUNT}'.`,
  );
});

test('a rejected SAS gives the error response message with the storage error code, without the SAS', async () => {
  const forged = queueSas.replace(/sig=[^&]+/, 'sig=AAAAforgedAAAA%3D');
  const result = await h.executors.execute(storageAction('jobs', 'x', forged), attemptContext());
  assert.equal(result.ok, false);
  assert.match(
    result.message,
    new RegExp(
      `^StorageQueue Action - Request to storage account '${DEV_ACCOUNT}' queue 'jobs' failed: '[^']+' AuthenticationFailed$`,
    ),
  );
  assert.ok(!result.message.includes('forged') && !result.message.includes('sig='));
});

test('an account whose host does not resolve gives the "could not be found" message', async () => {
  const notFound: LookupFunction = (hostname, _options, cb) => {
    const err = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), {
      code: 'ENOTFOUND',
      hostname,
    });
    cb(err, '', 4);
  };
  const dflt = harness({ lookup: notFound });
  try {
    const result = await dflt.executors.execute(
      {
        type: 'storageQueue',
        queueMessage: {
          storageAccount: 'nosuchaccount',
          queueName: 'jobs',
          sasToken: queueSas,
          message: 'x',
        },
      },
      attemptContext(),
    );
    assert.equal(result.ok, false);
    assert.equal(
      result.message,
      "StorageQueue Action - The storage account 'nosuchaccount' could not be found.",
    );
  } finally {
    await dflt.executors.close();
  }
});

test('no response (connection refused) and an egress block give the "failed: <reason>" message', async () => {
  const closed = await HttpSink.start();
  const port = closed.port;
  await closed.close();
  const refused = harness({ storageEndpointTemplate: `http://127.0.0.1:${port}/{account}` });
  const blocked = harness({
    storageEndpointTemplate: azurite.endpointTemplate,
    egress: { deny: ['127.0.0.0/8'] },
  });
  try {
    const r1 = await refused.executors.execute(storageAction('jobs', 'x'), attemptContext());
    assert.equal(
      r1.message,
      `StorageQueue Action - Request to storage account '${DEV_ACCOUNT}' queue 'jobs' failed: connect ECONNREFUSED 127.0.0.1:${port}`,
    );
    const r2 = await blocked.executors.execute(storageAction('jobs', 'x'), attemptContext());
    assert.equal(
      r2.message,
      `StorageQueue Action - Request to storage account '${DEV_ACCOUNT}' queue 'jobs' failed: The destination address 127.0.0.1 is blocked by the egress policy.`,
    );
  } finally {
    await refused.executors.close();
    await blocked.executors.close();
  }
});

test('the Put Message request: method, path, query, headers and body', async () => {
  const sink = await HttpSink.start();
  sink.responder = (_req, res) => {
    res.statusCode = 201;
    res.end();
  };
  const spy = harness({ storageEndpointTemplate: sink.url('/{account}'), storageApiVersion: '2019-12-12' });
  try {
    const result = await spy.executors.execute(storageAction('jobs', 'a&b\r\n'), attemptContext());
    assert.equal(result.ok, true, result.message);
    const req = sink.requests[0]!;
    assert.equal(req.method, 'POST');
    assert.equal(req.path, `/${DEV_ACCOUNT}/jobs/messages?${queueSas}`);
    assert.equal(header(req, 'x-ms-version'), '2019-12-12');
    assert.equal(header(req, 'content-type'), 'application/xml; charset=utf-8');
    assert.equal(header(req, 'x-ms-client-request-id'), attemptContext().clientRequestId);
    assert.equal(header(req, 'user-agent'), `Takt/${VERSION}`);
    const body = req.body.toString('utf8');
    assert.ok(
      body.startsWith(
        '<?xml version="1.0" encoding="utf-8"?><QueueMessage><MessageText>&lt;?xml version="1.0" encoding="utf-16"?&gt;&#xD;\n&lt;StorageQueueMessage ',
      ),
      body,
    );
    assert.ok(
      body.endsWith(
        '&lt;Message&gt;a&amp;amp;b&#xD;\n&lt;/Message&gt;&#xD;\n&lt;/StorageQueueMessage&gt;</MessageText></QueueMessage>',
      ),
      body,
    );
  } finally {
    await spy.executors.close();
    await sink.close();
  }
});
