import assert from 'node:assert/strict';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { builderFor, RowBuilder } from '../../../src/store/sqlite/row-builder.js';

test('row objects built from raw arrays equal better-sqlite3 own: names, order, nulls, a repeated name', () => {
  const db = new Database(':memory:');
  db.exec(`CREATE TABLE a (id INTEGER PRIMARY KEY, name TEXT, n REAL);
    INSERT INTO a VALUES (1, 'one', 1.5), (2, NULL, NULL);`);
  const sql = 'SELECT id, name, n, id AS name2, name AS n FROM a WHERE id >= ? ORDER BY id';
  const expected = db.prepare(sql).all(1);
  const rows = new RowBuilder(db.prepare(sql));
  const actual = rows.all([1]);
  assert.deepEqual(actual, expected);
  assert.deepEqual(Object.keys(actual[0]!), Object.keys(expected[0] as object));
  assert.deepEqual(rows.get([2]), db.prepare(sql).get(2));
  assert.equal(rows.get([3]), undefined);
  db.close();
});

test('a column name that is not a plain identifier is built by the loop, with the same result', () => {
  const build = builderFor(['a b', 'x', 'a b']);
  assert.deepEqual(build([1, 2, 3]), { 'a b': 3, x: 2 });
  assert.deepEqual(Object.keys(build([1, 2, 3])), ['a b', 'x']);
  const literal = builderFor(['job_pk', 'name', 'job_pk']);
  assert.deepEqual(literal([1, 'n', 7]), { job_pk: 7, name: 'n' });
  assert.deepEqual(Object.keys(literal([1, 'n', 7])), ['job_pk', 'name']);
});
