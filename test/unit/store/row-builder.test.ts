import assert from 'node:assert/strict';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { RowBuilder } from '../../../src/store/sqlite/row-builder.js';

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
