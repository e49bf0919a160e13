// Observability of a real `takt serve`: /healthz and /readyz, every /metrics series the operations
// guide names is exposed and moves when a job fires and API calls are made, and the JSON log lines
// carry the request id (reqId) and, for executions, the job, collection and execution tag.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { header, HttpSink } from '../support/sinks/http-sink.js';
import {
  call,
  cloudServiceXml,
  collectionXml,
  csPath,
  jcPath,
  jobPath,
  serve,
  type Credential,
  type Served,
} from './support/serve.js';

/** Sums the samples of `name` whose labels include all of `labels` (Prometheus text format). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  let found: number | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(\{(.*)\})?\s+(\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const got = new Map([...(m[3] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1]!, x[2]!]));
    if (Object.entries(labels).every(([k, v]) => got.get(k) === v)) found = (found ?? 0) + Number(m[4]);
  }
  return found;
}

/** The metric families the operations guide documents (docs/operations.md, Monitoring). */
const FAMILIES = [
  'takt_executions_total',
  'takt_execution_lateness_seconds',
  'takt_attempt_duration_seconds',
  'takt_executions_in_flight',
  'takt_due_backlog',
  'takt_claimed_runs_total',
  'takt_lease_reclaims_total',
  'takt_store_latency_seconds',
  'takt_api_requests_total',
  'takt_api_request_duration_seconds',
];

describe('observability: health, metrics and logs of a real takt serve', () => {
  let s: Served;
  let sink: HttpSink;
  let cred: Credential;
  before(async () => {
    sink = await HttpSink.start();
    s = await serve([], { TAKT_LOG_LEVEL: 'debug' });
    cred = { kind: 'token', tenant: s.admin };
  });
  after(async () => {
    await s?.stop();
    await sink?.close();
  });

  const metrics = async (): Promise<string> => {
    const m = await call(s, 'GET', '/metrics');
    assert.equal(m.status, 200);
    assert.match(String(m.headers['content-type']), /^text\/plain/);
    return m.body;
  };

  test('/healthz and /readyz answer 200 while the node runs', async () => {
    const h = await call(s, 'GET', '/healthz');
    assert.equal(h.status, 200);
    assert.equal(h.body, 'ok');
    const r = await call(s, 'GET', '/readyz');
    assert.equal(r.status, 200);
    assert.equal(r.body, 'ready');
  });

  test('each documented metric is exposed and moves after API calls and an execution', async () => {
    const first = await metrics();
    for (const family of FAMILIES)
      assert.match(first, new RegExp(`^# TYPE ${family} `, 'm'), `${family} is exposed`);

    const sub = s.admin.subscriptionId;
    assert.equal(
      (await call(s, 'PUT', csPath(sub, 'cs'), { credential: cred, body: cloudServiceXml() })).status,
      202,
    );
    assert.equal(
      (await call(s, 'PUT', jcPath(sub, 'cs', 'jc'), { credential: cred, body: collectionXml() })).status,
      202,
    );
    assert.equal((await call(s, 'GET', `/${sub}/cloudservices/nope`, { credential: cred })).status, 404);
    const before = await metrics();
    const fired = sink.nextRequest();
    const job = await call(s, 'PUT', jobPath(sub, 'cs', 'jc', 'once'), {
      credential: cred,
      body: JSON.stringify({ action: { type: 'http', request: { uri: sink.url('/fire'), method: 'GET' } } }),
    });
    assert.equal(job.status, 201, job.body);
    await fired;
    // The outcome is counted just after the sink answered: poll the exposition (bounded).
    // The dashboard's page at the root (counted as `unmatched` with the stray requests before).
    assert.equal((await call(s, 'GET', '/', { credential: cred })).status, 200);
    let now = await metrics();
    const deadline = Date.now() + 15_000;
    while (
      (sample(now, 'takt_executions_total', { outcome: 'completed' }) ?? 0) < 1 &&
      Date.now() < deadline
    ) {
      await new Promise<void>((resolve) => setTimeout(resolve, 10));
      now = await metrics();
    }

    const grew = (name: string, labels: Record<string, string> = {}): void => {
      const a = sample(before, name, labels) ?? 0;
      const b = sample(now, name, labels) ?? 0;
      assert.ok(b > a, `${name}${JSON.stringify(labels)} moved: ${a} -> ${b}`);
    };
    grew('takt_executions_total', { action_type: 'http', outcome: 'completed', role: 'main' });
    grew('takt_execution_lateness_seconds_count', { action_type: 'http' });
    grew('takt_attempt_duration_seconds_count', { action_type: 'http', outcome: 'completed' });
    grew('takt_claimed_runs_total');
    grew('takt_store_latency_seconds_count', { verb: 'claimDue' });
    grew('takt_api_requests_total', { route: 'PUT job', status: '201' });
    grew('takt_api_request_duration_seconds_count', { route: 'PUT job' });
    // Routes are templates, never tenant names; unmatched paths and errors are counted too.
    assert.ok(
      (sample(now, 'takt_api_requests_total', { route: 'PUT collection', status: '202' }) ?? 0) >= 1,
      'collection PUT counted',
    );
    assert.ok(
      (sample(now, 'takt_api_requests_total', { route: 'GET cloud-service', status: '404' }) ?? 0) >= 1,
      '404 counted',
    );
    assert.ok(
      (sample(now, 'takt_api_requests_total', { route: 'GET /metrics', status: '200' }) ?? 0) >= 1,
      '/metrics counted',
    );
    assert.ok(
      (sample(now, 'takt_api_requests_total', { route: 'GET /', status: '200' }) ?? 0) >= 1,
      'the dashboard page counted as GET /',
    );
    assert.doesNotMatch(now, /route="[^"]*\/cloudservices\/cs/);
    // Gauges: nothing is running or waiting once the one-time job is done; no lease was reclaimed.
    assert.equal(sample(now, 'takt_executions_in_flight'), 0);
    assert.equal(sample(now, 'takt_due_backlog'), 0);
    assert.equal(sample(now, 'takt_lease_reclaims_total'), 0);
  });

  test('log lines are JSON with reqId on requests and job, collection and execution tag on executions', async () => {
    const sub = s.admin.subscriptionId;
    const fired = sink.nextRequest();
    const put = await call(s, 'PUT', jobPath(sub, 'cs', 'jc', 'logged'), {
      credential: cred,
      body: JSON.stringify({
        action: { type: 'http', request: { uri: sink.url('/logged'), method: 'GET' } },
      }),
    });
    assert.equal(put.status, 201, put.body);
    const tag = header(await fired, 'x-ms-execution-tag') ?? '';
    assert.match(tag, /^[0-9a-f]{32}$/);
    const reqId = String(put.headers['x-ms-request-id']);

    type Line = Record<string, unknown>;
    const lines = (): Line[] =>
      s.process
        .stderr()
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as Line);
    // The request line is written once the response went out (onResponse), which can be after the
    // client read it and after the execution's line: both are waited for.
    let execution: Line | undefined;
    let request: Line | undefined;
    for (let i = 0; i < 300 && !(execution && request); i++) {
      execution = lines().find((l) => l['msg'] === 'execution' && l['executionTag'] === tag);
      request = lines().find((l) => l['msg'] === 'request' && l['reqId'] === reqId);
      if (!(execution && request)) await new Promise<void>((resolve) => setTimeout(resolve, 50));
    }
    assert.ok(execution, 'an execution line with the tag the sink received');
    assert.equal(execution['job'], 'logged');
    assert.equal(execution['collection'], 'jc');
    assert.equal(execution['cloudService'], 'cs');
    assert.equal(execution['subscription'], sub);
    assert.equal(execution['outcome'], 'completed');
    assert.equal(typeof execution['node'], 'string');

    assert.ok(request, `a request line with reqId ${reqId}`);
    assert.equal(request['route'], 'PUT job');
    assert.equal(request['status'], 201);
  });
});
