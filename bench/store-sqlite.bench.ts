// npm run bench:store-sqlite — the SQLite store's engine verbs alone (docs/engine.md, "Cost budget"):
// N recurring jobs due at once on a fresh SQLite file; one loop "claim a batch -> record its outcomes"
// until every job has run once. No HTTP, no engine, no executors. Reported per case (1 collection,
// then BENCH_SQLITE_COLLECTIONS): CPU µs per execution of the claim and of the outcome
// (process.cpuUsage around each verb; both are synchronous on SQLite), and wall µs per execution.
// process.cpuUsage is the whole process's: the WAL checkpointer thread's work during a verb counts
// in it (Node 20 has no per-thread figure).
//
// Each case runs every job twice: first as seeded (the first outcome of a job writes its row), then
// again once they are all due anew, as a recurring job runs in the steady state (an outcome that
// changes nothing on the job leaves its row alone).
//
// Env: BENCH_SQLITE_JOBS (20,000), BENCH_SQLITE_BATCH (100, the engine's batchSize),
// BENCH_SQLITE_COLLECTIONS (20), BENCH_SQLITE_ROUNDS (3: fresh file each), BENCH_SQLITE_IDLE_COLLECTIONS
// (0: collections without jobs after the busy ones, as in a store of many tenants with one busy),
// BENCH_SQLITE_SUSPENDED_JOBS (0: jobs due an hour ago in a suspended collection, which never run),
// BENCH_SQLITE_SUSPENDED_RUNS (0: occurrences in progress of such jobs, retries due an hour ago that wait).
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DEFAULT_CATCH_UP, planOccurrence, type OccurrencePlanner } from '../src/domain/occurrence.js';
import { CryptoIdSource } from '../src/bootstrap/crypto-id-source.js';
import { openSqliteStore } from '../src/store/open-store.js';
import type { Store } from '../src/ports/store.js';
import { envCount, envNumber } from './support/env.js';
import { successOf } from './support/store-seed.js';
import { seedSqliteJobs } from './support/sqlite-seed.js';

const JOBS = envNumber('BENCH_SQLITE_JOBS', 20_000, true);
const BATCH = envNumber('BENCH_SQLITE_BATCH', 100, true);
const COLLECTIONS = envNumber('BENCH_SQLITE_COLLECTIONS', 20, true);
const ROUNDS = envNumber('BENCH_SQLITE_ROUNDS', 3, true);
const IDLE = envCount('BENCH_SQLITE_IDLE_COLLECTIONS', 0);
const SUSPENDED = envCount('BENCH_SQLITE_SUSPENDED_JOBS', 0);
const SUSPENDED_RUNS = envCount('BENCH_SQLITE_SUSPENDED_RUNS', 0);

const cpuUs = (): number => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

interface Figures {
  readonly claimUs: number;
  readonly outcomeUs: number;
  readonly wallUs: number;
}

async function runCase(collections: number): Promise<[Figures, Figures]> {
  const dir = mkdtempSync(join(tmpdir(), 'takt-store-sqlite-'));
  try {
    const path = join(dir, 'takt.db');
    await seedSqliteJobs(path, JOBS, collections, Date.now(), IDLE, SUSPENDED, SUSPENDED_RUNS);
    const store = await openSqliteStore({ path });
    const first = await drain(store);
    // Every job due again (a second connection; the store holds no transaction between verbs).
    const db = new Database(path);
    db.prepare(`UPDATE jobs SET next_due_at = ? WHERE name <> 'template'`).run(Date.now() - 1000);
    db.close();
    const again = await drain(store);
    await store.close();
    return [first, again];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Claims and records until nothing is due; every job must have run once. */
async function drain(store: Store): Promise<Figures> {
  // The server's id source (pooled CSPRNG bytes): one randomBytes(16) per id cost ~14 µs here.
  const ids = new CryptoIdSource();
  const planner: OccurrencePlanner = (j, now) => planOccurrence(j, now, DEFAULT_CATCH_UP, ids.hex32());
  const newRunId = (): string => ids.hex32();
  let done = 0;
  let claimCpu = 0;
  let outcomeCpu = 0;
  const started = process.hrtime.bigint();
  for (;;) {
    const now = Date.now();
    let c = cpuUs();
    const runs = await store.claimDue(now, BATCH, { owner: 'bench', until: now + 60_000 }, planner, newRunId);
    claimCpu += cpuUs() - c;
    if (runs.length === 0) break;
    done += runs.length;
    const outcomes = runs.map((r) => successOf(r, now));
    c = cpuUs();
    await store.recordOutcomes(outcomes);
    outcomeCpu += cpuUs() - c;
  }
  const wall = Number(process.hrtime.bigint() - started) / 1_000;
  if (done !== JOBS) throw new Error(`ran ${done} of ${JOBS}`);
  return { claimUs: claimCpu / done, outcomeUs: outcomeCpu / done, wallUs: wall / done };
}

const f = (n: number): string => n.toFixed(1);
console.log(
  `jobs ${JOBS}, batch ${BATCH}, idle collections ${IDLE}, suspended jobs ${SUSPENDED}, suspended runs ${SUSPENDED_RUNS}, load ${loadavg()[0]!.toFixed(1)}`,
);
for (const collections of [1, COLLECTIONS])
  for (let r = 0; r < ROUNDS; r++) {
    const passes = await runCase(collections);
    passes.forEach((x, i) =>
      console.log(
        `collections ${collections}, ${i === 0 ? 'first run' : 'run again'}: claim ${f(x.claimUs)} µs CPU/exec, ` +
          `outcome ${f(x.outcomeUs)}, total ${f(x.claimUs + x.outcomeUs)}, wall ${f(x.wallUs)}`,
      ),
    );
  }
