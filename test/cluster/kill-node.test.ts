// Cluster mode, the crash case: three `takt serve` processes started at the same moment on one
// empty PostgreSQL database share a few thousand one-time occurrences; one is killed with SIGKILL
// mid-run. Every occurrence reaches the sink; the only repeats carry the tag of an attempt the
// killed node held; those are redelivered within twice the lease; the schema was migrated once.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, test } from 'node:test';
import { POSTGRES_MIGRATIONS } from '../../src/store/migrations/postgres/index.js';
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

const JOBS = 2_000;
const STEP_MS = 4; // 2,000 due times over 8 s
const LEASE_MS = 3_000;

const cleanup: (() => Promise<void>)[] = [];
after(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => undefined);
});

test('three nodes, one killed with SIGKILL mid-run: nothing lost, repeats only of its attempts, reclaimed within 2x the lease', async () => {
  const db = await freshDatabase('takt_cluster_kill');
  cleanup.push(db.drop);
  const sink = await TagSink.start(100);
  cleanup.push(() => sink.close());
  const env = clusterEnv({ TAKT_LEASE_DURATION: `${LEASE_MS}ms` });

  // All three start at once on the empty database: migrations must apply exactly once.
  const nodes: Node[] = await Promise.all(
    ['node-a', 'node-b', 'node-c'].map((id) => startNode(id, db.url, env)),
  );
  for (const n of nodes) cleanup.push(() => stopNode(n));
  const [a, b, c] = nodes as [Node, Node, Node];
  const applied = await adminQuery<{ version: number; n: string }>(
    'SELECT version, count(*) AS n FROM schema_migrations GROUP BY version ORDER BY version',
    [],
    db.url,
  );
  assert.deepEqual(
    applied.map((r) => [Number(r.version), Number(r.n)]),
    POSTGRES_MIGRATIONS.map((m) => [m.version, 1]),
  );

  const api = new Api(a);
  cleanup.push(() => Promise.resolve(api.close()));
  const jc = await api.collection('cs1', 'jc1');
  const names = await api.seedMany(db.url, jc, sink, 'j', JOBS);
  await releaseJobs(db.url, 'j', Date.now() + 500, STEP_MS);

  // Mid-run: a third of the occurrences arrived.
  await until('a third of the jobs arrived', () => sink.arrivals.length >= JOBS / 3, 60_000, sink);
  // The kill must find attempts in flight on the node: with three nodes claiming by SKIP LOCKED,
  // one of them can go a moment without any (seen on a fast machine), and the test would then
  // prove nothing about redelivery. Its runs are 100 ms long at the sink, so one seen is one held.
  await until(
    'the node to kill holds attempts',
    async () =>
      (await adminQuery('SELECT 1 FROM runs WHERE lease_owner = $1 LIMIT 1', [b.id], db.url)).length > 0,
    20_000,
  );
  assert.ok(sink.arrivals.length < JOBS, 'the run was over before the kill');
  b.proc.child.kill('SIGKILL');
  const killedAt = Date.now();
  await once(b.proc.child, 'exit');
  // Once the server has dropped every backend of the dead node, its committed leases are what it held.
  await until(
    'the killed node has no backend left',
    async () => (await backendsOf(b, db.name)).length === 0,
    20_000,
  );
  const held = new Set(
    (
      await adminQuery<{ execution_tag: string }>(
        'SELECT execution_tag FROM runs WHERE lease_owner = $1',
        [b.id],
        db.url,
      )
    ).map((r) => r.execution_tag),
  );

  await until('every job reached the sink', () => sink.jobs().size === JOBS, 60_000, sink).catch(
    async (err: unknown) => {
      const runs = await adminQuery(
        'SELECT lease_owner, retry_count, count(*) AS n FROM runs GROUP BY 1, 2',
        [],
        db.url,
      );
      const due = await adminQuery(
        'SELECT state, count(*) AS n, min(next_due_at) AS first FROM jobs GROUP BY 1',
        [],
        db.url,
      );
      const logs = [a, c].map((n) => n.proc.stderr().slice(-2000)).join('\n');
      throw new Error(
        `${String(err)}; arrived ${sink.jobs().size}; runs ${JSON.stringify(runs)}; jobs ${JSON.stringify(due)}; now ${Date.now()}\n${logs}`,
      );
    },
  );
  await until(
    'no run is left',
    async () => (await adminQuery('SELECT 1 FROM runs', [], db.url)).length === 0,
    30_000,
  );

  // Every occurrence reached the sink.
  const seen = sink.jobs();
  assert.deepEqual(
    names.filter((n) => !seen.has(n)),
    [],
  );
  // The only repeats are attempts the killed node held, redelivered with the same tag...
  const repeats = sink.repeats();
  for (const [tag, list] of repeats) {
    assert.ok(held.has(tag), `tag ${tag} of ${list[0]?.job} repeated but was not held by the killed node`);
  }
  // ...and every attempt it held was redelivered within twice the lease.
  const lastArrival = new Map(sink.arrivals.map((x) => [x.tag, x.at]));
  assert.ok(held.size > 0, 'the killed node held no attempt at the moment it died');
  for (const tag of held) {
    const at = lastArrival.get(tag);
    assert.ok(at !== undefined, `held attempt ${tag} never reached the sink`);
    assert.ok(
      at - killedAt <= 2 * LEASE_MS,
      `held attempt ${tag} was redelivered ${at - killedAt} ms after the kill`,
    );
  }
  // Exactly one history entry per job, all completed (no stale outcome recorded twice).
  const history = await adminQuery<{ status: string; n: string }>(
    'SELECT status, count(*) AS n FROM history GROUP BY status',
    [],
    db.url,
  );
  assert.deepEqual(
    history.map((r) => [r.status, Number(r.n)]),
    [['completed', JOBS]],
  );
  // The survivors report what they took over.
  const reclaims =
    (await metric(a.proc.url, 'takt_lease_reclaims_total', caOf(a))) +
    (await metric(c.proc.url, 'takt_lease_reclaims_total', caOf(c)));
  assert.ok(reclaims >= held.size, `reclaims ${reclaims} < held ${held.size}`);
  const claimsA = await metric(a.proc.url, 'takt_claimed_runs_total', caOf(a));
  const claimsC = await metric(c.proc.url, 'takt_claimed_runs_total', caOf(c));
  assert.ok(claimsA > 0 && claimsC > 0, 'both survivors claimed work');
  // ...and how late each of their attempts started: one lateness observation per attempt.
  for (const n of [a, c]) {
    const observed = await metric(n.proc.url, 'takt_execution_lateness_seconds_count', caOf(n));
    const executions = await metric(n.proc.url, 'takt_executions_total', caOf(n));
    assert.ok(
      observed > 0 && observed === executions,
      `${n.id}: ${observed} lateness observations for ${executions} attempts`,
    );
  }
});
