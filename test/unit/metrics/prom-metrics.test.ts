import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NoopMetrics, PromMetrics, timedStore } from '../../../src/metrics/index.js';
import type { Metrics } from '../../../src/ports/metrics.js';
import { StoreConflict, StoreUnavailable, type Store } from '../../../src/ports/store.js';

/** The value of one sample line, e.g. `takt_claimed_runs_total 7`. */
function sample(text: string, series: string): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith(`${series} `)) return Number(line.slice(series.length + 1));
  }
  return undefined;
}

test('the exposition text carries every metric the engine and the API report', async () => {
  const m = new PromMetrics({ processMetrics: false });
  m.executionFinished('https', 'completed', 120, 15);
  m.executionFinished('storageQueue', 'failed', 2_000, 0, 'error');
  m.claimed(7);
  m.leaseReclaimed(2);
  m.inFlight(1);
  m.inFlight(1);
  m.inFlight(-1);
  m.dueBacklog(42);
  m.storeLatency('claimDue', 3);
  m.apiRequest('PUT /{sub}/cloudservices/{cs}/.../jobs/{job}', 201, 12);
  const text = await m.render();

  assert.equal(sample(text, 'takt_executions_total{action_type="https",outcome="completed",role="main"}'), 1);
  assert.equal(
    sample(text, 'takt_executions_total{action_type="storageQueue",outcome="failed",role="error"}'),
    1,
  );
  assert.equal(sample(text, 'takt_execution_lateness_seconds_count{action_type="https"}'), 1);
  assert.equal(sample(text, 'takt_execution_lateness_seconds_sum{action_type="https"}'), 0.015);
  assert.equal(sample(text, 'takt_execution_lateness_seconds_bucket{le="0.025",action_type="https"}'), 1);
  assert.equal(sample(text, 'takt_execution_lateness_seconds_bucket{le="0.01",action_type="https"}'), 0);
  assert.equal(
    sample(text, 'takt_attempt_duration_seconds_sum{action_type="storageQueue",outcome="failed"}'),
    2,
  );
  assert.equal(sample(text, 'takt_executions_in_flight'), 1);
  assert.equal(sample(text, 'takt_due_backlog'), 42);
  assert.equal(sample(text, 'takt_claimed_runs_total'), 7);
  assert.equal(sample(text, 'takt_lease_reclaims_total'), 2);
  assert.equal(sample(text, 'takt_store_latency_seconds_count{verb="claimDue"}'), 1);
  assert.equal(
    sample(
      text,
      'takt_api_requests_total{route="PUT /{sub}/cloudservices/{cs}/.../jobs/{job}",status="201"}',
    ),
    1,
  );
  assert.equal(
    sample(
      text,
      'takt_api_request_duration_seconds_count{route="PUT /{sub}/cloudservices/{cs}/.../jobs/{job}"}',
    ),
    1,
  );
  for (const name of [
    'takt_executions_total',
    'takt_execution_lateness_seconds',
    'takt_attempt_duration_seconds',
    'takt_store_latency_seconds',
  ]) {
    assert.match(text, new RegExp(`^# HELP ${name} \\S`, 'm'));
    assert.match(text, new RegExp(`^# TYPE ${name} (counter|histogram)$`, 'm'));
  }
  assert.match(m.contentType, /^text\/plain; version=0\.0\.4/);
});

test('odd values never throw and never mint unbounded series', async () => {
  const m = new PromMetrics({ processMetrics: false });
  m.executionFinished('http', 'completed', Number.NaN, -50);
  m.claimed(-3);
  m.dueBacklog(Number.POSITIVE_INFINITY);
  m.apiRequest('x'.repeat(500), 999, -1);
  m.apiRequest('GET /bad\nlabel', 200, 1);
  const text = await m.render();
  assert.equal(sample(text, 'takt_execution_lateness_seconds_sum{action_type="http"}'), 0);
  assert.equal(sample(text, 'takt_claimed_runs_total'), 0);
  assert.equal(sample(text, 'takt_due_backlog'), 0);
  assert.equal(sample(text, 'takt_api_requests_total{route="other",status="other"}'), 1);
  assert.equal(sample(text, 'takt_api_requests_total{route="other",status="200"}'), 1);
  assert.ok(!text.includes('xxxxxxxxxx'), 'an over-long label value is not exported');
});

test('process metrics and default labels are opt-in per registry; two registries share nothing', async () => {
  const a = new PromMetrics({ defaultLabels: { node: 'n1' } });
  const b = new PromMetrics({ processMetrics: false });
  a.claimed(1);
  const ta = await a.render();
  const tb = await b.render();
  assert.match(ta, /^takt_process_cpu_seconds_total\{node="n1"\} /m);
  assert.equal(sample(ta, 'takt_claimed_runs_total{node="n1"}'), 1);
  assert.equal(sample(tb, 'takt_claimed_runs_total'), 0);
  assert.ok(!tb.includes('takt_process_cpu'));
});

test('timedStore reports each verb once, on success and on failure, and passes results through', async () => {
  const seen: [string, number][] = [];
  const metrics: Metrics = Object.assign(new NoopMetrics(), {
    storeLatency: (verb: string, ms: number): void => void seen.push([verb, ms]),
  });
  let t = 100;
  const fake = {
    getSubscription: (id: string) => {
      t += 5;
      return Promise.resolve({ id });
    },
    countJobs: () => {
      t += 2;
      return Promise.reject(new Error('boom'));
    },
    close: () => Promise.resolve(),
  } as unknown as Store;
  const store = timedStore(fake, metrics, () => t);
  assert.deepEqual(await store.getSubscription('abc'), { id: 'abc' });
  await assert.rejects(store.countJobs({ subscriptionId: 's', cloudService: 'c', collection: 'j' }), /boom/);
  await store.close();
  assert.deepEqual(seen, [
    ['getSubscription', 5],
    ['countJobs', 2],
  ]);
});

test('timedStore counts failures by kind; a conflict is an answer, not a failure', async () => {
  const m = new PromMetrics({ processMetrics: false });
  const fake = {
    insertJob: () => Promise.reject(new StoreUnavailable('database cannot write: database or disk is full')),
    updateJob: () => Promise.reject(new StoreConflict('version')),
    getJob: () => Promise.reject(new Error('a bug')),
  } as unknown as Store;
  const store = timedStore(fake, m, () => 0) as unknown as Record<string, () => Promise<unknown>>;
  for (let i = 0; i < 2; i++) await assert.rejects(store['insertJob']!(), /disk is full/);
  await assert.rejects(store['updateJob']!(), StoreConflict);
  await assert.rejects(store['getJob']!(), /a bug/);
  const text = await m.render();
  assert.equal(sample(text, 'takt_store_failures_total{verb="insertJob",kind="unavailable"}'), 2);
  assert.equal(sample(text, 'takt_store_failures_total{verb="getJob",kind="error"}'), 1);
  assert.ok(!/takt_store_failures_total\{verb="updateJob"/.test(text));
  assert.equal(sample(text, 'takt_store_latency_seconds_count{verb="updateJob"}'), 1);
});

test('NoopMetrics accepts every call and renders nothing', async () => {
  const noop = new NoopMetrics();
  const m: Metrics = noop;
  m.executionFinished('http', 'completed', 1, 1);
  m.claimed(1);
  m.leaseReclaimed(1);
  m.inFlight(1);
  m.dueBacklog(1);
  m.storeLatency('getJob', 1);
  m.apiRequest('GET /x', 200, 1);
  assert.equal(await noop.render(), '');
});

test('the cluster series exist only on a PostgreSQL cluster node: on SQLite the listening gauge read 0 for ever', async () => {
  const single = await new PromMetrics({ processMetrics: false }).render();
  assert.doesNotMatch(single, /takt_cluster_/);
  const node = new PromMetrics({ processMetrics: false, cluster: true });
  node.clusterListening(true);
  node.clusterWakeup();
  const text = await node.render();
  assert.equal(sample(text, 'takt_cluster_listening'), 1);
  assert.equal(sample(text, 'takt_cluster_wakeups_total'), 1);
});

test('an API-only node exports no engine series: its claimed-runs rate at 0 read as a node that stopped claiming', async () => {
  const api = new PromMetrics({ processMetrics: false, engine: false });
  api.claimed(1);
  api.inFlight(2);
  api.apiRequest('GET job', 200, 0.001);
  const text = await api.render();
  for (const name of [
    'takt_claimed_runs_total',
    'takt_executions_in_flight',
    'takt_due_backlog',
    'takt_executions_total',
    'takt_lease_reclaims_total',
  ]) {
    assert.doesNotMatch(text, new RegExp(`^${name}`, 'm'), name);
  }
  assert.match(text, /^takt_api_requests_total/m);
  const full = await new PromMetrics({ processMetrics: false }).render();
  assert.match(full, /^takt_claimed_runs_total/m);
});
