// A target's reason phrase is its own text, and a proxy or front end may quote what it was sent in
// it: the Authorization header, the request line with a SAS query. History messages never hold a
// secret (docs/security.md), so the reason phrase is masked like the body — also when the response is
// cut off mid-body and the phrase only appears in the failure reason, and for Storage Queue and
// Service Bus, whose messages quote the phrase too.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ActionBody } from '../../src/domain/job.js';
import { RawSink, type RawRequest } from '../support/sinks/raw-sink.js';
import { attemptContext, harness, httpAction } from './fixtures.js';

const PASSWORD = 'hunter2-pw';
const SAS = '?sv=2020-10-02&sig=SIGNATUREabc123%2Bx';
const SAS_KEY = 'c2VjcmV0LWtleS1ieXRlcw+/=SAS';
let sink: RawSink;

before(async () => {
  sink = await RawSink.start();
});
after(async () => sink.close());

const h = harness({
  storageEndpointTemplate: 'http://127.0.0.1:{account}',
  serviceBusEndpointTemplate: 'http://127.0.0.1:{namespace}',
});
after(async () => h.executors.close());

/** The request line and the Authorization value, quoted in the reason phrase; `cut` breaks the body off. */
function echoInReason(cut: boolean): void {
  sink.responder = (req: RawRequest) => {
    const line = req.head.split('\r\n')[0]!;
    const auth = /\r\nauthorization: ([^\r]*)/i.exec(req.head)?.[1] ?? '-';
    const length = cut ? 'Content-Length: 100\r\n\r\n0123' : 'Content-Length: 0\r\n\r\n';
    req.socket.end(`HTTP/1.1 401 Denied ${auth} for ${line}\r\n${length}`);
  };
}

test('HTTP: a reason phrase quoting the Basic credentials is masked, also in a cut-off failure', async () => {
  const action = httpAction({
    uri: sink.url('/api'),
    authentication: { type: 'Basic', username: 'u', password: PASSWORD },
  });
  for (const cut of [false, true]) {
    echoInReason(cut);
    const r = await h.executors.execute(action, attemptContext());
    assert.equal(r.ok, false);
    assert.match(r.message, /'Denied \*\*\* for GET \/api HTTP\/1\.1'/);
    assert.ok(!r.message.includes(PASSWORD) && !r.message.includes('dTpodW50ZXIyLXB3'), r.message);
  }
});

test('Storage Queue: a reason phrase quoting the SAS query is masked, also in a cut-off failure', async () => {
  const action: ActionBody<string> = {
    type: 'storageQueue',
    queueMessage: { storageAccount: String(sink.port), queueName: 'orders', sasToken: SAS, message: 'hi' },
  };
  for (const cut of [false, true]) {
    echoInReason(cut);
    const r = await h.executors.execute(action, attemptContext());
    assert.equal(r.ok, false);
    assert.match(r.message, /Denied - for POST \/orders\/messages\*\*\* HTTP\/1\.1/);
    assert.ok(!r.message.includes('SIGNATUREabc123'), r.message);
  }
});

test('Service Bus: a reason phrase quoting the SAS token is masked, also in a cut-off failure', async () => {
  const action: ActionBody<string> = {
    type: 'serviceBusQueue',
    serviceBusQueueMessage: {
      namespace: String(sink.port),
      queueName: 'orders',
      authentication: { type: 'SharedAccessKey', sasKeyName: 'Root', sasKey: SAS_KEY },
      message: 'hi',
    },
  };
  for (const cut of [false, true]) {
    echoInReason(cut);
    const r = await h.executors.execute(action, attemptContext());
    assert.equal(r.ok, false);
    assert.match(r.message, /Denied \*\*\* for POST \/orders\/messages/);
    assert.ok(!r.message.includes('SharedAccessSignature') && !r.message.includes('sig='), r.message);
  }
});
