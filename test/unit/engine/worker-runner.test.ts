// The engine with its executors in a worker thread (engine/worker-runner.ts, bootstrap/executor-worker.ts):
// a real thread with the real executors sending to a real HTTP sink, a real SQLite store, the
// engine on a ManualClock. Proves the thread boundary: secrets opened in the thread, a dead thread's
// attempts redelivered with the same tag, stop and a lost lease cancelling the request in the thread.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { startExecutorThread, type ExecutorWorkerData } from '../../../src/bootstrap/executor-worker-data.js';
import { SystemClock } from '../../../src/bootstrap/system-clock.js';
import type { JobDefinition } from '../../../src/domain/job.js';
import type { PlainSecret } from '../../../src/domain/secret.js';
import { Engine } from '../../../src/engine/engine.js';
import { SILENT } from '../../../src/engine/silent-logger.js';
import { WorkerRunner } from '../../../src/engine/worker-runner.js';
import type { SecretBox } from '../../../src/ports/secret-box.js';
import { AesGcmSecretBox } from '../../../src/secrets/index.js';
import { ManualClock } from '../../support/manual-clock.js';
import { httpDef, openBench, ref, T0, type Bench } from './harness.js';

const D = T0 + 60_000;

interface Arrival {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  /** Resolves when the client closed the connection before an answer (cancelled, thread gone). */
  readonly dropped: Promise<void>;
}

/** An HTTP sink that hands each request to the test, which answers it (or not). */
async function startSink(): Promise<{ url: string; next(): Promise<Arrival>; close(): Promise<void> }> {
  const queue: Arrival[] = [];
  const waiters: ((a: Arrival) => void)[] = [];
  const server = createServer((req, res) => {
    const dropped = new Promise<void>((resolve) =>
      res.on('close', () => {
        if (!res.writableFinished) resolve();
      }),
    );
    const a = { req, res, dropped };
    const w = waiters.shift();
    if (w) w(a);
    else queue.push(a);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    next: () => {
      const a = queue.shift();
      return a ? Promise.resolve(a) : new Promise((resolve) => waiters.push(resolve));
    },
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/** The engine's own box refuses to open anything: only the thread may open secrets. */
const NO_SECRETS_HERE: SecretBox = {
  seal: () => {
    throw new Error('not here');
  },
  open: () => {
    throw new Error('secrets are opened in the executor thread only');
  },
};

interface Setup {
  readonly b: Bench;
  readonly sink: Awaited<ReturnType<typeof startSink>>;
  readonly runner: WorkerRunner;
  readonly engine: Engine;
  close(): Promise<void>;
}

async function setup(
  options: { leaseDurationMs?: number; stopGraceMs?: number } = {},
  engineClock?: ManualClock,
  withSecret = true,
): Promise<Setup> {
  const key = randomBytes(32);
  const box = new AesGcmSecretBox(key);
  const b = await openBench();
  const sink = await startSink();
  const def: JobDefinition<PlainSecret> = httpDef({
    action: {
      type: 'http',
      request: {
        uri: sink.url,
        method: 'POST',
        headers: [],
        body: 'hi',
        ...(withSecret ? { authentication: { type: 'Basic', username: 'u', password: 'p@ss' } } : {}),
      },
    },
  });
  await b.putJob('j', def, 'jobs', box);
  const workerData: ExecutorWorkerData = {
    executor: { version: 'test', httpTimeoutMs: 30_000 },
    secretKey: { keyBase64: key.toString('base64') },
  };
  const runner = new WorkerRunner({
    spawn: () => startExecutorThread(workerData),
    clock: engineClock ?? b.clock,
    threadClock: new SystemClock(),
    logger: SILENT,
  });
  const engine = new Engine(
    { store: b.store, clock: engineClock ?? b.clock, runner, secrets: NO_SECRETS_HERE, ids: b.ids },
    { nodeId: 'A', ...options },
  );
  return {
    b,
    sink,
    runner,
    engine,
    close: async () => {
      await engine.stop();
      await runner.close();
      await sink.close();
      await b.close();
    },
  };
}

test('attempts run in the executor thread: secrets opened there, the outcome recorded by the engine', async () => {
  const s = await setup();
  try {
    s.engine.start();
    s.b.clock.setTo(D);
    const a = await s.sink.next();
    assert.equal(a.req.headers.authorization, `Basic ${Buffer.from('u:p@ss').toString('base64')}`);
    assert.match(String(a.req.headers['x-ms-execution-tag']), /^[0-9a-f]{32}$/);
    a.res.end('fine');
    await s.engine.settled();
    const history = await s.b.store.listHistory(ref('j'), {}, {});
    assert.deepEqual(
      history.map((h) => h.status),
      ['completed'],
    );
    assert.equal(s.runner.inFlight, 0);
  } finally {
    await s.close();
  }
});

test('the executor thread dies mid-attempt: nothing is recorded, the lease expires and the attempt is redelivered with the same tag', async () => {
  const s = await setup({ leaseDurationMs: 3_000 });
  try {
    s.engine.start();
    s.b.clock.setTo(D);
    const first = await s.sink.next();
    await s.runner.terminate();
    await first.dropped;
    await s.engine.settled();
    assert.equal(s.runner.inFlight, 0);
    assert.deepEqual(
      await s.b.store.listHistory(ref('j'), {}, {}),
      [],
      'an interrupted attempt is not a failure',
    );
    assert.equal(s.engine.inFlight, 0);

    // A new thread takes the redelivery once the lease expired (settled() would wait for the
    // redelivered attempt, which waits for this test to answer it).
    const arriving = s.sink.next();
    for (let t = 0; t < 4; t++) {
      s.b.clock.advance(1_000);
      await Promise.race([s.engine.settled(), arriving]);
    }
    const again = await arriving;
    assert.equal(again.req.headers['x-ms-execution-tag'], first.req.headers['x-ms-execution-tag']);
    assert.equal(
      again.req.headers['x-ms-scheduler-expected-execution-time'],
      first.req.headers['x-ms-scheduler-expected-execution-time'],
    );
    assert.notEqual(again.req.headers['x-ms-client-request-id'], first.req.headers['x-ms-client-request-id']);
    again.res.end('fine');
    await s.engine.settled();
    const history = await s.b.store.listHistory(ref('j'), {}, {});
    assert.deepEqual(
      history.map((h) => h.status),
      ['completed'],
    );
  } finally {
    await s.close();
  }
});

test('stop cancels the request in the executor thread, records nothing and releases the lease', async () => {
  const s = await setup({ stopGraceMs: 1_000 });
  try {
    s.engine.start();
    s.b.clock.setTo(D);
    const a = await s.sink.next();
    const stopping = s.engine.stop();
    s.b.clock.advance(1_000);
    await stopping;
    await a.dropped; // the thread aborted the request
    await s.engine.settled();
    assert.deepEqual(await s.b.store.listHistory(ref('j'), {}, {}), []);
    assert.deepEqual(await s.b.store.peekDue(D, 10), [D], 'released: due again at once');
    assert.equal(s.runner.inFlight, 0);
  } finally {
    await s.close();
  }
});

test('a lost lease cancels the request in the executor thread; the stale attempt records nothing', async () => {
  // Node A (executor thread) on a clock of its own, stalled while B takes over its expired lease.
  const clockA = new ManualClock(T0);
  // No secret: B (an in-thread engine of the test bench) has the bench's box, not the real key.
  const s = await setup({ leaseDurationMs: 30_000 }, clockA, false);
  try {
    s.engine.start();
    clockA.setTo(D);
    const a = await s.sink.next();
    s.b.engine({ nodeId: 'B' }).start();
    await s.b.advance(D + 30_000 - T0);
    assert.equal(s.b.executor.calls.length, 1, 'B redelivered it');
    clockA.advance(10_000); // A's renewal, every third of the lease: B holds the run now
    await a.dropped;
    await s.engine.settled();
    assert.equal(s.engine.inFlight, 0);
    const history = await s.b.store.listHistory(ref('j'), {}, {});
    assert.deepEqual(
      history.map((h) => h.status),
      ['completed'],
      'only B`s outcome',
    );
  } finally {
    await s.close();
  }
});
