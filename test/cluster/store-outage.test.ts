// The database refuses connections under a running node (an outage, or an administrator's
// `ALLOW_CONNECTIONS false`): every API request is answered 503 ServerBusy with Retry-After — never
// a 500 — and the log says so once, not once per request with a stack; the engine, polling every
// second, logs the outage once too; both say when the store answers again (docs/operations.md,
// "Logs"). Once the database takes connections again the same node answers without a restart.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { adminQuery, freshDatabase } from '../../support/postgres.js';
import { Api, clusterEnv, startNode, stopNode, until } from './support.js';

const cleanup: (() => Promise<void>)[] = [];
after(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => undefined);
});

const count = (text: string, msg: string): number =>
  text.split('\n').filter((line) => line.includes(`"msg":"${msg}`)).length;

test('the database refusing connections: 503 ServerBusy for every request, one log line, back without a restart', async () => {
  const db = await freshDatabase('takt_cluster_outage');
  cleanup.push(db.drop);
  const node = await startNode('outage-node', db.url, clusterEnv({ TAKT_LOG_LEVEL: 'info' }));
  cleanup.push(() => stopNode(node));
  const api = new Api(node);
  cleanup.push(() => Promise.resolve(api.close()));
  await api.collection('cs', 'jc');

  await adminQuery(`ALTER DATABASE ${db.name} ALLOW_CONNECTIONS false`);
  await adminQuery('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [db.name]);
  for (let i = 0; i < 20; i++) {
    const r = await api.call('GET', '/cloudservices', '');
    assert.equal(r.status, 503, r.body);
    assert.match(r.body, /<Code>ServerBusy<\/Code>/);
  }
  // The engine polls every second: let it fail a few times.
  await until(
    'the engine saw the outage',
    () => count(node.proc.stderr(), 'engine: reading due times failed') >= 1,
    10_000,
  );
  await new Promise((resolve) => setTimeout(resolve, 2_500));

  await adminQuery(`ALTER DATABASE ${db.name} ALLOW_CONNECTIONS true`);
  await until(
    'the node answers again',
    async () => (await api.call('GET', '/cloudservices', '')).status === 200,
    15_000,
  );
  await until(
    'the engine says the store answers again',
    () => count(node.proc.stderr(), 'engine: the store answers again') === 1,
    10_000,
  );

  await until(
    'the API says the store answers again',
    () => count(node.proc.stderr(), 'requests: the store answers again') === 1,
    10_000,
  );

  const log = node.proc.stderr();
  assert.equal(count(log, 'requests answered 503 ServerBusy: the store is unavailable'), 1, log);
  assert.equal(count(log, 'request failed unexpectedly'), 0, 'no 500s and no error per request');
  assert.equal(
    count(log, 'engine: reading due times failed'),
    1,
    'one line for the engine, not one a second',
  );
  const outage = log
    .split('\n')
    .filter((l) => l.includes('the store is unavailable') || l.includes('due times failed'));
  for (const line of outage) {
    assert.match(line, /"level":40/, 'a warning: an outage is not a bug');
    assert.doesNotMatch(line, /"stack"/, 'no stack trace');
  }
});
