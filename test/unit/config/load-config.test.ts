import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ConfigError, loadConfig } from '../../../src/config/index.js';

const cwd = mkdtempSync(join(tmpdir(), 'takt-config-'));
const base = { cwd };

function configFile(doc: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'takt-config-file-')), 'takt.json');
  writeFileSync(path, typeof doc === 'string' ? doc : JSON.stringify(doc));
  return path;
}

test('a database URL selects the PostgreSQL store, decided once at load', () => {
  const url = 'postgres://takt@db.example/takt';
  const c = loadConfig({ ...base, env: { TAKT_DATABASE_URL: url } });
  assert.deepEqual(c.store, { kind: 'postgres', url });
});

test('the starved gather defaults by store kind and can be set (docs/engine.md, Cost budget)', () => {
  const url = 'postgres://takt@db.example/takt';
  assert.equal(loadConfig({ ...base, env: {} }).engine.starvedGatherMs, 5);
  assert.equal(loadConfig({ ...base, env: { TAKT_DATABASE_URL: url } }).engine.starvedGatherMs, 20);
  const set = { TAKT_DATABASE_URL: url, TAKT_STARVED_GATHER: '0' };
  assert.equal(loadConfig({ ...base, env: set }).engine.starvedGatherMs, 0);
  assert.throws(() => loadConfig({ ...base, env: { TAKT_STARVED_GATHER: '2s' } }), ConfigError);
});

describe('loadConfig defaults (docs/reference/scheduling-rules.md §11)', () => {
  const c = loadConfig({ ...base, env: {} });

  test('listener, store, role and node id', () => {
    assert.equal(c.dataDir, join(process.cwd(), 'data'));
    assert.equal(c.host, '127.0.0.1');
    assert.equal(c.port, 8443);
    assert.equal(c.databaseUrl, undefined);
    assert.deepEqual(c.store, { kind: 'sqlite' });
    assert.equal(c.role, 'all');
    assert.equal(c.nodeId, undefined); // resolved at start (test/unit/bootstrap/node-id.test.ts)
    assert.equal(c.secretKey, undefined);
    assert.equal(c.secretKeyFile, join(c.dataDir, 'secret.key'));
    assert.equal(c.plainHttpPort, undefined);
    assert.equal(c.tlsCertFile, undefined);
  });

  test('engine settings', () => {
    assert.deepEqual(
      { ...c.engine },
      {
        httpTimeoutMs: 60_000,
        minRetryIntervalMs: 15_000,
        historyMaxEntries: 1000,
        historyMaxAgeMs: 60 * 86_400_000,
        finishedJobRetentionMs: 60 * 86_400_000,
        catchUp: 'coalesce',
        latenessThresholdMs: 60_000,
        leaseDurationMs: 30_000,
        maxConcurrentAttempts: 512,
        maxPerHost: 32,
        starvedGatherMs: 5,
        maxHostWaitMs: 5_000,
        executorThreads: 1,
        connectionsPerOrigin: 64,
      },
    );
  });

  test('outbound settings, regions, operations, plans and limits', () => {
    assert.equal(c.outbound.storageEndpointTemplate, 'https://{account}.queue.core.windows.net');
    assert.equal(c.outbound.storageApiVersion, '2020-10-02');
    assert.equal(c.outbound.storageBase64, false);
    assert.equal(c.outbound.serviceBusEndpointTemplate, 'https://{namespace}.servicebus.windows.net');
    assert.equal(c.outbound.oauthAuthority, 'https://login.microsoftonline.com');
    assert.deepEqual(c.outbound.egressDeny, []);
    assert.equal(
      c.outbound.egressAllowLinkLocal,
      false,
      'link-local and metadata addresses are denied by default',
    );
    assert.deepEqual(c.outbound.extraCaFiles, []);
    assert.equal(c.regions.length, 11);
    assert.equal(c.regions[0], 'West US');
    assert.equal(c.strictRegions, false);
    assert.equal(c.operationRetentionMs, 7 * 86_400_000);
    assert.equal(c.operationDelayMs, 0);
    assert.deepEqual(c.plans.Free, {
      maxJobCount: 5,
      minRecurrenceMs: 3_600_000,
      maxCollectionsPerSubscription: 1,
      outboundAuthentication: false,
    });
    assert.deepEqual(c.plans.Standard, {
      maxJobCount: 50,
      minRecurrenceMs: 60_000,
      maxCollectionsPerSubscription: undefined,
      outboundAuthentication: true,
    });
    assert.equal(c.plans.Premium.maxJobCount, 1000);
    assert.equal(c.limits.maxDefinitionChars, 16_000);
    assert.equal(c.logLevel, 'info');
  });

  test('is deeply frozen', () => {
    assert.ok(
      Object.isFrozen(c) &&
        Object.isFrozen(c.engine) &&
        Object.isFrozen(c.plans.Free) &&
        Object.isFrozen(c.regions),
    );
    assert.throws(() => {
      (c as { port: number }).port = 1;
    }, TypeError);
  });
});

describe('loadConfig precedence: flags > env > file > defaults', () => {
  const file = configFile({
    port: 9001,
    host: '0.0.0.0',
    role: 'engine',
    engine: { httpTimeoutMs: '30s', catchUp: 'skip' },
  });

  test('file over defaults', () => {
    const c = loadConfig({ ...base, env: {}, flags: { config: file } });
    assert.equal(c.port, 9001);
    assert.equal(c.host, '0.0.0.0');
    assert.equal(c.role, 'engine');
    assert.equal(c.engine.httpTimeoutMs, 30_000);
    assert.equal(c.engine.catchUp, 'skip');
  });

  test('env over file, TAKT_CONFIG names the file', () => {
    const c = loadConfig({ ...base, env: { TAKT_CONFIG: file, TAKT_PORT: '9002', TAKT_HTTP_TIMEOUT: '2m' } });
    assert.equal(c.port, 9002);
    assert.equal(c.host, '0.0.0.0');
    assert.equal(c.engine.httpTimeoutMs, 120_000);
  });

  test('flags over env', () => {
    const c = loadConfig({
      ...base,
      env: { TAKT_CONFIG: file, TAKT_PORT: '9002', TAKT_ROLE: 'api' },
      flags: { port: '9003', role: 'all', dataDir: 'here' },
    });
    assert.equal(c.port, 9003);
    assert.equal(c.role, 'all');
    assert.equal(c.dataDir, join(cwd, 'here'));
    assert.equal(c.secretKeyFile, join(cwd, 'here', 'secret.key'), 'derived defaults follow the data dir');
  });

  test('an empty env value counts as unset', () => {
    assert.equal(loadConfig({ ...base, env: { TAKT_PORT: '' } }).port, 8443);
  });

  test('paths in the file are relative to the file; on the command line to the working directory', () => {
    const f = configFile({ dataDir: 'state', outbound: { extraCaFiles: ['ca.pem'] } });
    const c = loadConfig({ ...base, env: {}, flags: { config: f } });
    assert.equal(c.dataDir, join(f, '..', 'state'));
    assert.deepEqual(c.outbound.extraCaFiles, [join(f, '..', 'ca.pem')]);
  });

  test('lists, booleans, plans, limits and optional values', () => {
    const f = configFile({
      regions: ['Mars North'],
      plans: {
        Standard: { maxCollectionsPerSubscription: 3 },
        Free: { maxCollectionsPerSubscription: null },
      },
      limits: { maxBodyChars: 65536 },
    });
    const c = loadConfig({
      ...base,
      env: {
        TAKT_STRICT_REGIONS: 'yes',
        TAKT_EGRESS_DENY: 'private, 10.0.0.0/8',
        TAKT_EGRESS_ALLOW_LINK_LOCAL: 'true',
        TAKT_PLAN_PREMIUM_MAX_JOBS: '5000',
      },
      flags: { config: f },
    });
    assert.deepEqual(c.regions, ['Mars North']);
    assert.equal(c.strictRegions, true);
    assert.deepEqual(c.outbound.egressDeny, ['private', '10.0.0.0/8']);
    assert.equal(c.outbound.egressAllowLinkLocal, true);
    assert.equal(c.plans.Standard.maxCollectionsPerSubscription, 3);
    assert.equal(c.plans.Free.maxCollectionsPerSubscription, undefined);
    assert.equal(c.plans.Free.maxJobCount, 5, 'unset plan fields keep their defaults');
    assert.equal(c.plans.Premium.maxJobCount, 5000);
    assert.equal(c.limits.maxBodyChars, 65536);
  });

  test('the secret key comes from the environment only', () => {
    const key = Buffer.alloc(32, 7).toString('base64');
    assert.equal(loadConfig({ ...base, env: { TAKT_SECRET_KEY: key } }).secretKey, key);
    assert.equal(loadConfig({ ...base, env: {}, flags: { secretKey: key } }).secretKey, undefined);
  });
});

describe('loadConfig validation names the option and the rule', () => {
  const cases: [string, Parameters<typeof loadConfig>[0], RegExp][] = [
    [
      'port out of range',
      { ...base, env: { TAKT_PORT: '70000' } },
      /^TAKT_PORT: must be an integer from 0 to 65535, got '70000'/,
    ],
    ['port flag not a number', { ...base, env: {}, flags: { port: 'abc' } }, /^--port: must be an integer/],
    [
      'role',
      { ...base, env: { TAKT_ROLE: 'worker' } },
      /^TAKT_ROLE: must be one of api, engine, all, got 'worker'/,
    ],
    [
      'database URL',
      { ...base, env: {}, flags: { databaseUrl: 'mysql://x' } },
      /^--database-url: must be a postgres:\/\//,
    ],
    [
      'duration',
      { ...base, env: { TAKT_HTTP_TIMEOUT: '10 minutes' } },
      /^TAKT_HTTP_TIMEOUT: must be a duration/,
    ],
    [
      'duration below minimum',
      { ...base, env: { TAKT_MIN_RETRY_INTERVAL: '10ms' } },
      /^TAKT_MIN_RETRY_INTERVAL: must be a duration from 1 s to 1 d \(milliseconds, or a number with ms\/s\/m\/h\/d\), got '10ms'/,
    ],
    [
      'catch-up mode',
      { ...base, env: { TAKT_CATCH_UP: 'all' } },
      /^TAKT_CATCH_UP: must be one of coalesce, skip/,
    ],
    [
      'boolean',
      { ...base, env: { TAKT_STRICT_REGIONS: 'maybe' } },
      /^TAKT_STRICT_REGIONS: must be true or false/,
    ],
    [
      'secret key length',
      { ...base, env: { TAKT_SECRET_KEY: Buffer.alloc(16).toString('base64') } },
      /^TAKT_SECRET_KEY: must be 32 bytes in base64/,
    ],
    [
      'endpoint template placeholder',
      { ...base, env: { TAKT_STORAGE_ENDPOINT: 'https://queues.example' } },
      /^TAKT_STORAGE_ENDPOINT: must contain \{account\}/,
    ],
    [
      'egress entry',
      { ...base, env: { TAKT_EGRESS_DENY: '10.0.0.0/8,10.1.2/33' } },
      /^TAKT_EGRESS_DENY\[1\]: must be `private` or an IPv4\/IPv6 address or CIDR range/,
    ],
    [
      'limits can only be raised',
      { ...base, env: { TAKT_LIMIT_BODY_CHARS: '100' } },
      /^TAKT_LIMIT_BODY_CHARS: must be an integer from 8192/,
    ],
    [
      'TLS files come in pairs',
      { ...base, env: { TAKT_TLS_CERT_FILE: '/x.pem' } },
      /^TAKT_TLS_CERT_FILE: a supplied server certificate needs both tlsCertFile and tlsKeyFile; tlsKeyFile \(TAKT_TLS_KEY_FILE\) is not set$/,
    ],
    [
      'plain HTTP port clash',
      { ...base, env: { TAKT_HTTP_PORT: '8443' } },
      /^TAKT_HTTP_PORT: must differ from port 8443 \(the default\)$/,
    ],
    [
      'a SQLite setting beside a PostgreSQL URL',
      { ...base, env: { TAKT_SQLITE_SYNCHRONOUS: 'normal', TAKT_DATABASE_URL: 'postgres://db/takt' } },
      /^TAKT_SQLITE_SYNCHRONOUS: applies to the SQLite store only, and databaseUrl \(TAKT_DATABASE_URL\) selects PostgreSQL/,
    ],
    [
      'missing config file',
      { ...base, env: {}, flags: { config: '/nonexistent/takt.json' } },
      /^--config: cannot read \/nonexistent\/takt.json \(ENOENT\)/,
    ],
    [
      'missing config file named by TAKT_CONFIG',
      { ...base, env: { TAKT_CONFIG: '/nonexistent/takt.json' } },
      /^TAKT_CONFIG: cannot read \/nonexistent\/takt.json \(ENOENT\)/,
    ],
  ];
  for (const [name, src, message] of cases) {
    test(name, () => {
      assert.throws(
        () => loadConfig(src),
        (e: unknown) => e instanceof ConfigError && message.test(e.message),
      );
    });
  }

  test('config file: bad JSON, not an object, unknown option, bad value', () => {
    const check = (doc: unknown, message: RegExp): void => {
      assert.throws(
        () => loadConfig({ ...base, env: {}, flags: { config: configFile(doc) } }),
        (e: unknown) => e instanceof ConfigError && message.test(e.message),
      );
    };
    check('{ port: 1 }', /: not valid JSON/);
    // The parser's reason and position, never the text around the error: it may be a secret.
    assert.throws(
      () => loadConfig({ ...base, env: {}, flags: { config: configFile('{"secretKey": CFGKEYLEAK}') } }),
      (e: unknown) =>
        e instanceof ConfigError &&
        /: not valid JSON \(Unexpected token/.test(e.message) &&
        !/CFGKEY/.test(e.message),
    );
    check([1, 2], /: must be a JSON object/);
    check({ engine: { httpTimeout: 5 } }, /: unknown option 'engine.httpTimeout'/);
    check({ plans: { Gold: { maxJobCount: 1 } } }, /: unknown option 'plans.Gold.maxJobCount'/);
    // A typo names the option meant; a key near nothing names none.
    check(
      { engine: { maxConcurentAttempts: 8 } },
      /: unknown option 'engine.maxConcurentAttempts'; did you mean 'engine.maxConcurrentAttempts'\?$/,
    );
    check({ sqliteSynchronus: 'full' }, /; did you mean 'sqliteSynchronous'\?$/);
    check({ zzz: 1 }, /: unknown option 'zzz'$/);
    check({ engine: { historyMaxEntries: 0 } }, /: engine.historyMaxEntries: must be an integer from 1/);
  });
});

describe('lists unset with `none` (environment) or null (file), as every optional value is', () => {
  // TAKT_EGRESS_DENY=none was refused ("must be `private` or an address, got 'none'") and
  // TAKT_EXTRA_CA_FILES=none read a file named none, though `none` is their documented default.
  test('egressDeny and extraCaFiles: the empty list', () => {
    for (const env of [{ TAKT_EGRESS_DENY: 'none' }, { TAKT_EXTRA_CA_FILES: 'None' }]) {
      const c = loadConfig({ ...base, env });
      assert.deepEqual(c.outbound.egressDeny, []);
      assert.deepEqual(c.outbound.extraCaFiles, []);
    }
    const file = configFile({ outbound: { egressDeny: null, extraCaFiles: null } });
    const c = loadConfig({ ...base, env: { TAKT_CONFIG: file } });
    assert.deepEqual(c.outbound.egressDeny, []);
    assert.deepEqual(c.outbound.extraCaFiles, []);
  });
  test('regions, which must offer at least one, refuse it', () => {
    for (const value of ['none', ',']) {
      assert.throws(
        () => loadConfig({ ...base, env: { TAKT_REGIONS: value } }),
        (e: unknown) =>
          e instanceof ConfigError && e.message.startsWith('TAKT_REGIONS: must name at least one entry'),
      );
    }
  });
});

describe('a mistyped TAKT_ variable is refused, not ignored (docs/operations.md, Configuration)', () => {
  test('one or two keystrokes from a setting: exit-2 error naming the variable it meant', () => {
    const check = (name: string, meant: string): void =>
      assert.throws(
        () => loadConfig({ ...base, env: { [name]: '9000' } }),
        (e: unknown) =>
          e instanceof ConfigError &&
          e.message === `${name}: is not a Takt setting; did you mean ${meant}? (unset it, or rename it)`,
      );
    check('TAKT_PROT', 'TAKT_PORT');
    check('TAKT_SECRET_KYE', 'TAKT_SECRET_KEY');
    check('TAKT_DATA_DIRR', 'TAKT_DATA_DIR');
    check('TAKT_LOGLEVEL', 'TAKT_LOG_LEVEL');
    check('TAKT_CONFIGS', 'TAKT_CONFIG');
  });

  test('other TAKT_ variables, empty ones and the CLI client variables are left alone', () => {
    const env = {
      TAKT_TEST: '1',
      TAKT_TEST_DATABASE_URL: 'postgres://x@y/z',
      TAKT_PYTHON: '/usr/bin/python3',
      TAKT_PROFILE: 'p.json',
      TAKT_TOKEN: 't',
      TAKT_COLLECTION: 'c',
      TAKT_PROT: '',
    };
    assert.equal(loadConfig({ ...base, env }).port, 8443);
  });
});

test('an empty --config is refused like every empty flag; an empty TAKT_CONFIG counts as unset', () => {
  assert.throws(
    () => loadConfig({ ...base, env: {}, flags: { config: '' } }),
    (e: unknown) => e instanceof ConfigError && e.message === "--config: must be a non-empty string, got ''",
  );
  assert.equal(loadConfig({ ...base, env: { TAKT_CONFIG: '' } }).port, 8443);
});
