// npm run bench:cluster — Takt on PostgreSQL with one and with two `takt serve` nodes, Takt on
// SQLite (one node; jobs seeded through the API, due at one instant), then the peers a user would
// pick instead (graphile-worker on PostgreSQL, BullMQ on the machine's Redis) on
// the same workload in the same run, all against one local keep-alive sink in this process.
//
//   throughput: N one-time jobs all due at one instant -> executions/s and lateness (burst)
//   lateness:   one-time jobs due at RATE/s for SECONDS -> lateness percentiles
//   peers:      the throughput workload on graphile-worker and BullMQ (bench/support/peers.ts)
//
// Sizes shrink by env for smoke tests: BENCH_CLUSTER_JOBS, BENCH_CLUSTER_RATE, BENCH_CLUSTER_SECONDS;
// BENCH_CLUSTER_PEERS=graphile-worker,bullmq (empty: none); TAKT_MAX_PER_HOST is the concurrency of
// every contestant against the sink. Databases: a fresh one per case on TAKT_BENCH_DATABASE_URL's
// (or TAKT_TEST_DATABASE_URL's) server, else on a throwaway embedded PostgreSQL (support/postgres.ts);
// Redis: BENCH_REDIS_URL. Cases: BENCH_CLUSTER_NODES ("1,2": the PostgreSQL clusters), BENCH_CLUSTER_SQLITE=0
// skips the SQLite node, BENCH_CLUSTER_LATENESS=0 the lateness runs. BENCH_CLUSTER_COUNT=1 counts each
// node's statements and rows per throughput run (bench/support/pg-count.mjs) and prints them per node.
// Rounds: BENCH_CLUSTER_ROUNDS (3) runs of every throughput case, in alternating order (forward, then
// backward), each ratio taken within a round and the targets judged on the median of the rounds'
// ratios: one run of each, minutes apart on this shared machine, swung 2 nodes / 1 node from 0.78 to
// 0.99 in one hour. The lateness runs are measured in the first round only.
// Warm-up: every contestant (each Takt node set, the SQLite node, each peer's worker process) first
// runs BENCH_CLUSTER_WARM_JOBS (5,000) jobs due at once, untimed, so the measured burst is the steady
// state and not the JIT compiling the code on its first run (docs/engine-measurements.md, "Warm and cold").
// PostgreSQL: VACUUM after the warm-up, ANALYZE after each clone (BENCH_CLUSTER_ANALYZE=0 leaves the
// statistics as the warm-up left them: the stale-statistics case of docs/operations.md).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { runPeer, type Peer } from './support/peers.js';
import { freshDatabase, runPostgres } from '../support/postgres.js';
import { apiPool, createCollections, httpAction, SEED_ENV, seedJobs } from './support/engine-seed.js';
import { cloneJobsPg } from './support/pg-clone.js';
import { postgresCpuMs, processCpuMs } from './support/process-cpu.js';
import { fmt, machineLine, writeSection } from './support/results.js';
import { call, startServe, type ServeProcess } from './support/serve-process.js';
import { figures, Sink, type BurstFigures } from './support/sink.js';
import { envCount, envNumber } from './support/env.js';

const JOBS = envNumber('BENCH_CLUSTER_JOBS', 20_000);
const RATE = envNumber('BENCH_CLUSTER_RATE', 1_000);
const SECONDS = envNumber('BENCH_CLUSTER_SECONDS', 60);
const PER_HOST = envNumber('TAKT_MAX_PER_HOST', 32);
const PEERS = (process.env['BENCH_CLUSTER_PEERS'] ?? 'graphile-worker,bullmq')
  .split(',')
  .filter(Boolean) as Peer[];
const NODES = (process.env['BENCH_CLUSTER_NODES'] ?? '1,2').split(',').filter(Boolean).map(Number);
const WITH_SQLITE = process.env['BENCH_CLUSTER_SQLITE'] !== '0';
const WITH_LATENESS = process.env['BENCH_CLUSTER_LATENESS'] !== '0';
const COUNT_DIR =
  process.env['BENCH_CLUSTER_COUNT'] === '1' ? mkdtempSync(join(tmpdir(), 'takt-pg-count-')) : undefined;
const REDIS_URL = process.env['BENCH_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
/** How far ahead the due instant is set, so every node has the jobs in its window by then. */
const LEAD_MS = 3_000;
const WARM_JOBS = envCount('BENCH_CLUSTER_WARM_JOBS', 5_000);
const ROUNDS = envNumber('BENCH_CLUSTER_ROUNDS', 3, true);

const mark = (ok: boolean): string => (ok ? 'pass' : '**miss**');

interface TaktResult {
  readonly nodes: number;
  readonly burst: BurstFigures;
  readonly rate: BurstFigures;
  /** CPU µs per execution of the throughput run: every node together, and the PostgreSQL server. */
  readonly cpu: Cpu;
  /** Per node, the statements of the throughput run (BENCH_CLUSTER_COUNT=1). */
  readonly counts?: Counts[];
}

type Counts = Record<string, { calls: number; rows: number }>;

/** Each node's statement counts so far (pg-count.mjs writes them on SIGUSR2). */
async function snapshot(procs: readonly ServeProcess[]): Promise<Counts[]> {
  if (COUNT_DIR === undefined) return [];
  // One read, parsed once: undefined while the file is missing or unreadable.
  const read = (pid: number): { seq: number; counts: Counts } | undefined => {
    try {
      return JSON.parse(readFileSync(join(COUNT_DIR, `pg-${pid}.json`), 'utf8')) as {
        seq: number;
        counts: Counts;
      };
    } catch {
      return undefined;
    }
  };
  return Promise.all(
    procs.map(async (p) => {
      const pid = p.child.pid!;
      const before = read(pid)?.seq ?? 0;
      p.child.kill('SIGUSR2');
      const deadline = Date.now() + 5_000;
      for (;;) {
        const now = read(pid);
        if (now !== undefined && now.seq !== before) return now.counts;
        if (Date.now() >= deadline) throw new Error(`node ${pid}: no statement counts within 5 s of SIGUSR2`);
        await new Promise((r) => setTimeout(r, 20));
      }
    }),
  );
}

function countsBetween(a: readonly Counts[], b: readonly Counts[]): Counts[] {
  return b.map((after, i) =>
    Object.fromEntries(
      Object.entries(after).map(([k, v]) => {
        const was = a[i]?.[k] ?? { calls: 0, rows: 0 };
        return [k, { calls: v.calls - was.calls, rows: v.rows - was.rows }];
      }),
    ),
  );
}

/** Per node: claims, rows per claim, transactions and statements per execution, the busiest statements. */
function countLines(nodes: number, counts: readonly Counts[], executions: number): string[] {
  return counts.map((c, i) => {
    const of = (k: string): { calls: number; rows: number } =>
      c[`takt_${k}`] ?? c[k] ?? { calls: 0, rows: 0 };
    const claims = of('claimStart');
    const statements = Object.values(c).reduce((sum, v) => sum + v.calls, 0);
    const top = Object.entries(c)
      .filter(([, v]) => v.calls > 0)
      .sort((x, y) => y[1].calls - x[1].calls)
      .slice(0, 12)
      .map(([k, v]) => `${k.replace(/^takt_/, '')} ${v.calls}/${v.rows}`)
      .join(', ');
    return (
      `- ${nodes} node${nodes > 1 ? 's' : ''}, node ${i + 1}: ${claims.calls} claims, ${fmt(claims.rows / Math.max(1, claims.calls), 1)} rows each; ` +
      `${fmt(of('BEGIN').calls)} transactions, ${fmt(statements)} statements (${fmt((statements * 1000) / executions)} per 1,000 executions of the run); ` +
      `calls/rows: ${top}`
    );
  });
}

interface Cpu {
  readonly nodesUs: number;
  readonly postgresUs: number;
}

/** A Takt cluster of `nodes` processes on a fresh database, with one collection and a template job. */
async function startCluster(
  nodes: number,
  sink: Sink,
): Promise<{ url: string; procs: ServeProcess[]; close: () => Promise<void> }> {
  const db = await freshDatabase(`takt_bench_cluster_${nodes}`, server.url);
  const env = {
    TAKT_SECRET_KEY: randomBytes(32).toString('base64'),
    TAKT_LOG_LEVEL: 'warn',
    TAKT_PLAN_PREMIUM_MAX_JOBS: '1000000',
    TAKT_MAX_PER_HOST: String(PER_HOST),
    ...(COUNT_DIR === undefined
      ? {}
      : {
          NODE_OPTIONS: `--import=${join(import.meta.dirname, 'support', 'pg-count.mjs')}`,
          BENCH_PG_COUNT_DIR: COUNT_DIR,
        }),
  };
  const procs: ServeProcess[] = [];
  const close = async (): Promise<void> => {
    for (const p of procs) await p.stop();
    await db.drop();
  };
  try {
    // One after the other: the first creates the schema (concurrent starts are a test's business).
    for (let i = 0; i < nodes; i++)
      procs.push(await startServe(['--database-url', db.url, '--node-id', `bench-${i + 1}`], env));
    await seedCollection(procs[0]!, sink);
  } catch (err) {
    await close();
    throw err;
  }
  return { url: db.url, procs, close };
}

/** Cloud service `bench`, Premium collection `jc` and the template job every case copies. */
async function seedCollection(first: ServeProcess, sink: Sink): Promise<void> {
  const sub = first.connection.subscriptionId;
  const put = async (path: string, body: string, type = 'application/json'): Promise<void> => {
    const r = await call(first, 'PUT', `/${sub}${path}`, body, type);
    if (r.status >= 300) throw new Error(`PUT ${path}: ${r.status} ${r.body}`);
  };
  await put(
    '/cloudservices/bench',
    '<CloudService xmlns="http://schemas.microsoft.com/windowsazure"><Label>bench</Label><Description>d</Description><GeoRegion>West Europe</GeoRegion></CloudService>',
    'application/xml',
  );
  const jc = '/cloudservices/bench/resources/scheduler/~/JobCollections/jc';
  await put(
    jc,
    '<Resource xmlns="http://schemas.microsoft.com/windowsazure"><IntrinsicSettings><Plan>Premium</Plan></IntrinsicSettings></Resource>',
    'application/xml',
  );
  await put(
    `${jc}/jobs/template`,
    JSON.stringify({
      startTime: new Date(Date.now() + 86_400_000).toISOString(),
      action: { type: 'http', request: { uri: sink.url, method: 'POST', body: 'x' } },
      state: 'enabled',
    }),
  );
}

/**
 * `VACUUM` after the warm-up (its dead rows, so the measured run starts from tables as clean as
 * fresh ones and PostgreSQL's CPU counts the measured jobs' work only) and `ANALYZE` after seeding.
 */
async function maintain(url: string, command: 'VACUUM' | 'ANALYZE'): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(command);
  } finally {
    await c.end();
  }
}

/** Waits (bounded) until no occurrence is in progress, so one case's outcome writes do not slow the next. */
async function drained(url: string, timeoutMs: number): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const r = await c.query<{ n: string }>('SELECT count(*) AS n FROM runs');
      if (Number(r.rows[0]?.n) === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await c.end();
  }
}

/** `n` jobs whose due times start `LEAD_MS` from now, `stepMs` apart; resolves with the run's figures. */
async function runCase(
  sink: Sink,
  url: string,
  prefix: string,
  n: number,
  stepMs: number,
  procs: readonly ServeProcess[],
): Promise<BurstFigures & { cpu: Cpu; counts: Counts[] }> {
  sink.reset();
  const firstDue = Date.now() + LEAD_MS;
  await cloneJobsPg(url, 'template', prefix, n, firstDue, stepMs);
  // Statistics of the tables as they are now (as autovacuum keeps them in a running system): with
  // those of before a bulk clone the claim's plan goes wrong (docs/operations.md, "Statistics").
  if (process.env['BENCH_CLUSTER_ANALYZE'] !== '0') await maintain(url, 'ANALYZE');
  if (Date.now() > firstDue) throw new Error(`seeding ${n} jobs took longer than the ${LEAD_MS} ms lead`);
  // CPU from the end of seeding to the last outcome written (procfs; 0 where there is none).
  const nodesCpu = (): number => procs.reduce((sum, p) => sum + (processCpuMs(p.child.pid) ?? 0), 0);
  const [nodes0, pg0, counts0] = [nodesCpu(), postgresCpuMs(), await snapshot(procs)];
  await sink.waitFor(n, LEAD_MS + n * stepMs + 120_000);
  const f = figures(sink.arrivals, firstDue);
  await drained(url, 30_000);
  const cpu = {
    nodesUs: ((nodesCpu() - nodes0) * 1000) / n,
    postgresUs: ((postgresCpuMs() - pg0) * 1000) / n,
  };
  const counts = countsBetween(counts0, await snapshot(procs));
  return { ...f, cpu, counts };
}

async function runTakt(nodes: number, sink: Sink, withLateness: boolean): Promise<TaktResult> {
  const cluster = await startCluster(nodes, sink);
  try {
    if (WARM_JOBS > 0) {
      process.stderr.write(`takt x${nodes}: warm-up, ${WARM_JOBS} jobs\n`);
      await runCase(sink, cluster.url, 'w', WARM_JOBS, 0, cluster.procs);
      await maintain(cluster.url, 'VACUUM');
    }
    process.stderr.write(`takt x${nodes}: throughput, ${JOBS} jobs\n`);
    const burst = await runCase(sink, cluster.url, 'b', JOBS, 0, cluster.procs);
    for (const line of countLines(nodes, burst.counts, JOBS)) process.stderr.write(`${line}\n`);
    let rate = burst;
    if (withLateness) {
      process.stderr.write(`takt x${nodes}: lateness, ${RATE}/s for ${SECONDS} s\n`);
      rate = await runCase(sink, cluster.url, 'r', Math.round(RATE * SECONDS), 1000 / RATE, cluster.procs);
    }
    return { nodes, burst, rate, cpu: burst.cpu, ...(COUNT_DIR ? { counts: burst.counts } : {}) };
  } finally {
    await cluster.close();
  }
}

/**
 * Takt on SQLite, one node: the throughput workload, seeded through the API (SQLite cannot be cloned
 * into while the node has it open) with one due instant after seeding ends, measured at the sink
 * from that instant like the PostgreSQL cases.
 */
async function runTaktSqlite(sink: Sink): Promise<BurstFigures> {
  const sp = await startServe([], {
    ...SEED_ENV,
    TAKT_PLAN_PREMIUM_MAX_JOBS: '1000000',
    TAKT_MAX_PER_HOST: String(PER_HOST),
  });
  const pool = apiPool(sp);
  try {
    const c = await createCollections(sp, pool, 'b', JOBS);
    if (WARM_JOBS > 0) {
      process.stderr.write(`takt sqlite: warm-up, ${WARM_JOBS} jobs\n`);
      sink.reset();
      const now = new Date().toISOString();
      await seedJobs(pool, c, WARM_JOBS, () => ({ startTime: now, action: httpAction(sink.url) }), 32, 'w');
      await sink.waitFor(WARM_JOBS, 120_000);
    }
    process.stderr.write(`takt sqlite: throughput, ${JOBS} jobs\n`);
    const t0 = Date.now();
    const probe = Math.min(JOBS, 500);
    // Disabled probe jobs first, to learn the seeding rate (and so the lead the due instant needs).
    const far = new Date(Date.now() + 86_400_000).toISOString();
    await seedJobs(
      pool,
      c,
      probe,
      () => ({
        startTime: far,
        action: httpAction(sink.url),
        state: 'disabled',
      }),
      32,
      'probe',
    );
    const perMs = probe / Math.max(1, Date.now() - t0);
    const firstDue = Math.ceil((Date.now() + LEAD_MS + (1.5 * JOBS) / perMs) / 1000) * 1000;
    const at = new Date(firstDue).toISOString();
    sink.reset();
    await seedJobs(pool, c, JOBS, () => ({ startTime: at, action: httpAction(sink.url) }));
    if (Date.now() > firstDue) throw new Error(`seeding ${JOBS} jobs on SQLite ran past the due instant`);
    await sink.waitFor(JOBS, firstDue - Date.now() + 120_000);
    return figures(sink.arrivals, firstDue);
  } finally {
    await pool.close();
    await sp.stop();
  }
}

async function runPeerOnce(peer: Peer, sink: Sink): Promise<{ peer: Peer; f: BurstFigures }> {
  process.stderr.write(`${peer}: throughput, ${JOBS} jobs\n`);
  const db = await freshDatabase('takt_bench_peer', server.url);
  try {
    const f = await runPeer(peer, sink, JOBS, {
      databaseUrl: db.url,
      redisUrl: REDIS_URL,
      concurrency: PER_HOST,
      warm: WARM_JOBS,
    });
    return { peer, f };
  } finally {
    await db.drop();
  }
}

function command(): string {
  const overrides = Object.keys(process.env)
    .filter((k) => k.startsWith('BENCH_CLUSTER_') || k === 'TAKT_MAX_PER_HOST')
    .sort()
    .map((k) => `${k}=${process.env[k]}`);
  return [...overrides, 'npm run bench:cluster'].join(' ');
}

interface Round {
  readonly takt: TaktResult[];
  readonly sqlite: BurstFigures | undefined;
  readonly peers: { peer: Peer; f: BurstFigures }[];
}

const median = (xs: readonly number[]): number => {
  const v = [...xs].sort((a, b) => a - b);
  const m = Math.floor(v.length / 2);
  return v.length % 2 === 1 ? v[m]! : (v[m - 1]! + v[m]!) / 2;
};

/** A ratio of two contestants in every round, and its median: "0.99 / 0.99 / 0.78, median 0.99". */
function ratioLine(
  rounds: readonly Round[],
  of: (r: Round) => [number, number] | undefined,
): [string, number] {
  const rs = rounds.map(of).flatMap((x) => (x ? [x[0] / x[1]] : []));
  return [`${rs.map((r) => fmt(r, 2)).join(' / ')}, median ${fmt(median(rs), 2)}`, median(rs)];
}

function throughputRows(rounds: readonly Round[]): string[] {
  const row = (round: number, name: string, f: BurstFigures): string =>
    `| ${round} | ${name} | ${fmt(f.received)} | ${fmt(f.unique)} | ${fmt(f.perSecond)} | ${fmt(f.p50)} | ${fmt(f.p99)} | ${fmt(f.max)} | ${f.early} |`;
  return rounds.flatMap((r, i) => [
    ...r.takt.map((t) => row(i + 1, `Takt, ${t.nodes} node${t.nodes > 1 ? 's' : ''}`, t.burst)),
    ...(r.sqlite ? [row(i + 1, 'Takt, 1 node on SQLite', r.sqlite)] : []),
    ...r.peers.map((p) => row(i + 1, p.peer, p.f)),
  ]);
}

function targetLines(rounds: readonly Round[]): string[] {
  const one = (r: Round): TaktResult | undefined => r.takt.find((t) => t.nodes === 1);
  const first = rounds[0];
  if (!first || !one(first)) return [];
  const lines: string[] = [];
  const rates = rounds.flatMap((r) => [one(r)?.burst.perSecond ?? NaN]);
  lines.push(
    `- One node: ${rates.map((x) => fmt(x)).join(' / ')} executions/s, median ${fmt(median(rates))} (target 5,000): ${mark(median(rates) >= 5_000)}.`,
  );
  if (WITH_LATENESS) {
    const p99 = one(first)?.rate.p99 ?? NaN;
    lines.push(`- One node at ${fmt(RATE)}/s: p99 ${fmt(p99)} ms (target 50 ms): ${mark(p99 <= 50)}.`);
  }
  for (const { peer } of first.peers) {
    const target = peer === 'bullmq' ? 1.2 : 1;
    const peerOf = (r: Round): BurstFigures | undefined => r.peers.find((p) => p.peer === peer)?.f;
    const vs =
      (f: (r: Round) => BurstFigures | undefined) =>
      (r: Round): [number, number] | undefined => {
        const a = f(r);
        const b = peerOf(r);
        return a && b ? [a.perSecond, b.perSecond] : undefined;
      };
    const p99s = (f: (r: Round) => BurstFigures | undefined): string =>
      rounds.map((r) => `${fmt(f(r)?.p99 ?? NaN)} vs ${fmt(peerOf(r)?.p99 ?? NaN)}`).join(' / ');
    const pg = ratioLine(
      rounds,
      vs((r) => one(r)?.burst),
    );
    lines.push(
      `- PostgreSQL, 1 node vs ${peer}: ${pg[0]}x executions/s (target ${target}x: ${mark(pg[1] >= target)}); p99 ms ${p99s((r) => one(r)?.burst)}.`,
    );
    if (first.sqlite) {
      const sq = ratioLine(
        rounds,
        vs((r) => r.sqlite),
      );
      lines.push(
        `- SQLite, 1 node vs ${peer}: ${sq[0]}x executions/s (target ${target}x: ${mark(sq[1] >= target)}); p99 ms ${p99s((r) => r.sqlite)}.`,
      );
    }
  }
  if (first.takt.some((t) => t.nodes === 2)) {
    const two = ratioLine(rounds, (r) => {
      const a = r.takt.find((t) => t.nodes === 2);
      const b = one(r);
      return a && b ? [a.burst.perSecond, b.burst.perSecond] : undefined;
    });
    lines.push(`- 2 nodes / 1 node on PostgreSQL: ${two[0]}x (target 1.0x: ${mark(two[1] >= 1)}).`);
  }
  return lines;
}

function report(rounds: readonly Round[]): string {
  const takt = rounds[0]?.takt ?? [];
  const lines = [
    '## Cluster on PostgreSQL (`npm run bench:cluster`)',
    '',
    `${machineLine()} PostgreSQL on the same machine; every node and every peer on the same 2 cores, sink in the harness process. ` +
      `Concurrency against the sink: ${PER_HOST} (TAKT_MAX_PER_HOST for Takt, worker concurrency for the peers). History on, default engine settings.`,
    WARM_JOBS > 0
      ? `Each contestant (Takt's nodes, each peer's worker process) first ran ${fmt(WARM_JOBS)} jobs due at once, untimed (BENCH_CLUSTER_WARM_JOBS): the figures are warm processes.`
      : 'No warm-up (BENCH_CLUSTER_WARM_JOBS=0): the figures include each process compiling its code on its first jobs.',
    `${rounds.length} round${rounds.length > 1 ? 's' : ''} (BENCH_CLUSTER_ROUNDS), the contestants in alternating order (forward, backward, …); each ratio is taken within a round and judged on the median of the rounds.`,
    `Targets (issue 16): one Takt node, on PostgreSQL and on SQLite, >= 1.2x BullMQ executions/s with a p99 lateness no worse, >= 1.0x graphile-worker; 2 nodes >= 1.0x one node; p99 lateness <= 50 ms at 1,000/s.`,
    '',
    `Command: \`${command()}\``,
    '',
    `### Throughput: ${fmt(JOBS)} one-time jobs due at one instant`,
    '',
    '| round | contestant | received | unique tags | executions/s | p50 ms | p99 ms | max ms | early |',
    '|---|---|---|---|---|---|---|---|---|',
    ...throughputRows(rounds),
    '',
    'CPU per execution of the Takt throughput runs (procfs, from the end of seeding to the last outcome written; the',
    'PostgreSQL figure counts every postgres process on the machine, so any other client of the server too):',
    '',
    '| round | contestant | nodes µs/execution | PostgreSQL µs/execution |',
    '|---|---|---|---|',
    ...rounds.flatMap((r, i) =>
      r.takt.map(
        (t) =>
          `| ${i + 1} | Takt, ${t.nodes} node${t.nodes > 1 ? 's' : ''} | ${fmt(t.cpu.nodesUs)} | ${fmt(t.cpu.postgresUs)} |`,
      ),
    ),
    '',
    ...(WITH_LATENESS
      ? [
          `### Lateness: one-time jobs due at ${fmt(RATE)}/s for ${fmt(SECONDS)} s (first round)`,
          '',
          '| nodes | received | p50 ms | p99 ms | max ms | early | p99 <= 50 ms |',
          '|---|---|---|---|---|---|---|',
          ...takt.map(
            (t) =>
              `| ${t.nodes} | ${fmt(t.rate.received)} | ${fmt(t.rate.p50)} | ${fmt(t.rate.p99)} | ${fmt(t.rate.max)} | ${t.rate.early} | ${mark(t.rate.p99 <= 50)} |`,
          ),
          '',
        ]
      : []),
    '### Against the targets (round by round, then the median)',
    '',
    ...targetLines(rounds),
  ];
  const counted = rounds.flatMap((r, i) =>
    r.takt.filter((t) => t.counts !== undefined).map((t) => ({ round: i + 1, t })),
  );
  if (counted.length > 0)
    lines.push(
      '',
      'Statements of the throughput runs, per node (BENCH_CLUSTER_COUNT=1; calls/rows answered):',
      '',
      ...counted.flatMap(({ round, t }) =>
        countLines(t.nodes, t.counts ?? [], JOBS).map((l) => l.replace(/^- /, `- round ${round}, `)),
      ),
    );
  lines.push('', `Run at ${new Date().toISOString()}.`);
  return lines.join('\n');
}

/** One round: every contestant once, in list order in rounds 1, 3, … and reversed in rounds 2, 4, … */
async function runRound(index: number, sink: Sink): Promise<Round> {
  const takt: TaktResult[] = [];
  let sqlite: BurstFigures | undefined;
  const peers: { peer: Peer; f: BurstFigures }[] = [];
  const steps: (() => Promise<void>)[] = [
    ...NODES.map((nodes) => async () => {
      takt.push(await runTakt(nodes, sink, WITH_LATENESS && index === 0));
    }),
    ...(WITH_SQLITE ? [async () => void (sqlite = await runTaktSqlite(sink))] : []),
    ...PEERS.map((peer) => async () => {
      peers.push(await runPeerOnce(peer, sink));
    }),
  ];
  process.stderr.write(`round ${index + 1} of ${ROUNDS}\n`);
  for (const step of index % 2 === 0 ? steps : [...steps].reverse()) await step();
  takt.sort((a, b) => a.nodes - b.nodes);
  peers.sort((a, b) => PEERS.indexOf(a.peer) - PEERS.indexOf(b.peer));
  return { takt, sqlite, peers };
}

const server = await runPostgres();
const sink = await Sink.start();
try {
  const rounds: Round[] = [];
  for (let i = 0; i < ROUNDS; i++) rounds.push(await runRound(i, sink));
  const text = report(rounds);
  writeSection('cluster', text);
  process.stdout.write(`${text}\n`);
} finally {
  await sink.close();
  await server.stop();
}
