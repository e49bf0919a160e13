// Cluster mode with split roles on PostgreSQL: one `--role api` node takes the writes, two
// `--role engine` nodes run them. Retries, the error action, job state and history go through the
// shared store exactly as on one node: every attempt once, one tag per occurrence across retries
// and the error action, history read back through the API node.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { header, HttpSink, type RecordedRequest } from '../support/sinks/http-sink.js';
import { freshDatabase } from '../../support/postgres.js';
import { Api, caOf, clusterEnv, metric, startNode, stopNode, until, type Node } from './support.js';

const cleanup: (() => Promise<void>)[] = [];
after(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => undefined);
});

interface HistoryEntry {
  readonly status?: string;
  readonly retryCount: number;
  readonly actionName: string;
  readonly state: string;
}

test('api node + two engine nodes: retries, the error action and history on the shared store', async () => {
  const db = await freshDatabase('takt_cluster_roles');
  cleanup.push(db.drop);
  const sink = await HttpSink.start();
  cleanup.push(() => sink.close());
  const failures = new Map<string, number>([['/flaky', 2]]); // /broken always fails
  sink.responder = (req, res) => {
    const left = failures.get(req.path) ?? 0;
    if (req.path === '/broken' || left > 0) {
      failures.set(req.path, left - 1);
      res.statusCode = 503;
      res.end('busy');
      return;
    }
    res.end('ok');
  };
  const env = clusterEnv({ TAKT_MIN_RETRY_INTERVAL: '1s' });

  const apiNode = await startNode('api-1', db.url, env, 'api');
  cleanup.push(() => stopNode(apiNode));
  const engines: Node[] = await Promise.all(
    ['engine-1', 'engine-2'].map((id) => startNode(id, db.url, env, 'engine')),
  );
  for (const n of engines) cleanup.push(() => stopNode(n));
  const api = new Api(apiNode);
  cleanup.push(() => Promise.resolve(api.close()));
  const jc = await api.collection('cs1', 'jc1');

  const retry = { retryType: 'fixed', retryInterval: '00:00:01', retryCount: 3 };
  const flaky = {
    action: {
      type: 'http',
      request: { uri: sink.url('/flaky'), method: 'POST', body: 'f' },
      retryPolicy: retry,
    },
    state: 'enabled',
  };
  const broken = {
    action: {
      type: 'http',
      request: { uri: sink.url('/broken'), method: 'POST', body: 'b' },
      retryPolicy: { ...retry, retryCount: 1 },
      errorAction: { type: 'http', request: { uri: sink.url('/fallback'), method: 'POST', body: 'e' } },
    },
    state: 'enabled',
  };
  for (const [name, body] of [
    ['flaky', flaky],
    ['broken', broken],
  ] as const) {
    const r = await api.call('PUT', `${jc}/jobs/${name}`, JSON.stringify(body));
    assert.equal(r.status, 201, r.body);
  }

  const historyOf = async (job: string): Promise<HistoryEntry[]> => {
    const r = await api.call('GET', `${jc}/jobs/${job}/history`, '');
    assert.equal(r.status, 200, r.body);
    return (JSON.parse(r.body) as HistoryEntry[]).reverse(); // oldest first
  };
  await until(
    'flaky completed after two failures',
    async () => (await historyOf('flaky')).length === 3,
    60_000,
    sink,
  );
  await until(
    'broken faulted and ran its error action',
    async () => (await historyOf('broken')).length === 3,
    60_000,
    sink,
  );

  const sent = (path: string): RecordedRequest[] => sink.requests.filter((r) => r.path === path);
  assert.equal(sent('/flaky').length, 3);
  assert.equal(sent('/broken').length, 2);
  assert.equal(sent('/fallback').length, 1);
  // One execution tag per occurrence: on every retry and on the error action.
  assert.equal(new Set(sent('/flaky').map((r) => header(r, 'x-ms-execution-tag'))).size, 1);
  assert.equal(
    new Set([...sent('/broken'), ...sent('/fallback')].map((r) => header(r, 'x-ms-execution-tag'))).size,
    1,
  );

  assert.deepEqual(
    (await historyOf('flaky')).map((h) => [h.actionName, h.retryCount, h.status ?? 'completed']),
    [
      ['MainAction', 0, 'failed'],
      ['MainAction', 1, 'failed'],
      ['MainAction', 2, 'completed'],
    ],
  );
  assert.deepEqual(
    (await historyOf('broken')).map((h) => [h.actionName, h.retryCount, h.status ?? 'completed']),
    [
      ['MainAction', 0, 'failed'],
      ['MainAction', 1, 'failed'],
      ['ErrorAction', 0, 'completed'],
    ],
  );
  const state = async (job: string): Promise<string> =>
    (JSON.parse((await api.call('GET', `${jc}/jobs/${job}`, '')).body) as { state: string }).state;
  assert.equal(await state('flaky'), 'completed');
  assert.equal(await state('broken'), 'faulted');

  // The engines ran every attempt once between them; the API node ran none.
  let executions = 0;
  for (const n of engines) executions += await metric(n.proc.url, 'takt_executions_total');
  assert.equal(executions, 6);
  assert.equal(await metric(apiNode.proc.url, 'takt_claimed_runs_total', caOf(apiNode)), 0);
});
