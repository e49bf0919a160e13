// Cluster mode, a misconfiguration: two running processes with one node id. A node releases every
// lease held under its id when it starts, so a second process with a running node's id would have
// that node's attempts delivered again, and both would renew, release and report under one name.
// The node's dedicated connection holds an advisory lock on its id for its whole life
// (docs/operations.md, "Node id"): the second process refuses to start, the first keeps running;
// once the first has stopped — gracefully or killed — the id is free again at once.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, test } from 'node:test';
import { freshDatabase } from '../../support/postgres.js';
import { Api, clusterEnv, startNode, stopNode, type Node } from './support.js';

const cleanup: (() => Promise<void>)[] = [];
after(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => undefined);
});

test('a second process with a running node id refuses to start; the id is free once its holder is gone', async () => {
  const db = await freshDatabase('takt_cluster_node_id');
  cleanup.push(db.drop);
  const env = clusterEnv({ TAKT_LEASE_DURATION: '3s' });

  const first: Node = await startNode('same-id', db.url, env);
  cleanup.push(() => stopNode(first));
  const started = Date.now();
  await assert.rejects(startNode('same-id', db.url, env), (err: Error) => {
    assert.match(err.message, /error: node id 'same-id' is in use by another running takt process/);
    assert.match(err.message, /--node-id \(TAKT_NODE_ID\)/);
    assert.doesNotMatch(err.message, /\n\s+at /, 'no stack trace');
    return true;
  });
  // It waited one lease duration for the holder to go away (a dead peer's session), no longer.
  const waited = Date.now() - started;
  assert.ok(waited >= 3_000 && waited < 20_000, `refused after ${waited} ms`);

  // The first node was not disturbed: it still runs and answers.
  assert.equal(first.proc.child.exitCode, null);
  const api = new Api(first);
  assert.match(await api.collection('cs', 'jc'), /JobCollections\/jc$/);
  api.close();
  // A node with another id starts beside it.
  const other = await startNode('other-id', db.url, env);
  cleanup.push(() => stopNode(other));

  // Killed: the server sees the socket close and drops the session, so a restart under the same id
  // (the stable-id case: it releases the dead process's leases) is not refused.
  first.proc.child.kill('SIGKILL');
  await once(first.proc.child, 'exit');
  const restarted = await startNode('same-id', db.url, env);
  cleanup.push(() => stopNode(restarted));
  // Stopped gracefully: free at once as well.
  await stopNode(restarted);
  const again = await startNode('same-id', db.url, env);
  cleanup.push(() => stopNode(again));
  assert.equal(again.proc.child.exitCode, null);
});
