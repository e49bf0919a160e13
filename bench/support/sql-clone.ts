// Seeding for the scale part of the engine benchmark only: one million jobs through the API would
// take longer than the measurement itself, so ONE template job is created through the API (the
// product validates it, computes its schedule and writes it) and then cloned N-1 times in SQL while
// no `takt serve` has the file open. A clone differs from the template only in its name, so every
// clone is a valid job with the template's definition, counters and next due time. This is the
// one place outside src/store/ that knows the schema (the `jobs` table of migration 001-core and the
// collections' job_count of 004); if they change, this statement fails loudly instead of seeding
// something else.
import Database from 'better-sqlite3';

/** Inserts `copies` clones of job `templateName` named `${prefix}0 …`; answers the seconds it took. */
export function cloneJob(sqliteFile: string, templateName: string, copies: number, prefix: string): number {
  const t0 = performance.now();
  const db = new Database(sqliteFile);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = OFF');
    const cols = (db.prepare('SELECT name FROM pragma_table_info(?)').all('jobs') as { name: string }[])
      .map((c) => c.name)
      .filter((c) => c !== 'id' && c !== 'name' && c !== 'name_key');
    const list = cols.join(', ');
    const insert = db.prepare(
      `WITH RECURSIVE n(i) AS (SELECT ? UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?)
       INSERT INTO jobs (name, name_key, ${list})
       SELECT ? || n.i, lower(? || n.i), ${cols.map((c) => `t.${c}`).join(', ')}
       FROM n, (SELECT * FROM jobs WHERE name = ?) AS t`,
    );
    // Chunks keep each transaction's WAL growth bounded.
    const chunk = 100_000;
    for (let from = 0; from < copies; from += chunk) {
      const to = Math.min(copies, from + chunk);
      const r = insert.run(from, to, prefix, prefix, templateName);
      if (r.changes !== to - from)
        throw new Error(`clone: inserted ${r.changes} rows, expected ${to - from}`);
    }
    // The collection's maintained job counter (migration 006's shards) counts the clones too; the
    // caps are reset, so the next create splits them anew (docs/store.md, the job counter).
    db.prepare(
      `UPDATE job_collection_slots SET cap = 0, split_max = 0, jobs = (SELECT COUNT(*) FROM jobs j
         WHERE j.collection_id = job_collection_slots.collection_id AND j.id % 16 = job_collection_slots.shard)`,
    ).run();
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  return (performance.now() - t0) / 1000;
}
