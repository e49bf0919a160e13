// The connection caps' defaults: derived from the soft file-descriptor limit read in
// /proc/self/limits, a fixed assumption where it cannot be read, and configured values win.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  defaultMaxConnections,
  MONITORING_RESERVE,
  resolveConnectionLimits,
  softFdLimit,
} from '../../../src/bootstrap/connection-limits.js';
import { loadConfig } from '../../../src/config/index.js';

const LIMITS = `Limit                     Soft Limit           Hard Limit           Units
Max processes             63704                63704                processes
Max open files            1024                 524288               files
Max locked memory         8388608              8388608              bytes
`;

test('softFdLimit reads the soft limit of Max open files; unreadable or unknown gives undefined', () => {
  assert.equal(
    softFdLimit(() => LIMITS),
    1024,
  );
  assert.equal(
    softFdLimit(() => LIMITS.replace('1024   ', 'unlimited')),
    Infinity,
  );
  assert.equal(
    softFdLimit(() => {
      throw new Error('ENOENT');
    }),
    undefined,
  );
  assert.equal(
    softFdLimit(() => 'nothing here'),
    undefined,
  );
});

test('defaultMaxConnections: half the descriptors, headroom for the engine, minus the reserve, bounded', () => {
  // min(1024 / 2, 1024 - 256 - 256) - 8
  assert.equal(defaultMaxConnections(1024, 256), 504);
  // The engine's attempts need more than half: they win.
  assert.equal(defaultMaxConnections(1024, 600), 1024 - 600 - 256 - MONITORING_RESERVE);
  assert.equal(defaultMaxConnections(65_536, 256), 10_000);
  assert.equal(defaultMaxConnections(Infinity, 256), 10_000);
  assert.equal(defaultMaxConnections(256, 256), 16);
  // Unknown limit (not Linux): as if 1024.
  assert.equal(defaultMaxConnections(undefined, 256), 504);
});

test('resolveConnectionLimits: configured values win; the per-address default is a quarter', () => {
  const cfg = loadConfig({ cwd: '/', env: {} });
  const derived = resolveConnectionLimits(cfg.api, cfg.engine, 1024);
  assert.deepEqual(derived, {
    // The default engine holds 512 attempts: min(512, 1024 - 512 - 256) - 8.
    maxConnections: 248,
    maxPerAddress: 62,
    reserve: MONITORING_RESERVE,
    reserveLifetimeMs: cfg.api.headersTimeoutMs,
  });
  const set = loadConfig({
    cwd: '/',
    env: { TAKT_API_MAX_CONNECTIONS: '40', TAKT_API_MAX_CONNECTIONS_PER_ADDRESS: '40' },
  });
  const given = resolveConnectionLimits(set.api, set.engine, 1024);
  assert.equal(given.maxConnections, 40);
  assert.equal(given.maxPerAddress, 40);
  const onlyTotal = loadConfig({ cwd: '/', env: { TAKT_API_MAX_CONNECTIONS: '7' } });
  assert.equal(resolveConnectionLimits(onlyTotal.api, onlyTotal.engine, 1024).maxPerAddress, 2);
});
