// npm run bench:writes — the job-create write path (issue 13) on SQLite and PostgreSQL in one run:
// (a) PUT job (create, a new id each time) at 16 connections into one collection, BENCH_SECONDS per
// store, in windows alternating between the two stores (S P P S …), so a change in the machine's
// load during the run weighs on both alike; (b) a fill of BENCH_FILL jobs (default 20,000) into one
// fresh collection at the same concurrency: the rate of the first 500 creates against the last
// 2,000, and — the figure the target is judged on — rounds of 500 creates into the full collection
// alternating with 500 into an empty one (E F F E …). Both stores are real `takt serve` processes,
// running side by side, on a fresh data dir / fresh PostgreSQL database (support/postgres.ts:
// TAKT_BENCH_DATABASE_URL or TAKT_TEST_DATABASE_URL, else an embedded server). Writes its section
// of bench/RESULTS.md.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Pool } from 'undici';
import { freshDatabase, runPostgres } from '../support/postgres.js';
import { machineLine, pct, writeSection } from './support/results.js';
import { call, startServe, type ServeProcess } from './support/serve-process.js';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10);
const FILL = Number(process.env['BENCH_FILL'] ?? 20_000);
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 16);
const FIRST = 500;
/** Windows per store for (a), and rounds of (full, empty) pairs for (b). */
const WINDOWS = 4;
const PROBE = 500;
const PROBE_ROUNDS = 4;
const LAST = Math.min(2_000, Math.max(FIRST, Math.floor(FILL / 10)));

// Disabled and a month ahead: the engine never fires these jobs during the run.
const JOB_BODY = JSON.stringify({
  startTime: new Date(Date.now() + 30 * 86_400_000).toISOString(),
  action: { type: 'http', request: { uri: 'http://127.0.0.1:9/x', method: 'POST', body: 'hello' } },
  recurrence: { frequency: 'day', interval: 1 },
  state: 'disabled',
});

interface Run {
  /** Completion time (ms, performance.now) of each create, in completion order. */
  readonly done: number[];
  readonly latencies: number[];
  readonly started: number;
  failures: number;
  firstFailure?: string;
}

/** Creates jobs `${prefix}${i}` over `CONNECTIONS` keep-alive connections until `stop` says so. */
async function creates(
  sp: ServeProcess,
  collection: string,
  prefix: string,
  stop: (n: number, now: number) => boolean,
): Promise<Run> {
  const pool = poolOf(sp);
  const base = `/${sp.connection.subscriptionId}/cloudservices/bench/resources/scheduler/~/JobCollections/${collection}/jobs/`;
  const run: Run = { done: [], latencies: [], started: performance.now(), failures: 0 };
  let next = 0;
  const worker = async (): Promise<void> => {
    // A handful of failures means a broken setup, not a figure: stop and report the first.
    for (let i = next++; !stop(i, performance.now()) && run.failures < 10; i = next++) {
      const t0 = performance.now();
      const res = await pool.request({
        path: `${base}${prefix}${i}`,
        method: 'PUT',
        headers: { 'x-ms-version': '2013-03-01', 'content-type': 'application/json' },
        body: JOB_BODY,
      });
      const text = await res.body.text();
      const t1 = performance.now();
      if (res.statusCode !== 201) {
        run.failures++;
        run.firstFailure ??= `${res.statusCode} ${text.slice(0, 200)}`;
        continue;
      }
      run.done.push(t1);
      run.latencies.push(t1 - t0);
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  return run;
}

/**
 * One pool per server for the whole run: its connections' TLS handshakes (client certificate
 * checked by the server) happen in the warm-up, not in the short windows and rounds measured.
 */
const pools = new Map<ServeProcess, Pool>();
function poolOf(sp: ServeProcess): Pool {
  let pool = pools.get(sp);
  if (!pool) {
    pool = new Pool(new URL(sp.connection.url).origin, {
      connections: CONNECTIONS,
      keepAliveTimeout: 600_000,
      connect: { ca: sp.tls.ca, cert: sp.tls.cert, key: sp.tls.key, rejectUnauthorized: false },
    });
    pools.set(sp, pool);
  }
  return pool;
}

async function seed(sp: ServeProcess, collections: readonly string[]): Promise<void> {
  const sub = sp.connection.subscriptionId;
  const put = async (path: string, body: string): Promise<void> => {
    const r = await call(sp, 'PUT', `/${sub}${path}`, body, 'application/xml');
    if (r.status >= 300) throw new Error(`PUT ${path}: ${r.status} ${r.body}`);
  };
  await put(
    '/cloudservices/bench',
    '<CloudService xmlns="http://schemas.microsoft.com/windowsazure"><Label>bench</Label><Description>d</Description><GeoRegion>West Europe</GeoRegion></CloudService>',
  );
  for (const jc of collections) {
    await put(
      `/cloudservices/bench/resources/scheduler/~/JobCollections/${jc}`,
      '<Resource xmlns="http://schemas.microsoft.com/windowsazure"><IntrinsicSettings><Plan>Premium</Plan></IntrinsicSettings></Resource>',
    );
  }
}

interface Windowed {
  creates: number;
  seconds: number;
  readonly latencies: number[];
  failures: number;
}

interface StoreFigures {
  readonly rate: Windowed;
  readonly first: number;
  readonly last: number;
  readonly fillSeconds: number;
  readonly fillFailures: number;
  /** Rounds of PROBE creates: into the full collection, and into an empty one. */
  readonly full: Windowed;
  readonly empty: Windowed;
}

/** Jobs per second between the completions a and b (indexes into `done`). */
const between = (done: readonly number[], a: number, b: number): number =>
  (b - a) / ((done[b]! - done[a]!) / 1000);

const windowed = (): Windowed => ({ creates: 0, seconds: 0, latencies: [], failures: 0 });
/** Adds one run to a total; its time runs from its start to its last completion. */
function add(total: Windowed, run: Run, what: string): void {
  if (run.firstFailure) process.stderr.write(`${what}: ${run.failures} failed, first: ${run.firstFailure}\n`);
  const end = run.done[run.done.length - 1];
  if (end === undefined) throw new Error(`${what}: nothing created`);
  total.creates += run.done.length;
  total.seconds += (end - run.started) / 1000;
  total.latencies.push(...run.latencies);
  total.failures += run.failures;
}
const perSecond = (w: Windowed): number => w.creates / w.seconds;

/** Order of the alternating windows: A B B A A B B A … (`i` from 0); true for A. */
const isFirst = (i: number): boolean => i % 4 === 0 || i % 4 === 3;

async function prepare(sp: ServeProcess): Promise<void> {
  await seed(sp, ['warm', 'rate', 'fill', ...Array.from({ length: PROBE_ROUNDS }, (_, k) => `empty${k}`)]);
  // Warm-up (TLS handshakes, JIT, prepared statements), not counted.
  const warmEnd = performance.now() + 2000;
  await creates(sp, 'warm', 'w', (_n, now) => now >= warmEnd);
}

/** (a): WINDOWS windows per store, alternating, SECONDS per store in all. */
async function rates(stores: readonly ServeProcess[]): Promise<Windowed[]> {
  const totals = stores.map(windowed);
  const windowMs = (SECONDS * 1000) / WINDOWS;
  for (let i = 0; i < WINDOWS * 2; i++) {
    const k = isFirst(i) ? 0 : 1;
    const deadline = performance.now() + windowMs;
    add(totals[k]!, await creates(stores[k]!, 'rate', `r${i}-`, (_n, now) => now >= deadline), 'rate');
  }
  return totals;
}

/** (b): the fill, then PROBE_ROUNDS rounds of PROBE creates into the full and into an empty collection. */
async function fill(sp: ServeProcess): Promise<Omit<StoreFigures, 'rate'>> {
  const b = await creates(sp, 'fill', 'f', (n) => n >= FILL);
  if (b.firstFailure) process.stderr.write(`fill: ${b.failures} failed, first: ${b.firstFailure}\n`);
  const d = b.done;
  const n = d.length;
  if (n < FIRST + LAST) throw new Error(`fill: only ${n} of ${FILL} jobs created`);
  const full = windowed();
  const empty = windowed();
  for (let i = 0; i < PROBE_ROUNDS * 2; i++) {
    const intoEmpty = isFirst(i);
    const collection = intoEmpty ? `empty${Math.floor(i / 2)}` : 'fill';
    const run = await creates(sp, collection, `p${i}-`, (j) => j >= PROBE);
    add(intoEmpty ? empty : full, run, `probe ${collection}`);
  }
  return {
    first: between(d, 0, FIRST - 1),
    last: between(d, n - LAST, n - 1),
    fillSeconds: (d[n - 1]! - b.started) / 1000,
    fillFailures: b.failures,
    full,
    empty,
  };
}

// Room for every create of the run in one collection: (a) reached 5,700/s on SQLite on a quiet
// machine (2026-12-04), which a limit sized for 5,000/s refused with 409s near its end.
const LIMIT = Math.min(1_000_000, Math.max(FILL + PROBE * PROBE_ROUNDS, SECONDS * 20_000) + 1000);
const env = {
  TAKT_SECRET_KEY: randomBytes(32).toString('base64'),
  TAKT_LOG_LEVEL: 'warn',
  TAKT_API_RATE_LIMIT: '0',
  // The pools' connections stay open while the other store's windows run (poolOf).
  TAKT_API_KEEP_ALIVE_TIMEOUT: '10m',
  // The fill needs room for BENCH_FILL jobs and the probes in one collection, and the rate case for
  // what a fast store creates in BENCH_SECONDS (SQLite reached 5,700/s on a quiet machine, 2026-12-04).
  TAKT_PLAN_PREMIUM_MAX_JOBS: String(LIMIT),
};
const uptime = (): string => execFileSync('uptime', { encoding: 'utf8' }).trim();
const loadBefore = uptime();

const server = await runPostgres();
const db = await freshDatabase('takt_bench_writes', server.url);
const started: ServeProcess[] = [];
let sq: StoreFigures;
let pgf: StoreFigures;
try {
  const sqlite = await startServe([], env);
  started.push(sqlite);
  const pg = await startServe(['--database-url', db.url], env);
  started.push(pg);
  await prepare(sqlite);
  await prepare(pg);
  const [sqRate, pgRate] = await rates([sqlite, pg]);
  sq = { rate: sqRate!, ...(await fill(sqlite)) };
  pgf = { rate: pgRate!, ...(await fill(pg)) };
} finally {
  for (const pool of pools.values()) await pool.close();
  for (const sp of started) await sp.stop();
  await db.drop();
  await server.stop();
}
const loadAfter = uptime();

const f0 = (x: number): string => Math.round(x).toLocaleString('en-US');
const f2 = (x: number): string => x.toFixed(2);
const verdict = (ok: boolean): string => (ok ? 'met' : '**miss**');
const sizeRatio = (s: StoreFigures): number => perSecond(s.full) / perSecond(s.empty);
function row(name: string, s: StoreFigures): string {
  const lat = [...s.rate.latencies].sort((x, y) => x - y);
  const failed = s.rate.failures + s.fillFailures + s.full.failures + s.empty.failures;
  return `| ${name} | ${f0(perSecond(s.rate))} | ${f0(pct(lat, 50))} | ${f0(pct(lat, 99))} | ${f0(s.first)} | ${f0(s.last)} | ${f2(s.last / s.first)} | ${s.fillSeconds.toFixed(1)} | ${f0(perSecond(s.empty))} | ${f0(perSecond(s.full))} | ${f2(sizeRatio(s))} | ${failed} |`;
}
const pgRatio = perSecond(pgf.rate) / perSecond(sq.rate);
const md = `## Write path: job creates into one collection (\`npm run bench:writes\`, issue 13)

${machineLine()} \`takt serve\` on SQLite (fresh data dir) and on PostgreSQL (a fresh database on the
run's server), both running for the whole run; HTTPS with the admin client certificate,
${CONNECTIONS} keep-alive connections (undici, in the harness process), every request a PUT that
creates a new job (disabled, never due), after 2 s of warm-up creates on each.
(a) creates into collection \`rate\`, ${SECONDS} s per store in ${WINDOWS} windows each, alternating
between the stores (S P P S S P P S): a change of the machine's load weighs on both alike.
(b) a fill of ${f0(FILL)} jobs into collection \`fill\` (Premium, plan limit raised to ${f0(LIMIT)}): the rate
of the first ${FIRST} creates vs that of the last ${f0(LAST)} of the fill; then ${PROBE_ROUNDS} rounds of ${PROBE} creates
into an empty collection and ${PROBE} into the full one, alternating (E F F E …): the ratio the target
is judged on, because the fill's first ${FIRST} take a fraction of a second and one blip of the
machine moves them.

| store | (a) PUT/s | p50 ms | p99 ms | (b) fill: first ${FIRST} /s | last ${f0(LAST)} /s | last / first | fill s | into empty /s | into full /s | full / empty | failed |
|---|---|---|---|---|---|---|---|---|---|---|---|
${row('SQLite', sq)}
${row('PostgreSQL', pgf)}

| target | measured | |
|---|---|---|
| PostgreSQL PUT/s at ${CONNECTIONS} connections >= 0.5 x SQLite's | ${f2(pgRatio)} | ${verdict(pgRatio >= 0.5)} |
| SQLite: rate into a collection of ${f0(FILL)} jobs >= 0.9 x into an empty one | ${f2(sizeRatio(sq))} (fill's last / first: ${f2(sq.last / sq.first)}) | ${verdict(sizeRatio(sq) >= 0.9)} |
| PostgreSQL: the same | ${f2(sizeRatio(pgf))} (fill's last / first: ${f2(pgf.last / pgf.first)}) | ${verdict(sizeRatio(pgf) >= 0.9)} |

Command: \`BENCH_SECONDS=${SECONDS} BENCH_FILL=${FILL} npm run bench:writes\`, run at ${new Date().toISOString()}.
Load (\`uptime\`) before: \`${loadBefore}\`; after: \`${loadAfter}\` (the load generator shares the
machine's cores with \`takt serve\` and the database; others' work lowers every figure, the same-run
ratios are what the targets compare).`;
writeSection('write-path', md);
process.stdout.write(md + '\n');
