// The listen address and the PostgreSQL URL are checked when the configuration loads, so a value
// that cannot work is one line naming the option (exit 2), not a library error at start
// ("Invalid IPv4 address part", "getaddrinfo ENOTFOUND [::1]", "Invalid URL"). A database URL's
// password is never echoed in such a line: it goes to terminals and service logs.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ConfigError, loadConfig } from '../../../src/config/index.js';

const cwd = mkdtempSync(join(tmpdir(), 'takt-config-values-'));

function refused(src: Parameters<typeof loadConfig>[0]): string {
  try {
    loadConfig(src);
  } catch (e) {
    assert.ok(e instanceof ConfigError, String(e));
    return e.message;
  }
  assert.fail('the configuration was accepted');
}

describe('host', () => {
  test('host names, IPv4 and IPv6 literals are accepted; an IPv6 literal may be bracketed', () => {
    const host = (h: string): string => loadConfig({ cwd, env: { TAKT_HOST: h } }).host;
    assert.equal(host('127.0.0.1'), '127.0.0.1');
    assert.equal(host('0.0.0.0'), '0.0.0.0');
    assert.equal(host('scheduler.example.com'), 'scheduler.example.com');
    assert.equal(host('localhost'), 'localhost');
    assert.equal(host('::'), '::');
    assert.equal(host('::1'), '::1');
    assert.equal(host('[::1]'), '::1');
    assert.equal(host('[fe80::1]'), 'fe80::1');
  });

  test('what is neither a host name nor an address is refused naming the option', () => {
    for (const bad of [
      '999.1.1.1',
      '10.0.0',
      '1.2.3.4.5',
      '[127.0.0.1]',
      '[::1',
      'a..b',
      '-a.example',
      'a:b',
    ]) {
      assert.equal(
        refused({ cwd, env: {}, flags: { host: bad } }),
        `--host: must be a host name or IP address, got '${bad}'`,
      );
    }
    assert.match(refused({ cwd, env: { TAKT_HOST: '300.1.1.1' } }), /^TAKT_HOST: must be a host name or IP/);
  });
});

describe('databaseUrl', () => {
  test('a URL that does not parse is refused by the configuration, not by the driver at start', () => {
    const message = refused({ cwd, env: {}, flags: { databaseUrl: 'postgres://takt@db:notaport/takt' } });
    assert.match(message, /^--database-url: must be a postgres:\/\/ or postgresql:\/\/ URL/);
  });

  test('the password of a refused URL is masked', () => {
    const cases = [
      'mysql://takt:Tr0ub4dor-pw@db/takt',
      'postgres://takt:Tr0ub4dor-pw@db:notaport/takt',
      'postgresql://takt:Tr0ub4dor-pw@[db/takt',
      'postgres://takt:Tr0ub4dor-pw',
    ];
    for (const url of cases) {
      const message = refused({ cwd, env: { TAKT_DATABASE_URL: url } });
      assert.match(message, /^TAKT_DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL/);
      assert.ok(!message.includes('Tr0ub4dor'), message);
    }
    assert.equal(
      refused({ cwd, env: { TAKT_DATABASE_URL: 'mysql://takt:Tr0ub4dor-pw@db/takt' } }),
      "TAKT_DATABASE_URL: must be a postgres:// or postgresql:// URL, got 'mysql://takt:***@db/takt'",
    );
  });

  test('the rest of a postgres:// URL that does not parse, or an sslmode the driver does not know, is named', () => {
    assert.equal(
      refused({ cwd, env: { TAKT_DATABASE_URL: 'postgres://takt:Tr0ub4dor-pw@127.0.0.1:99999/takt' } }),
      "TAKT_DATABASE_URL: must be a postgres:// or postgresql:// URL (this one does not parse as a URL: check its host and port), got 'postgres://takt:***@127.0.0.1:99999/takt'",
    );
    assert.equal(
      refused({ cwd, env: { TAKT_DATABASE_URL: 'postgres://takt@db/takt?sslmode=bogus' } }),
      "TAKT_DATABASE_URL: must be a postgres:// or postgresql:// URL (sslmode must be one of disable, prefer, require, verify-ca, verify-full, no-verify), got 'postgres://takt@db/takt?sslmode=bogus'",
    );
    for (const mode of ['disable', 'verify-full', 'no-verify']) {
      const url = `postgres://takt@db/takt?sslmode=${mode}`;
      assert.equal(loadConfig({ cwd, env: { TAKT_DATABASE_URL: url } }).databaseUrl, url);
    }
  });

  test('a valid URL is kept as given', () => {
    const url = 'postgres://takt:p%40ss@db.example:5433/takt?sslmode=require';
    assert.equal(loadConfig({ cwd, env: { TAKT_DATABASE_URL: url } }).databaseUrl, url);
  });
});

test('a config file section given a value says so instead of calling the section unknown', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'takt-config-section-')), 'takt.json');
  writeFileSync(path, JSON.stringify({ engine: 5 }));
  assert.equal(
    refused({ cwd, env: {}, flags: { config: path } }),
    `config file ${path}: engine: must be a JSON object of engine.* options, got 5`,
  );
});
