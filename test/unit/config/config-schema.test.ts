// The schema is the one declaration of every option: these check what the loader, the flags and
// the generated docs rely on — names that do not collide, defaults that obey their own rules, and
// validation messages that name the variable and state the same rule as docs/operations.md.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, configSchema, flagHelp, loadConfig } from '../../../src/config/index.js';
import { defaultOf, flagAttribute, optionsOf } from '../../../src/config/config-option.js';

const options = optionsOf(configSchema);

test('every option has its own TAKT_ variable, and flags do not collide', () => {
  const envs = options.map(({ option }) => option.spec.env);
  assert.ok(
    envs.every((e) => e !== undefined && /^TAKT_[A-Z0-9_]+$/.test(e)),
    String(envs),
  );
  assert.equal(new Set(envs).size, envs.length, 'an environment variable used twice');
  const flags = options.flatMap(({ option }) => (option.spec.flag ? [flagAttribute(option.spec.flag)] : []));
  assert.equal(new Set(flags).size, flags.length);
  assert.deepEqual(flags, ['dataDir', 'host', 'port', 'databaseUrl', 'role', 'nodeId', 'logLevel']);
});

test('every default obeys its own rule', () => {
  const resolved: Record<string, unknown> = {};
  for (const { path, option } of options) {
    const d = defaultOf(option, resolved);
    resolved[path] = d;
    if (d === undefined) {
      assert.ok(option.optional, `${path}: no default but not optional`);
      continue;
    }
    assert.deepEqual(option.spec.parse(d, path), d, path);
  }
});

test('a rejected value is named by its variable, with the rule the docs table states', () => {
  for (const { path, option } of options) {
    const env = option.spec.env ?? path;
    assert.throws(
      () => option.spec.parse({ not: 'valid' }, env),
      (e: unknown) =>
        e instanceof ConfigError && e.message.startsWith(`${env}: must be ${option.spec.parse.rule}`),
      path,
    );
  }
});

test('through the loader: the environment variable, the rule and the value', () => {
  assert.throws(
    () => loadConfig({ cwd: '/', env: { TAKT_LEASE_DURATION: '1s' } }),
    (e: unknown) =>
      e instanceof ConfigError &&
      e.message ===
        "TAKT_LEASE_DURATION: must be a duration from 3 s to 1 d (milliseconds, or a number with ms/s/m/h/d), got '1s'",
  );
  assert.throws(
    () => loadConfig({ cwd: '/', env: {}, flags: { logLevel: 'loud' } }),
    (e: unknown) =>
      e instanceof ConfigError &&
      e.message === "--log-level: must be one of fatal, error, warn, info, debug, trace, silent, got 'loud'",
  );
});

test("a flag's help comes from the schema: description, values, variable and default", () => {
  assert.equal(flagHelp(configSchema.port), 'HTTPS port; 0 = any free port (default: $TAKT_PORT, else 8443)');
  assert.equal(
    flagHelp(configSchema.role),
    'what this process runs: one of api, engine, all (default: $TAKT_ROLE, else all)',
  );
});
