// npm run bench:store-ceiling — the PostgreSQL store's own ceiling (docs/operations.md, "Scale-out
// estimate"): the store verbs the engine uses, with its SQL and its batching, and nothing else — no
// HTTP, no engine, no executors. N recurring jobs are due at once; K claimers (1, 2, 4: nodes, each
// with its own store and pool) each loop "claim a batch -> record its outcomes (history rows)", the
// outcome write of one batch overlapping the next claim as the engine's Batcher does, until every
// job has run once. Reported per K: executions/s, PostgreSQL CPU per execution (this run's backends,
// and every postgres process of the server), the client's CPU per execution, and round trips per
// claim and per outcome batch.
//
// Env: TAKT_BENCH_DATABASE_URL (or TAKT_TEST_DATABASE_URL; else an embedded PostgreSQL),
// BENCH_CEILING_JOBS (20,000), BENCH_CEILING_CLAIMERS ("1,2,4"), BENCH_CEILING_BATCH (100, the
// engine's batchSize), BENCH_CEILING_COLLECTIONS (20), BENCH_CEILING_IDLE_COLLECTIONS (0: collections
// without jobs after the busy ones, as in a store of many tenants with one busy).
import { AsyncLocalStorage } from 'node:async_hooks';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import pg from 'pg';
import { DEFAULT_CATCH_UP, planOccurrence, type OccurrencePlanner } from '../src/domain/occurrence.js';
import { CryptoIdSource } from '../src/bootstrap/crypto-id-source.js';
import type { Store } from '../src/ports/store.js';
import { openPostgresStore } from '../src/store/open-store.js';
import { freshDatabase, runPostgres } from '../support/postgres.js';
import { postgresCpuMs, processCpuMs } from './support/process-cpu.js';
import { fmt, machineLine, writeSection } from './support/results.js';
import { envCount, envNumber } from './support/env.js';
import { seedTemplate, successOf } from './support/store-seed.js';

const JOBS = envNumber('BENCH_CEILING_JOBS', 20_000, true);
const BATCH = envNumber('BENCH_CEILING_BATCH', 100, true);
const COLLECTIONS = envNumber('BENCH_CEILING_COLLECTIONS', 20, true);
const IDLE = envCount('BENCH_CEILING_IDLE_COLLECTIONS', 0);
const CLAIMERS = (process.env['BENCH_CEILING_CLAIMERS'] ?? '1,2,4').split(',').map(Number);
const APP = 'takt-store-ceiling';

// Round trips per verb, counted at the driver: one starts when a query is sent while none of the
// verb's queries is in flight (a pipelined BEGIN and the statement behind it are one). The verb in
// progress is carried by AsyncLocalStorage (the pool's awaits keep it). The driver patched is the
// one the store loads (the project's node_modules): `import pg from 'pg'` here resolves to
// bench/node_modules' own copy (a peer's dependency), whose Client the store never uses — the
// counter read 0 while it patched that one.
type Verb = 'claim' | 'outcome';
const verb = new AsyncLocalStorage<Verb>();
const roundTrips: Record<Verb, number> = { claim: 0, outcome: 0 };
const inFlight = new Map<pg.Client, number>();
const storePg = createRequire(new URL('../src/store/postgres/pg-runner.ts', import.meta.url))(
  'pg',
) as typeof pg;
const clientQuery = Reflect.get(storePg.Client.prototype, 'query') as (...a: unknown[]) => unknown;
storePg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]): unknown {
  const v = verb.getStore();
  const answer = clientQuery.apply(this, args);
  if (v === undefined || !(answer instanceof Promise)) return answer;
  const n = inFlight.get(this) ?? 0;
  if (n === 0) roundTrips[v] += 1;
  inFlight.set(this, n + 1);
  const done = (): void => void inFlight.set(this, (inFlight.get(this) ?? 1) - 1);
  answer.then(done, done);
  return answer;
} as typeof pg.Client.prototype.query;

/** The collections c0…, one template job, then JOBS copies due a second ago, spread over the collections. */
async function seed(store: Store, url: string, now: number): Promise<void> {
  await seedTemplate(store, COLLECTIONS, now, IDLE);
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(
      `INSERT INTO jobs (collection_id, name_key, name, definition, state, state_details, execution_count, failure_count,
                         faulted_count, anchor, series_started_at, series_count, repeat_count, next_due_at,
                         last_execution_time, last_outcome, finished_at, created_at, updated_at, version)
       SELECT (SELECT id FROM job_collections ORDER BY id OFFSET i % $2 LIMIT 1), 'j' || i, 'j' || i, t.definition,
              t.state, t.state_details, 0, 0, 0, t.anchor, t.series_started_at, 0, 0, t.anchor, NULL, NULL, NULL,
              t.created_at, t.updated_at, 1
         FROM jobs t, generate_series(0, $1::int - 1) AS i WHERE t.name = 'template'`,
      [JOBS, COLLECTIONS],
    );
    await c.query(
      // The maintained job counter (migration 006's shards, docs/store.md) counts the clones too.
      `UPDATE job_collection_slots s SET cap = 0, split_max = 0, jobs = (SELECT COUNT(*) FROM jobs j
         WHERE j.collection_id = s.collection_id AND j.id % 16 = s.shard)`,
    );
    await c.query('VACUUM ANALYZE');
  } finally {
    await c.end();
  }
}

/** One node: claim, then record the batch's outcomes while claiming the next, until nothing is due. */
async function claimer(store: Store, node: string): Promise<number> {
  // The server's id source (pooled CSPRNG bytes): one randomBytes(16) per id cost ~14 µs here.
  const ids = new CryptoIdSource();
  const planner: OccurrencePlanner = (j, now) => planOccurrence(j, now, DEFAULT_CATCH_UP, ids.hex32());
  const newRunId = (): string => ids.hex32();
  let done = 0;
  let writing: Promise<unknown> = Promise.resolve();
  for (;;) {
    const now = Date.now();
    const lease = { owner: node, until: now + 60_000 };
    const runs = await verb.run('claim', () => store.claimDue(now, BATCH, lease, planner, newRunId));
    await writing;
    if (runs.length === 0) return done;
    done += runs.length;
    const at = Date.now();
    writing = verb.run('outcome', () => store.recordOutcomes(runs.map((r) => successOf(r, at))));
  }
}

/** CPU ms of every postgres process, and of this run's backends (their pids). */
function serverCpu(backends: readonly number[]): { all: number; ours: number } {
  const ours = backends.reduce((sum, pid) => sum + (processCpuMs(pid) ?? 0), 0);
  return { all: postgresCpuMs(), ours };
}

interface Figures {
  readonly k: number;
  readonly executions: number;
  readonly seconds: number;
  readonly pgUs: number;
  readonly pgAllUs: number;
  readonly clientUs: number;
  readonly perClaim: number;
  readonly perOutcome: number;
  readonly claims: number;
}

async function runCase(base: string, k: number): Promise<Figures> {
  const db = await freshDatabase(`takt_bench_ceiling_${k}`, base);
  const url = `${db.url}${db.url.includes('?') ? '&' : '?'}application_name=${APP}`;
  const stores: Store[] = [];
  try {
    for (let i = 0; i < k; i++) stores.push(await openPostgresStore({ url, poolSize: 4 }));
    await seed(stores[0]!, db.url, Date.now());
    // Warm every pool (4 connections each) so the backends exist before the clock starts.
    await Promise.all(stores.flatMap((s) => [1, 2, 3, 4].map(() => s.peekDue(0, 1))));
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    const pids = (
      await admin.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE application_name = $1`, [
        APP,
      ])
    ).rows.map((r) => Number(r.pid));
    await admin.end();
    roundTrips.claim = 0;
    roundTrips.outcome = 0;
    const cpu0 = process.cpuUsage();
    const pg0 = serverCpu(pids);
    const t0 = performance.now();
    const counts = await Promise.all(stores.map((s, i) => claimer(s, `node-${i + 1}`)));
    const seconds = (performance.now() - t0) / 1000;
    const pg1 = serverCpu(pids);
    const cpu = process.cpuUsage(cpu0);
    const executions = counts.reduce((a, b) => a + b, 0);
    if (executions !== JOBS) throw new Error(`${executions} executions for ${JOBS} jobs`);
    const claims = Math.ceil(executions / BATCH);
    return {
      k,
      executions,
      seconds,
      pgUs: ((pg1.ours - pg0.ours) * 1000) / executions,
      pgAllUs: ((pg1.all - pg0.all) * 1000) / executions,
      clientUs: (cpu.user + cpu.system) / executions,
      // The last, empty claim of each claimer is counted too.
      perClaim: roundTrips.claim / (claims + k),
      perOutcome: roundTrips.outcome / claims,
      claims,
    };
  } finally {
    for (const s of stores) await s.close().catch(() => undefined);
    await db.drop();
  }
}

async function main(): Promise<void> {
  const given = process.env['TAKT_BENCH_DATABASE_URL'] ?? process.env['TAKT_TEST_DATABASE_URL'];
  const embedded = given ? undefined : await runPostgres();
  const base = given ?? embedded!.url;
  const load = loadavg()[0]!;
  const rows: Figures[] = [];
  try {
    for (const k of CLAIMERS) {
      const f = await runCase(base, k);
      rows.push(f);
      console.log(
        `K=${k}: ${fmt(f.executions / f.seconds)} executions/s, PostgreSQL ${fmt(f.pgUs)} µs/execution (backends; ` +
          `all postgres processes ${fmt(f.pgAllUs)}), client ${fmt(f.clientUs)} µs/execution, ` +
          `${fmt(f.perClaim, 1)} round trips/claim, ${fmt(f.perOutcome, 1)} round trips/outcome batch`,
      );
    }
  } finally {
    await embedded?.stop();
  }
  const table = rows
    .map(
      (f) =>
        `| ${f.k} | ${fmt(f.executions)} | ${fmt(f.executions / f.seconds)} | ${fmt(f.pgUs)} | ${fmt(f.pgAllUs)} | ` +
        `${fmt(f.clientUs)} | ${fmt(f.perClaim, 1)} | ${fmt(f.perOutcome, 1)} |`,
    )
    .join('\n');
  writeSection(
    'store-ceiling',
    `## PostgreSQL store ceiling (\`npm run bench:store-ceiling\`)

${machineLine()} PostgreSQL on the same machine. Load average (1 min) at the start: ${fmt(load, 2)}.
${fmt(JOBS)} recurring jobs due at once in ${COLLECTIONS} collections${IDLE > 0 ? ` (and ${fmt(IDLE)} collections without jobs)` : ''}; K claimers (nodes: own store,
pool of 4), each looping claim (batch ${BATCH}) -> outcome batch with its history rows, the outcome
write overlapping the next claim. No HTTP, no engine. CPU per execution: PostgreSQL's from /proc
(this run's backends; and every postgres process, which includes WAL writer, checkpointer and any
other client of the server), the client's from \`process.cpuUsage\` (all K stores share this process).
Round trips per claim and per outcome batch: counted at the driver (a pipelined BEGIN and the
statement behind it are one).

| K | executions | executions/s | PostgreSQL µs/exec (backends) | all postgres µs/exec | client µs/exec | round trips/claim | round trips/outcome batch |
|---|---|---|---|---|---|---|---|
${table}

Run at ${new Date().toISOString()}.`,
  );
}

await main();
