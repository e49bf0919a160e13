// How the store is named in the banner, the `takt started` log line and error messages: the
// PostgreSQL URL without any password, whether in its user part or (libpq style, which the driver
// honours) in its query string.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeStore } from '../../../src/bootstrap/open-store.js';
import { ConfigError, loadConfig } from '../../../src/config/index.js';

const pg = (url: string): string => describeStore(loadConfig({ cwd: '/', env: { TAKT_DATABASE_URL: url } }));

test('the password of the user part is masked', () => {
  assert.equal(pg('postgres://takt:s3cret@db:5432/takt'), 'PostgreSQL postgres://takt:***@db:5432/takt');
  assert.equal(pg('postgres://takt@db/takt'), 'PostgreSQL postgres://takt@db/takt');
});

test('password and sslpassword in the query string are masked, other parameters kept', () => {
  assert.equal(
    pg('postgres://takt@db/takt?password=s3cret&sslmode=require&sslpassword=k3y'),
    'PostgreSQL postgres://takt@db/takt?password=***&sslmode=require&sslpassword=***',
  );
});

test('a refused URL is echoed with its query-string password masked too', () => {
  assert.throws(
    () => loadConfig({ cwd: '/', env: { TAKT_DATABASE_URL: 'mysql://db/takt?password=s3cret' } }),
    (e: unknown) =>
      e instanceof ConfigError &&
      !e.message.includes('s3cret') &&
      e.message.endsWith("got 'mysql://db/takt?password=***'"),
  );
});
