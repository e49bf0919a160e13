// npm run bench:wal-frames — which b-trees the engine's SQLite transactions write
// (docs/engine-measurements.md, "Which pages the engine's SQLite commits write"): the loop of `npm run bench:store-sqlite` (N jobs due at once, claim a batch ->
// record its outcomes, until every job has run once), on a store whose checkpointer never copies
// the WAL, so every frame the claims and outcomes committed is still in it at the end. The WAL is
// then read frame by frame, cut into transactions at its commit frames, and each frame's page is
// named by SQLite's `dbstat` (the b-tree that owns the page at the end: a page freed by a run's
// delete and reused later counts for its last owner).
//
// Env: BENCH_SQLITE_JOBS (20,000), BENCH_SQLITE_BATCH (100), BENCH_SQLITE_COLLECTIONS (1 and 20).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DEFAULT_CATCH_UP, planOccurrence, type OccurrencePlanner } from '../src/domain/occurrence.js';
import { CryptoIdSource } from '../src/bootstrap/crypto-id-source.js';
import { SQLITE_MIGRATIONS } from '../src/store/migrations/sqlite/index.js';
import { SqlStore } from '../src/store/sql-store.js';
import { QUERIES } from '../src/store/sql/queries.js';
import { SqliteRunner } from '../src/store/sqlite/sqlite-runner.js';
import { envNumber } from './support/env.js';
import { seedSqliteJobs } from './support/sqlite-seed.js';
import { successOf } from './support/store-seed.js';

const JOBS = envNumber('BENCH_SQLITE_JOBS', 20_000, true);
const BATCH = envNumber('BENCH_SQLITE_BATCH', 100, true);
const COLLECTIONS = process.env['BENCH_SQLITE_COLLECTIONS']
  ? [envNumber('BENCH_SQLITE_COLLECTIONS', 20, true)]
  : [1, 20];

/** SQLite's WAL layout: a 32-byte header, then frames of a 24-byte header and one page. */
const WAL_HEADER = 32;
const FRAME_HEADER = 24;

/** The claim and outcome loop; answers the kind of each transaction, in commit order. */
async function drain(store: SqlStore): Promise<string[]> {
  const ids = new CryptoIdSource();
  const planner: OccurrencePlanner = (j, now) => planOccurrence(j, now, DEFAULT_CATCH_UP, ids.hex32());
  const kinds: string[] = [];
  let done = 0;
  for (;;) {
    const now = Date.now();
    const runs = await store.claimDue(now, BATCH, { owner: 'bench', until: now + 60_000 }, planner, () =>
      ids.hex32(),
    );
    if (runs.length === 0) break;
    kinds.push('claim');
    done += runs.length;
    await store.recordOutcomes(runs.map((r) => successOf(r, now)));
    kinds.push('outcome');
  }
  if (done !== JOBS) throw new Error(`ran ${done} of ${JOBS}`);
  return kinds;
}

/** The pages of each committed transaction in the WAL file, in order. */
function walTransactions(walPath: string, pageSize: number): number[][] {
  const wal = readFileSync(walPath);
  const salt = wal.readUInt32BE(16);
  const txs: number[][] = [];
  let pages: number[] = [];
  for (let off = WAL_HEADER; off + FRAME_HEADER + pageSize <= wal.length; off += FRAME_HEADER + pageSize) {
    if (wal.readUInt32BE(off + 8) !== salt) break; // a frame of an earlier WAL generation
    pages.push(wal.readUInt32BE(off));
    // A commit frame holds the database's size in pages after the commit; the others hold 0.
    if (wal.readUInt32BE(off + 4) !== 0) {
      txs.push(pages);
      pages = [];
    }
  }
  return txs;
}

async function runCase(collections: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'takt-wal-frames-'));
  try {
    const path = join(dir, 'takt.db');
    await seedSqliteJobs(path, JOBS, collections, Date.now());
    const never = 2 ** 30;
    const runner = new SqliteRunner({
      path,
      queries: QUERIES,
      migrations: SQLITE_MIGRATIONS,
      checkpointer: { thresholdFrames: never, hardLimitFrames: never, idleMs: never },
    });
    const store = new SqlStore(runner);
    await store.migrate();
    const kinds = await drain(store);
    const db = new Database(path, { readonly: true });
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const owner = new Map<number, string>();
    for (const r of db.prepare('SELECT name, pageno FROM dbstat').all() as { name: string; pageno: number }[])
      owner.set(r.pageno, r.name);
    db.close();
    const txs = walTransactions(`${path}-wal`, pageSize);
    await store.close();
    if (txs.length !== kinds.length)
      throw new Error(`${txs.length} transactions in the WAL, ${kinds.length} verbs`);
    for (const kind of ['claim', 'outcome']) {
      const counts = new Map<string, number>();
      let commits = 0;
      txs.forEach((pages, i) => {
        if (kinds[i] !== kind) return;
        commits += 1;
        for (const p of pages) {
          const name = owner.get(p) ?? '(free or other)';
          counts.set(name, (counts.get(name) ?? 0) + 1);
        }
      });
      const frames = [...counts.values()].reduce((a, b) => a + b, 0);
      console.log(
        `collections ${collections}, ${kind}: ${commits} commits, ${(frames / commits).toFixed(1)} frames per commit, ` +
          `${(frames / JOBS).toFixed(3)} per execution`,
      );
      for (const [name, n] of [...counts].sort((a, b) => b[1] - a[1]))
        console.log(`  ${name.padEnd(26)} ${(n / commits).toFixed(1).padStart(5)} per commit`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`jobs ${JOBS}, batch ${BATCH}: WAL frames written by the claims and the outcomes, by b-tree`);
for (const collections of COLLECTIONS) await runCase(collections);
