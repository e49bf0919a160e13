// A target that never answers must not hold up other attempts, and close() must release every
// pooled connection without waiting for such a target.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SHUT_DOWN_REASON } from '../../src/executors/net/failure-reason.js';
import { createCa, issueClient, issueServer } from '../support/sinks/certs.js';
import { HttpSink } from '../support/sinks/http-sink.js';
import { RawSink } from '../support/sinks/raw-sink.js';
import { attemptContext, harness, httpAction } from './fixtures.js';

const OK = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok';

async function withSinks(fn: (hanging: RawSink, other: RawSink) => Promise<void>): Promise<void> {
  const hanging = await RawSink.start();
  const other = await RawSink.start();
  // Requests to /hang are read and never answered; anything else is answered at once.
  for (const s of [hanging, other]) {
    s.responder = (req) => {
      if (!req.head.startsWith('GET /hang ')) req.socket.write(OK);
    };
  }
  try {
    await fn(hanging, other);
  } finally {
    await hanging.close();
    await other.close();
  }
}

test('attempts to the same and to other origins complete while a target hangs', async () => {
  await withSinks(async (hanging, other) => {
    const { clock, executors } = harness();
    try {
      const stuckArrived = [hanging.nextRequest(), hanging.nextRequest()];
      const stuck = [
        executors.execute(httpAction({ uri: hanging.url('/hang') }), attemptContext()),
        executors.execute(httpAction({ uri: hanging.url('/hang') }), attemptContext()),
      ];
      await Promise.all(stuckArrived);
      const others = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          executors.execute(
            httpAction({ uri: (i % 2 ? hanging : other).url(`/quick/${i}`) }),
            attemptContext(),
          ),
        ),
      );
      for (const r of others) assert.equal(r.ok, true, r.message);
      // The stuck ones are still running and end only at their deadline.
      clock.advance(60_000);
      for (const r of await Promise.all(stuck)) {
        assert.equal(
          r.message,
          "Http Action - Request to host '127.0.0.1' failed: The request timed out after 60 seconds.",
        );
      }
    } finally {
      await executors.close();
    }
  });
});

test('close() releases every pooled connection, even one held by a target that never answers', async () => {
  await withSinks(async (hanging, other) => {
    const { executors } = harness();
    for (let i = 0; i < 3; i++) {
      const r = await executors.execute(httpAction({ uri: other.url(`/warm/${i}`) }), attemptContext());
      assert.equal(r.ok, true, r.message);
    }
    assert.ok(other.openSockets > 0, 'a kept-alive connection is pooled');
    const arrived = hanging.nextRequest();
    const stuck = executors.execute(httpAction({ uri: hanging.url('/hang') }), attemptContext());
    await arrived;

    await executors.close();
    await Promise.all([other.noSockets(), hanging.noSockets()]);
    const result = await stuck;
    assert.equal(result.ok, false);
    assert.equal(result.message, `Http Action - Request to host '127.0.0.1' failed: ${SHUT_DOWN_REASON}`);

    const after = await executors.execute(httpAction({ uri: other.url('/after') }), attemptContext());
    assert.equal(after.ok, false);
    assert.equal(after.message, `Http Action - Request to host '127.0.0.1' failed: ${SHUT_DOWN_REASON}`);
  });
});

test('close() also releases client-certificate pools; a second close() is harmless', async () => {
  const ca = await createCa();
  const sink = await HttpSink.start({ ...(await issueServer(ca)), clientCaPem: ca.certPem });
  const client = await issueClient(ca, 'pooled-client', 'pw');
  const { executors } = harness({ extraCaPem: [ca.certPem] });
  try {
    const result = await executors.execute(
      httpAction({
        uri: sink.url('/mtls'),
        authentication: {
          type: 'ClientCertificate',
          pfx: client.pfxBase64,
          password: 'pw',
          certificateThumbprint: 'AB',
          certificateExpiration: 0,
          certificateSubjectName: 'CN=pooled-client',
        },
      }),
      attemptContext(),
    );
    assert.equal(result.ok, true, result.message);
    assert.equal(sink.requests.at(-1)!.clientCertCn, 'pooled-client');
    assert.ok(sink.openSockets > 0, 'the certificate pool keeps its connection alive');
    await executors.close();
    await sink.noSockets();
    await executors.close();
  } finally {
    await sink.close();
  }
});
