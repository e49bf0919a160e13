// The default node id (docs/operations.md, "Node id"): stable per data directory on SQLite, so a
// restarted node recognises the leases its previous process left behind.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { resolveNodeId } from '../../../src/bootstrap/node-id.js';
import { loadConfig } from '../../../src/config/index.js';

const configIn = (dataDir: string, env: Record<string, string> = {}, flags: Record<string, unknown> = {}) =>
  loadConfig({ cwd: dataDir, env: { TAKT_DATA_DIR: dataDir, ...env }, flags });

test('SQLite: generated once, kept in <dataDir>/node-id (0600), the same on every start', () => {
  const dir = mkdtempSync(join(tmpdir(), 'takt-node-id-'));
  const first = resolveNodeId(configIn(dir), 'box', 1).nodeId;
  assert.match(first, /^node-[0-9a-f]{16}$/);
  assert.equal(readFileSync(join(dir, 'node-id'), 'utf8').trim(), first);
  assert.equal(statSync(join(dir, 'node-id')).mode & 0o777, 0o600);
  assert.equal(resolveNodeId(configIn(dir), 'box', 2).nodeId, first);
  const other = mkdtempSync(join(tmpdir(), 'takt-node-id-'));
  assert.notEqual(resolveNodeId(configIn(other), 'box', 1).nodeId, first);
});

test('a damaged node-id file is replaced by a new valid id', () => {
  const dir = mkdtempSync(join(tmpdir(), 'takt-node-id-'));
  writeFileSync(join(dir, 'node-id'), 'not a valid id!\n');
  const id = resolveNodeId(configIn(dir), 'box', 1).nodeId;
  assert.match(id, /^node-[0-9a-f]{16}$/);
  assert.equal(resolveNodeId(configIn(dir), 'box', 1).nodeId, id);
});

test('a configured id wins (flag over env), and no file is written', () => {
  const dir = mkdtempSync(join(tmpdir(), 'takt-node-id-'));
  assert.equal(resolveNodeId(configIn(dir, { TAKT_NODE_ID: 'env-node' }), 'box', 1).nodeId, 'env-node');
  assert.equal(
    resolveNodeId(configIn(dir, { TAKT_NODE_ID: 'env-node' }, { nodeId: 'flag-node' }), 'box', 1).nodeId,
    'flag-node',
  );
  assert.throws(() => readFileSync(join(dir, 'node-id')), { code: 'ENOENT' });
});

test('PostgreSQL: per process (<hostname>-<pid>), since nodes may share a data directory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'takt-node-id-'));
  const pg = configIn(dir, { TAKT_DATABASE_URL: 'postgres://u:p@127.0.0.1/db' });
  assert.equal(resolveNodeId(pg, 'my box', 7).nodeId, 'my-box-7');
  assert.equal(resolveNodeId(pg, 'my box', 8).nodeId, 'my-box-8');
  assert.throws(() => readFileSync(join(dir, 'node-id')), { code: 'ENOENT' });
});
