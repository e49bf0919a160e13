// Two `takt serve` nodes on one PostgreSQL database share the work safely (docs/engine.md): every
// job runs exactly once although both claim concurrently (FOR UPDATE SKIP LOCKED), and when a node
// is killed with SIGKILL mid-attempt the surviving node redelivers the attempt with the same tag.
// Uses a fresh database on the run's PostgreSQL (support/postgres.ts).
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { openPostgresStore } from '../../src/store/open-store.js';
import { freshDatabase, type PgDatabase } from '../../support/postgres.js';
import { header, HttpSink, type RecordedRequest } from '../support/sinks/http-sink.js';
import { readConnection, startTakt, type TaktProcess } from '../../support/serve.js';
import { api, immediateJob, JC_PATH, seedCollection } from './engine-support.js';

let database: PgDatabase | undefined;
const root = mkdtempSync(join(tmpdir(), 'takt-engine-cluster-'));
const dataDir = join(root, 'data');
const env = { TAKT_LEASE_DURATION: '3s' };
const nodes: TaktProcess[] = [];
let sink: HttpSink | undefined;
after(async () => {
  for (const n of nodes) if (n.child.exitCode === null && n.child.signalCode === null) await n.stop();
  await sink?.close();
  rmSync(root, { recursive: true, force: true });
  await database?.drop();
});

const start = async (): Promise<TaktProcess> => {
  const url = database!.url;
  const n = await startTakt(['--data-dir', dataDir, '--port', '0', '--database-url', url], env);
  nodes.push(n);
  return n;
};

test('two nodes: every job runs once; a killed node`s attempt is redelivered by the other', async () => {
  database = await freshDatabase('takt_e2e_cluster');
  sink = await HttpSink.start();
  const seen: RecordedRequest[] = [];
  let hang = false;
  sink.responder = (req, res) => {
    seen.push(req);
    if (hang && req.path === '/hang' && seen.filter((r) => r.path === '/hang').length === 1) return; // never answered
    res.end('ok');
  };

  const a = await start();
  const b = await start();
  const client = api(readConnection(dataDir));
  assert.equal(client.conn.url, b.url);
  await seedCollection(client);

  const N = 30;
  const all = new Promise<void>((resolve) => {
    const count = (): void => {
      if (seen.length < N) return;
      sink?.off('request', count);
      resolve();
    };
    sink?.on('request', count);
  });
  for (let i = 0; i < N; i++) {
    const r = await client.call('PUT', `${JC_PATH}/jobs/job${i}`, immediateJob(sink.url(`/job${i}`)));
    assert.equal(r.status, 201, r.body);
  }
  await all;

  // Failover: only node A runs while the hanging attempt starts, then A dies.
  assert.equal(await b.stop(), 0);
  hang = true;
  const clientA = api({ ...client.conn, url: a.url });
  const firstHang = sink.nextRequest();
  assert.equal(
    (await clientA.call('PUT', `${JC_PATH}/jobs/hang`, immediateJob(sink.url('/hang')))).status,
    201,
  );
  const first = await firstHang;
  const secondHang = sink.nextRequest();
  const c = await start();
  a.child.kill('SIGKILL');
  await once(a.child, 'exit');
  const second = await secondHang;
  assert.equal(second.path, '/hang');
  assert.equal(header(second, 'x-ms-execution-tag'), header(first, 'x-ms-execution-tag'));
  assert.notEqual(header(second, 'x-ms-client-request-id'), header(first, 'x-ms-client-request-id'));
  assert.equal(await c.stop(), 0);

  const store = await openPostgresStore({ url: database.url, migrate: false });
  try {
    const sub = client.conn.subscriptionId;
    for (const jobId of [...Array.from({ length: N }, (_, i) => `job${i}`), 'hang']) {
      const ref = { subscriptionId: sub, cloudService: 'cs1', collection: 'jc1', jobId };
      const history = await store.listHistory(ref, {}, {});
      assert.deepEqual(
        history.map((h) => h.status),
        ['completed'],
        `${jobId}: exactly one attempt recorded`,
      );
      assert.equal((await store.getJob(ref))?.counters.executionCount, 1, jobId);
    }
    assert.equal(seen.filter((r) => r.path !== '/hang').length, N, 'no job was sent twice');
  } finally {
    await store.close();
  }
});
