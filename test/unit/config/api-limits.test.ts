// The API listener's overload and slow-client settings: defaults, environment and file forms, and
// the rules that reject what Node or the limiter could not use.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ConfigError, loadConfig } from '../../../src/config/index.js';

const cwd = mkdtempSync(join(tmpdir(), 'takt-config-api-'));

test('defaults: 2,000 req/s per subscription, burst 4,000, 1,000 in flight, 10 s / 30 s / 5 s / 60 s timeouts', () => {
  assert.deepEqual(
    { ...loadConfig({ cwd, env: {} }).api },
    {
      rateLimitPerSecond: 2000,
      rateLimitBurst: 4000,
      maxInFlightRequests: 1000,
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 30_000,
      keepAliveTimeoutMs: 5_000,
      connectionTimeoutMs: 60_000,
      // Absent: derived from the file-descriptor limit at start (src/bootstrap/connection-limits.ts).
      maxConnections: undefined,
      maxConnectionsPerAddress: undefined,
      publicBaseUrl: undefined,
    },
  );
});

test('environment variables set each value; durations take units; a rate of 0 turns the limit off', () => {
  const c = loadConfig({
    cwd,
    env: {
      TAKT_API_RATE_LIMIT: '0',
      TAKT_API_RATE_BURST: '10',
      TAKT_API_MAX_IN_FLIGHT: '2',
      TAKT_API_HEADERS_TIMEOUT: '1s',
      TAKT_API_REQUEST_TIMEOUT: '2s',
      TAKT_API_KEEP_ALIVE_TIMEOUT: '500ms',
      TAKT_API_CONNECTION_TIMEOUT: '2m',
      TAKT_API_MAX_CONNECTIONS: '300',
      TAKT_API_MAX_CONNECTIONS_PER_ADDRESS: '20',
    },
  });
  assert.deepEqual(
    { ...c.api },
    {
      rateLimitPerSecond: 0,
      rateLimitBurst: 10,
      maxInFlightRequests: 2,
      headersTimeoutMs: 1000,
      requestTimeoutMs: 2000,
      keepAliveTimeoutMs: 500,
      connectionTimeoutMs: 120_000,
      maxConnections: 300,
      maxConnectionsPerAddress: 20,
      publicBaseUrl: undefined,
    },
  );
});

test('the config file nests them under api', () => {
  const dir = mkdtempSync(join(tmpdir(), 'takt-config-api-file-'));
  const file = join(dir, 'takt.json');
  writeFileSync(file, JSON.stringify({ api: { rateLimitPerSecond: 50, headersTimeoutMs: '3s' } }));
  const c = loadConfig({ cwd, env: { TAKT_CONFIG: file } });
  assert.equal(c.api.rateLimitPerSecond, 50);
  assert.equal(c.api.headersTimeoutMs, 3000);
});

test('invalid values name the option and the rule', () => {
  const bad = (env: Record<string, string>, message: RegExp): void =>
    assert.throws(
      () => loadConfig({ cwd, env }),
      (e: unknown) => e instanceof ConfigError && message.test(e.message),
    );
  bad({ TAKT_API_RATE_BURST: '0' }, /^TAKT_API_RATE_BURST: must be an integer from 1 to/);
  bad({ TAKT_API_MAX_IN_FLIGHT: '-1' }, /^TAKT_API_MAX_IN_FLIGHT: must be an integer from 1 to/);
  bad({ TAKT_API_MAX_CONNECTIONS: '0' }, /^TAKT_API_MAX_CONNECTIONS: must be an integer from 1 to/);
  bad(
    { TAKT_API_MAX_CONNECTIONS_PER_ADDRESS: 'many' },
    /^TAKT_API_MAX_CONNECTIONS_PER_ADDRESS: must be an integer from 1 to/,
  );
  bad({ TAKT_API_HEADERS_TIMEOUT: '10' }, /^TAKT_API_HEADERS_TIMEOUT: must be a duration from 100 ms/);
  // Node refuses a headers timeout longer than the request timeout. The message names the value
  // given and where it came from, not the option left at its default.
  const exactly = (env: Record<string, string>, message: string): void =>
    assert.throws(
      () => loadConfig({ cwd, env }),
      (e: unknown) => e instanceof ConfigError && e.message === message,
    );
  exactly(
    { TAKT_API_HEADERS_TIMEOUT: '40s' },
    'TAKT_API_HEADERS_TIMEOUT: must not exceed api.requestTimeoutMs 30000 ms (the default), got 40000 ms',
  );
  exactly(
    { TAKT_API_REQUEST_TIMEOUT: '5s' },
    'TAKT_API_REQUEST_TIMEOUT: must be at least api.headersTimeoutMs 10000 ms (the default), got 5000 ms; lower api.headersTimeoutMs (TAKT_API_HEADERS_TIMEOUT) with it',
  );
  exactly(
    { TAKT_API_REQUEST_TIMEOUT: '5s', TAKT_API_HEADERS_TIMEOUT: '6s' },
    'TAKT_API_HEADERS_TIMEOUT: must not exceed api.requestTimeoutMs 5000 ms (TAKT_API_REQUEST_TIMEOUT), got 6000 ms',
  );
  assert.equal(
    loadConfig({ cwd, env: { TAKT_API_REQUEST_TIMEOUT: '5s', TAKT_API_HEADERS_TIMEOUT: '5s' } }).api
      .requestTimeoutMs,
    5000,
  );
});
