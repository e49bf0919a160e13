// The delivery guarantee end to end (docs/reference/scheduling-rules.md §5.5): a real `takt serve` is killed with
// SIGKILL while an attempt is in flight; after a restart on the same data directory the attempt is
// sent again with the same execution tag and a new client request id, and exactly one history
// entry is written for it.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { openSqliteStore } from '../../src/store/open-store.js';
import { header, HttpSink } from '../support/sinks/http-sink.js';
import { readConnection, startTakt, type TaktProcess } from '../../support/serve.js';
import { api, immediateJob, JC_PATH, seedCollection } from './engine-support.js';

const root = mkdtempSync(join(tmpdir(), 'takt-engine-crash-'));
const dataDir = join(root, 'data');
// A lease far longer than the test: the restarted node (same node id) releases it at start.
const env = { TAKT_LEASE_DURATION: '10m' };
let running: TaktProcess | undefined;
let sink: HttpSink | undefined;
after(async () => {
  if (running && running.child.exitCode === null && running.child.signalCode === null) await running.stop();
  await sink?.close();
  rmSync(root, { recursive: true, force: true });
});

test('kill -9 mid-attempt: redelivered after restart with the same tag, one history entry', async () => {
  sink = await HttpSink.start();
  let hung = false;
  sink.responder = (_req, res) => {
    if (!hung) {
      hung = true; // the first attempt never gets an answer: the node dies while waiting
      return;
    }
    res.end('done');
  };

  running = await startTakt(['--data-dir', dataDir, '--port', '0'], env);
  const conn = readConnection(dataDir);
  const a = api(conn);
  await seedCollection(a);
  const firstRequest = sink.nextRequest();
  const put = await a.call('PUT', `${JC_PATH}/jobs/j1`, immediateJob(sink.url('/hook')));
  assert.equal(put.status, 201, put.body);
  const first = await firstRequest;

  running.child.kill('SIGKILL');
  await once(running.child, 'exit');
  running = undefined;

  const secondRequest = sink.nextRequest();
  running = await startTakt(['--data-dir', dataDir, '--port', '0'], env);
  const second = await secondRequest;
  assert.equal(header(second, 'x-ms-execution-tag'), header(first, 'x-ms-execution-tag'));
  assert.match(header(first, 'x-ms-execution-tag') ?? '', /^[0-9a-f]{32}$/);
  assert.equal(
    header(second, 'x-ms-scheduler-expected-execution-time'),
    header(first, 'x-ms-scheduler-expected-execution-time'),
  );
  assert.notEqual(header(second, 'x-ms-client-request-id'), header(first, 'x-ms-client-request-id'));

  // A graceful stop records the finished attempt before the process exits.
  assert.equal(await running.stop(), 0);
  running = undefined;
  const store = await openSqliteStore({ path: join(dataDir, 'takt.db') });
  try {
    const ref = { subscriptionId: conn.subscriptionId, cloudService: 'cs1', collection: 'jc1', jobId: 'j1' };
    const history = await store.listHistory(ref, {}, {});
    assert.deepEqual(
      history.map((h) => [h.status, h.retryCount, h.repeatCount, h.executionTag]),
      [['completed', 0, 1, header(first, 'x-ms-execution-tag')]],
    );
    const stored = await store.getJob(ref);
    assert.equal(stored?.state, 'completed');
    assert.deepEqual(stored?.counters, { executionCount: 1, failureCount: 0, faultedCount: 0 });
  } finally {
    await store.close();
  }
});
