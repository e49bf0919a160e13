// Cluster mode, the connection-loss case: two `takt serve` nodes share a run of one-time
// occurrences; mid-run every backend of one node (its pool and its LISTEN connection, found by
// application_name takt:<nodeId>) is terminated with pg_terminate_backend. The node keeps running,
// reconnects, claims again, and nothing is lost; its LISTEN connection comes back and a NOTIFY
// sent afterwards still wakes it.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { adminQuery, freshDatabase } from '../../support/postgres.js';
import {
  Api,
  backendsOf,
  caOf,
  clusterEnv,
  metric,
  releaseJobs,
  startNode,
  stopNode,
  TagSink,
  until,
  type Node,
} from './support.js';

const JOBS = 1_500;
const STEP_MS = 4; // 1,500 due times over 6 s

const cleanup: (() => Promise<void>)[] = [];
after(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => undefined);
});

test('all backends of one node terminated mid-run: it keeps running, reconnects, loses nothing, and wake-ups work again', async () => {
  const db = await freshDatabase('takt_cluster_connloss');
  cleanup.push(db.drop);
  const sink = await TagSink.start(50);
  cleanup.push(() => sink.close());
  const env = clusterEnv();

  const a = await startNode('node-a', db.url, env);
  cleanup.push(() => stopNode(a));
  const b = await startNode('node-b', db.url, env);
  cleanup.push(() => stopNode(b));
  const metricOf = (n: Node, name: string): Promise<number> => metric(n.proc.url, name, caOf(n));
  assert.equal(await metricOf(b, 'takt_cluster_listening'), 1, 'node-b listens before the cut');

  const api = new Api(a);
  cleanup.push(() => Promise.resolve(api.close()));
  const jc = await api.collection('cs1', 'jc1');
  const names = await api.seedMany(db.url, jc, sink, 'j', JOBS);
  await releaseJobs(db.url, 'j', Date.now() + 500, STEP_MS);

  await until('a third of the jobs arrived', () => sink.arrivals.length >= JOBS / 3, 60_000, sink);
  assert.ok(sink.arrivals.length < JOBS, 'the run was over before the cut');
  const before = await backendsOf(b, db.name);
  const claimedBefore = await metricOf(b, 'takt_claimed_runs_total');
  const wakeupsBefore = await metricOf(b, 'takt_cluster_wakeups_total');
  const killed = await adminQuery<{ ok: boolean }>(
    'SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE datname = $1 AND application_name = $2',
    [db.name, b.appName],
  );
  // The pool's connections and the dedicated LISTEN connection.
  assert.ok(killed.length >= 2, `node-b had ${killed.length} backend(s) to terminate`);
  assert.ok(killed.every((r) => r.ok));

  // The node is still the same process and gets back to work on new connections.
  await until(
    'node-b claims again',
    async () => (await metricOf(b, 'takt_claimed_runs_total')) > claimedBefore,
    30_000,
  );
  await until('every job reached the sink', () => sink.jobs().size === JOBS, 60_000, sink);
  await until(
    'no run is left',
    async () => (await adminQuery('SELECT 1 FROM runs', [], db.url)).length === 0,
    30_000,
  );
  assert.equal(b.proc.child.exitCode, null, 'node-b exited');
  assert.equal(b.proc.child.signalCode, null, 'node-b was killed');
  assert.match(
    b.proc.stderr(),
    /cluster: wake-up connection lost/,
    "the cut reached node-b's LISTEN connection",
  );

  // Nothing lost, nothing recorded twice.
  const seen = sink.jobs();
  assert.deepEqual(
    names.filter((n) => !seen.has(n)),
    [],
  );
  const history = await adminQuery<{ status: string; n: string }>(
    'SELECT status, count(*) AS n FROM history GROUP BY status',
    [],
    db.url,
  );
  assert.deepEqual(
    history.map((r) => [r.status, Number(r.n)]),
    [['completed', JOBS]],
  );

  // The LISTEN connection is back (the restore itself counts as one wake-up), and a NOTIFY sent
  // from elsewhere reaches node-b again.
  await until(
    'node-b listens again',
    async () => (await metricOf(b, 'takt_cluster_listening')) === 1,
    30_000,
  );
  const oldPids = new Set(before.map((x) => x.pid));
  const now = await backendsOf(b, db.name);
  assert.ok(now.length > 0 && now.every((x) => !oldPids.has(x.pid)), 'node-b works on new backends only');
  const wakeupsRestored = await metricOf(b, 'takt_cluster_wakeups_total');
  assert.ok(wakeupsRestored > wakeupsBefore, 'the restored connection woke the engine once');
  await adminQuery(`SELECT pg_notify('takt_jobs', 'test')`, [], db.url);
  await until(
    'the NOTIFY woke node-b',
    async () => (await metricOf(b, 'takt_cluster_wakeups_total')) > wakeupsRestored,
    30_000,
  );

  // ...and a job created on node-a after the cut runs (whichever node takes it).
  const r = await api.call(
    'PUT',
    `${jc}/jobs/late`,
    JSON.stringify({
      startTime: new Date().toISOString(),
      action: { type: 'http', request: { uri: sink.url('late'), method: 'POST', body: 'late' } },
      state: 'enabled',
    }),
  );
  assert.equal(r.status, 201, r.body);
  await until('the job created after the cut ran', () => sink.jobs().has('late'), 30_000, sink);
});
