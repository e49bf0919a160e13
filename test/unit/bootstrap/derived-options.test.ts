// The engine and the executors take their configuration options under the configuration's own
// names and with the schema's defaults: no second set of defaults, no renaming on the way.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { executorOptions } from '../../../src/bootstrap/executor-options.js';
import { loadConfig } from '../../../src/config/index.js';
import { resolveEngineOptions } from '../../../src/engine/options.js';
import { executorSettings } from '../../../src/executors/options.js';
import { ManualClock } from '../../support/manual-clock.js';

const defaults = loadConfig({ cwd: '/', env: {} });
const changed = loadConfig({
  cwd: '/',
  env: {
    TAKT_LEASE_DURATION: '45s',
    TAKT_MAX_CONCURRENT_ATTEMPTS: '7',
    TAKT_CATCH_UP: 'skip',
    TAKT_LATENESS_THRESHOLD: '2m',
    TAKT_HTTP_TIMEOUT: '5s',
    TAKT_CONNECTIONS_PER_ORIGIN: '3',
    TAKT_STORAGE_ENDPOINT: 'http://127.0.0.1:10001/{account}',
    TAKT_STORAGE_BASE64: 'true',
  },
});

test('an engine built without settings has the configuration defaults', () => {
  const o = resolveEngineOptions({ nodeId: 'n' });
  for (const [name, value] of Object.entries(defaults.engine)) {
    if (name in o) assert.deepEqual(o[name as keyof typeof o], value, name);
  }
  assert.equal(o.leaseDurationMs, 30_000);
  assert.deepEqual(o.catchUpRules, { mode: 'coalesce', latenessMs: 60_000 });
});

test('the configured engine.* values reach the engine under the same names', () => {
  const o = resolveEngineOptions({ nodeId: 'n', ...changed.engine });
  assert.equal(o.leaseDurationMs, 45_000);
  assert.equal(o.maxConcurrentAttempts, 7);
  assert.deepEqual(o.catchUpRules, { mode: 'skip', latenessMs: 120_000 });
});

test('executors built without settings have the configuration defaults', () => {
  const s = executorSettings({});
  assert.deepEqual(s, executorSettings(executorOptions(defaults, new ManualClock(), 'test')));
  assert.equal(s.httpTimeoutMs, defaults.engine.httpTimeoutMs);
  assert.equal(s.storageEndpointTemplate, defaults.outbound.storageEndpointTemplate);
});

test('the configured values reach the executors under the same names', () => {
  const s = executorSettings(executorOptions(changed, new ManualClock(), 'test'));
  assert.equal(s.httpTimeoutMs, 5_000);
  assert.equal(s.connectionsPerOrigin, 3);
  assert.equal(s.storageEndpointTemplate, 'http://127.0.0.1:10001/{account}');
  assert.equal(s.storageBase64, true);
});
