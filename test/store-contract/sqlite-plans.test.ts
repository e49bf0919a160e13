/**
 * SQLite's claim selects walk `jobs_due` in due order and stop at their limit whatever the
 * statistics say (docs/store.md, "Plans that hold without statistics"): after an ANALYZE taken while
 * every job of one collection was due, the join form scanned and sorted every due job per claim.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { QUERIES } from '../../src/store/sql/queries.js';
import { openSqliteStore } from '../../src/store/open-store.js';
import { job, seedCollection, T0 } from './fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'takt-sqlite-plans-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const DUE = T0 + 60_000;

/** The steps of SQLite's plan for `sql`, as `EXPLAIN QUERY PLAN` words them. */
const planOf = (db: Database.Database, sql: string): string[] =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((p) => p.detail);

test('sqlite: the claim selects search jobs_due in due order, the job first, with statistics of a one-collection burst', async () => {
  const path = join(dir, 'takt.db');
  const store = await openSqliteStore({ path });
  await seedCollection(store);
  for (let i = 0; i < 400; i++) await store.insertJob(job(`j${i}`), { maxJobs: 1_000 });
  await store.close();

  const db = new Database(path);
  try {
    db.exec('ANALYZE');
    for (const name of ['selectDueJobs', 'selectDueJobIds'] as const) {
      const sql = QUERIES[name].replace(/\$1/g, String(DUE)).replace(/\$2/g, '0').replace(/\$3/g, '101');
      const details = planOf(db, sql);
      assert.match(details[0] ?? '', /^SEARCH j USING INDEX jobs_due /, `${name}: ${details.join(' | ')}`);
      assert.ok(!details.some((d) => /TEMP B-TREE/.test(d)), `${name} sorts: ${details.join(' | ')}`);
      assert.equal(db.prepare(sql).all().length, 101, `${name} answers its limit`);
    }
  } finally {
    db.close();
  }
});

test("sqlite: the due runs' shares seek runs_due_by_collection per collection, never a walk over the due runs", async () => {
  const path = join(dir, 'runs.db');
  const store = await openSqliteStore({ path });
  await store.close();
  const db = new Database(path);
  try {
    for (const name of ['selectDueRunCollections', 'selectDueRunShares'] as const) {
      const sql = QUERIES[name]
        .replace(/\$1/g, String(DUE))
        .replace(/\$2/g, '10')
        .replace(/\$3/g, "'[1, 2]'");
      const details = planOf(db, sql);
      assert.ok(
        details.some((d) =>
          /^SEARCH y USING (COVERING )?INDEX runs_due_by_collection \(collection_id=\?/.test(d),
        ),
        `${name}: ${details.join(' | ')}`,
      );
      assert.ok(!details.some((d) => /^SCAN (r|y)\b/.test(d)), `${name} walks runs: ${details.join(' | ')}`);
      // The collections by id from the rotation's cursor, never every collection (docs/engine.md, "Fairness").
      assert.ok(
        !details.some((d) => /^SCAN k\b/.test(d)),
        `${name} walks every collection: ${details.join(' | ')}`,
      );
    }
  } finally {
    db.close();
  }
});

test('sqlite: a backlog claim walks the collections by id from its cursor, seeking each one’s first due job, and stops at its limit', async () => {
  const path = join(dir, 'collections.db');
  const store = await openSqliteStore({ path });
  await store.close();
  const db = new Database(path);
  try {
    const sql = QUERIES.selectDueCollections
      .replace(/\$1/g, String(DUE))
      .replace(/\$2/g, '0')
      .replace(/\$3/g, '10')
      .replace(/\$4/g, '7');
    const details = planOf(db, sql);
    const said = details.join(' | ');
    // Before 2026-12-07: SCAN c (the table), every collection's first due time, then a sort by
    // rotation order. Now the window of the rotation (`k`, by primary key from the cursor) is a
    // co-routine `c` that the outer query reads row by row and stops reading at its limit.
    assert.ok(!details.some((d) => /^SCAN k\b/.test(d)), `walks every collection: ${said}`);
    assert.ok(!details.some((d) => /TEMP B-TREE/.test(d)), `sorts: ${said}`);
    assert.ok(!details.some((d) => /MATERIALIZE/.test(d)), `reads the whole window first: ${said}`);
    assert.ok(details.includes('CO-ROUTINE c'), `the window is read lazily: ${said}`);
    for (const range of ['rowid>?', 'rowid<?'])
      assert.ok(details.includes(`SEARCH k USING INTEGER PRIMARY KEY (${range})`), `${range}: ${said}`);
    assert.ok(
      details.some((d) => /^SEARCH y USING COVERING INDEX jobs_due_by_collection \(collection_id=\?/.test(d)),
      said,
    );
  } finally {
    db.close();
  }
});
