/** Pure parts of the adapters: driver-error mapping, placeholder translation, migration lists. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StoreConflict, StoreUnavailable } from '../../src/ports/store.js';
import {
  checkMigrationList,
  pendingMigrations,
  type Migration,
} from '../../src/store/migrations/migration.js';
import { fromPgError } from '../../src/store/postgres/pg-errors.js';
import { quoteIdent } from '../../src/store/postgres/pg-migrate.js';
import { fromSqliteError } from '../../src/store/sqlite/sqlite-errors.js';
import { boundValues, planParams } from '../../src/store/sqlite/param-plan.js';

const withCode = (code: string, message = code): Error => Object.assign(new Error(message), { code });

test('PostgreSQL errors: transient ones are StoreUnavailable, constraint races are conflicts, bugs pass through', () => {
  for (const code of [
    'ECONNREFUSED',
    'ECONNRESET',
    '08006',
    '53300',
    '57P01',
    '57P03',
    '55P03',
    '40001',
    '40P01',
  ]) {
    assert.ok(fromPgError(withCode(code)) instanceof StoreUnavailable, code);
  }
  // Connections refused: database gone, login refused, ALLOW_CONNECTIONS false (a 503, not a 500).
  for (const code of ['3D000', '28000', '28P01'])
    assert.ok(fromPgError(withCode(code)) instanceof StoreUnavailable, code);
  const closed = withCode('55000', 'database "takt" is not currently accepting connections');
  assert.ok(fromPgError(closed) instanceof StoreUnavailable);
  const statement = withCode('55000', 'currval of sequence "s" is not yet defined in this session');
  assert.equal(fromPgError(statement), statement, "another 55000 is a statement's error");
  assert.ok(fromPgError(new Error('timeout exceeded when trying to connect')) instanceof StoreUnavailable);
  assert.ok(fromPgError(new Error('Connection terminated unexpectedly')) instanceof StoreUnavailable);
  const dup = fromPgError(withCode('23505'));
  assert.ok(dup instanceof StoreConflict && dup.reason === 'exists');
  const fk = fromPgError(withCode('23503'));
  assert.ok(fk instanceof StoreConflict && fk.reason === 'missing');
  const syntax = withCode('42601', 'syntax error');
  assert.equal(fromPgError(syntax), syntax);
  const guard = new StoreConflict('quota');
  assert.equal(fromPgError(guard), guard);
});

test('SQLite errors: busy is StoreUnavailable, constraint races are conflicts, bugs pass through', () => {
  assert.ok(fromSqliteError(withCode('SQLITE_BUSY')) instanceof StoreUnavailable);
  assert.ok(fromSqliteError(withCode('SQLITE_BUSY_SNAPSHOT')) instanceof StoreUnavailable);
  // A full or failing disk: the store cannot write now (503), not a bug (500).
  assert.ok(fromSqliteError(withCode('SQLITE_FULL')) instanceof StoreUnavailable);
  assert.ok(fromSqliteError(withCode('SQLITE_IOERR_WRITE')) instanceof StoreUnavailable);
  const dup = fromSqliteError(withCode('SQLITE_CONSTRAINT_UNIQUE'));
  assert.ok(dup instanceof StoreConflict && dup.reason === 'exists');
  const fk = fromSqliteError(withCode('SQLITE_CONSTRAINT_FOREIGNKEY'));
  assert.ok(fk instanceof StoreConflict && fk.reason === 'missing');
  const other = withCode('SQLITE_ERROR');
  assert.equal(fromSqliteError(other), other);
  const guard = new StoreConflict('etag');
  assert.equal(fromSqliteError(guard), guard);
});

test('placeholders: $n and $name become ?, each bound to its value in order; quoted text and comments are kept', () => {
  const numbered = planParams('a = $1 OR (CAST($2 AS TEXT) IS NULL OR b = $2) LIMIT $10');
  assert.equal(numbered.sql, 'a = ? OR (CAST(? AS TEXT) IS NULL OR b = ?) LIMIT ?');
  assert.deepEqual(numbered.slots, [0, 1, 1, 9]);
  const params = ['x', null, 3, 4, 5, 6, 7, 8, 9, 10];
  assert.deepEqual(boundValues(numbered, params), ['x', null, null, 10]);
  assert.throws(() => boundValues(numbered, ['x']), /Missing parameter 1/);

  const named = planParams(
    `INSERT INTO t VALUES ($id, json_extract(d, '$.action'), "$quoted", $job_id) -- $comment\n/* $c */ WHERE x = $id`,
  );
  assert.equal(
    named.sql,
    `INSERT INTO t VALUES (?, json_extract(d, '$.action'), "$quoted", ?) -- $comment\n/* $c */ WHERE x = ?`,
  );
  assert.deepEqual(named.slots, ['id', 'job_id', 'id']);
  assert.deepEqual(boundValues(named, { id: 'r1', job_id: 7, extra: 'ignored' }), ['r1', 7, 'r1']);
  assert.throws(() => boundValues(named, { id: 'r1' }), /Missing column job_id/);
  // A doubled quote inside quoted text does not end it.
  assert.deepEqual(planParams(`SELECT 'it''s $1' , $1`).slots, [0]);
});

test('schema names are validated before being quoted', () => {
  assert.equal(quoteIdent('takt_test_1'), '"takt_test_1"');
  for (const bad of ['', '1abc', 'a-b', 'a"b', 'x'.repeat(64)])
    assert.throws(() => quoteIdent(bad), /invalid PostgreSQL schema name/);
});

test('migration lists: numbered 1..n in order; applied steps are skipped; a newer database is refused', () => {
  const m = (version: number): Migration => ({ version, name: `m${version}`, sql: '' });
  assert.throws(() => checkMigrationList([m(1), m(3)]), /out of order/);
  assert.throws(() => checkMigrationList([m(2), m(1)]), /out of order/);
  const list = checkMigrationList([m(1), m(2), m(3)]);
  assert.deepEqual(
    pendingMigrations(list, [1]).map((x) => x.version),
    [2, 3],
  );
  assert.deepEqual(pendingMigrations(list, [1, 2, 3]), []);
  assert.throws(
    () => pendingMigrations(list, [1, 2, 3, 4]),
    /schema version 4, newer than this build knows \(3\)/,
  );
});
