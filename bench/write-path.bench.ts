// npm run bench:writes — the job-create write path (issue 13) on SQLite and PostgreSQL in one run:
// (a) PUT job (create, a new id each time) at 16 connections into one collection for
// BENCH_SECONDS; (b) a fill of BENCH_FILL jobs (default 20,000) into one fresh collection at the same
// concurrency, comparing the rate of the first 500 creates with the rate of the last 2,000. Each
// store is a real `takt serve` on a fresh data dir / fresh PostgreSQL database (support/postgres.ts:
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
  const url = new URL(sp.connection.url);
  const pool = new Pool(url.origin, {
    connections: CONNECTIONS,
    keepAliveTimeout: 60_000,
    connect: { ca: sp.tls.ca, cert: sp.tls.cert, key: sp.tls.key, rejectUnauthorized: false },
  });
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
  await pool.close();
  return run;
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

interface StoreFigures {
  readonly rate: number;
  readonly p50: number;
  readonly p99: number;
  readonly rateFailures: number;
  readonly first: number;
  readonly last: number;
  readonly fillSeconds: number;
  readonly fillFailures: number;
}

/** Jobs per second between the completions a and b (indexes into `done`). */
const between = (done: readonly number[], a: number, b: number): number =>
  (b - a) / ((done[b]! - done[a]!) / 1000);

async function measure(sp: ServeProcess): Promise<StoreFigures> {
  await seed(sp, ['warm', 'rate', 'fill']);
  // Warm-up (TLS handshakes, JIT, prepared statements), not counted.
  const warmEnd = performance.now() + 2000;
  await creates(sp, 'warm', 'w', (_n, now) => now >= warmEnd);
  const deadline = performance.now() + SECONDS * 1000;
  const a = await creates(sp, 'rate', 'r', (_n, now) => now >= deadline);
  if (a.firstFailure) process.stderr.write(`rate: ${a.failures} failed, first: ${a.firstFailure}\n`);
  const b = await creates(sp, 'fill', 'f', (n) => n >= FILL);
  if (b.firstFailure) process.stderr.write(`fill: ${b.failures} failed, first: ${b.firstFailure}\n`);
  const lat = [...a.latencies].sort((x, y) => x - y);
  const d = b.done;
  const n = d.length;
  if (n < FIRST + LAST) throw new Error(`fill: only ${n} of ${FILL} jobs created`);
  return {
    rate: a.done.length / ((a.done[a.done.length - 1]! - a.started) / 1000),
    p50: pct(lat, 50),
    p99: pct(lat, 99),
    rateFailures: a.failures,
    // From the first completion: the connections' TLS handshakes are not the store's cost.
    first: between(d, 0, FIRST - 1),
    last: between(d, n - LAST, n - 1),
    fillSeconds: (d[n - 1]! - b.started) / 1000,
    fillFailures: b.failures,
  };
}

const env = {
  TAKT_SECRET_KEY: randomBytes(32).toString('base64'),
  TAKT_LOG_LEVEL: 'warn',
  TAKT_API_RATE_LIMIT: '0',
  // The fill needs room for BENCH_FILL jobs in one collection, and the rate case for what a fast
  // store creates in BENCH_SECONDS (SQLite reaches 2,000-3,000/s here: 10 s would pass 20,000).
  TAKT_PLAN_PREMIUM_MAX_JOBS: String(Math.max(FILL, SECONDS * 5_000) + 1000),
};
const uptime = (): string => execFileSync('uptime', { encoding: 'utf8' }).trim();
const loadBefore = uptime();

const sqlite = await startServe([], env);
let sq: StoreFigures;
try {
  sq = await measure(sqlite);
} finally {
  await sqlite.stop();
}
const server = await runPostgres();
const db = await freshDatabase('takt_bench_writes', server.url);
let pgf: StoreFigures;
try {
  const sp = await startServe(['--database-url', db.url], env);
  try {
    pgf = await measure(sp);
  } finally {
    await sp.stop();
  }
} finally {
  await db.drop();
  await server.stop();
}
const loadAfter = uptime();

const f0 = (x: number): string => Math.round(x).toLocaleString('en-US');
const f2 = (x: number): string => x.toFixed(2);
const verdict = (ok: boolean): string => (ok ? 'met' : '**miss**');
const row = (name: string, s: StoreFigures): string =>
  `| ${name} | ${f0(s.rate)} | ${f0(s.p50)} | ${f0(s.p99)} | ${f0(s.first)} | ${f0(s.last)} | ${f2(s.last / s.first)} | ${s.fillSeconds.toFixed(1)} | ${s.rateFailures + s.fillFailures} |`;
const pgRatio = pgf.rate / sq.rate;
const md = `## Write path: job creates into one collection (\`npm run bench:writes\`, issue 13)

${machineLine()} \`takt serve\` on SQLite (fresh data dir) and on PostgreSQL (a fresh database on the
run's server), one after the other in the same run; HTTPS with the admin client certificate,
${CONNECTIONS} keep-alive connections (undici, in the harness process), every request a PUT that
creates a new job (disabled, never due), after 2 s of warm-up creates. (a) creates for ${SECONDS} s into collection \`rate\`;
(b) a fill of ${f0(FILL)} jobs into collection \`fill\` (Premium, plan limit raised to
${f0(Math.max(FILL, SECONDS * 5_000) + 1000)}): the rate of the first ${FIRST} creates vs that of the last ${f0(LAST)}.

| store | (a) PUT/s | p50 ms | p99 ms | (b) first ${FIRST} /s | last ${f0(LAST)} /s | last / first | fill s | failed |
|---|---|---|---|---|---|---|---|---|
${row('SQLite', sq)}
${row('PostgreSQL', pgf)}

| target | measured | |
|---|---|---|
| PostgreSQL PUT/s at ${CONNECTIONS} connections >= 0.5 x SQLite's | ${f2(pgRatio)} | ${verdict(pgRatio >= 0.5)} |
| SQLite: rate over the last ${f0(LAST)} of ${f0(FILL)} >= 0.9 x the first ${FIRST} | ${f2(sq.last / sq.first)} | ${verdict(sq.last / sq.first >= 0.9)} |
| PostgreSQL: the same | ${f2(pgf.last / pgf.first)} | ${verdict(pgf.last / pgf.first >= 0.9)} |

Command: \`BENCH_SECONDS=${SECONDS} BENCH_FILL=${FILL} npm run bench:writes\`, run at ${new Date().toISOString()}.
Load (\`uptime\`) before: \`${loadBefore}\`; after: \`${loadAfter}\` (the load generator shares the
machine's cores with \`takt serve\` and the database; others' work lowers every figure, the same-run
ratios are what the targets compare).`;
writeSection('write-path', md);
process.stdout.write(md + '\n');
