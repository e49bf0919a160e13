// npm run bench:engine [-- throughput|lateness|burst|scale|mixed ...] — the execution engine of a real
// `takt serve` process (SQLite store, history on, default engine settings) firing HTTP jobs at a
// local keep-alive sink in this process. Jobs are created through the management API, except for
// the scale part (see support/sql-clone.ts). Each part writes its own section of bench/RESULTS.md.
// Sizes shrink by env for smoke tests: BENCH_JOBS, BENCH_RATE, BENCH_SECONDS, BENCH_BURST,
// BENCH_SCALE, BENCH_SCALE_RATE, BENCH_SCALE_SECONDS, BENCH_MIXED_BURST; BENCH_LEAD_MS fixes the seeding lead time;
// BENCH_SERVE_NODE_OPTIONS=--import=./bench/support/cpu-profile.mjs profiles the server;
// BENCH_METRICS=1 prints the server's store and engine counters after each run; BENCH_IDLE_COLLECTIONS
// adds that many collections without jobs to every server first.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Pool } from 'undici';
import {
  apiPool,
  createCollection,
  createCollections,
  httpAction,
  SEED_ENV,
  seedJobs,
  type Collection,
} from './support/engine-seed.js';
import { type Lateness, lateness } from './support/lateness.js';
import { machineLine, writeSection } from './support/results.js';
import { startServe, type ServeProcess } from './support/serve-process.js';
import { type Arrival, Sink } from './support/sink.js';
import { cloneJob } from './support/sql-clone.js';
import { envCount, envNumber } from './support/env.js';
import { processCpuMs } from './support/process-cpu.js';

const PARTS = ['throughput', 'lateness', 'burst', 'scale', 'mixed'] as const;
type Part = (typeof PARTS)[number];

const JOBS = envNumber('BENCH_JOBS', 20_000);
const RATE = envNumber('BENCH_RATE', 1_000);
const SECONDS = envNumber('BENCH_SECONDS', 60);
const BURST = envNumber('BENCH_BURST', 100_000);
const SCALE = envNumber('BENCH_SCALE', 1_000_000);
const SCALE_RATE = envNumber('BENCH_SCALE_RATE', 100);
// 60 s: the due run then spans the engine's first retention sweep (60 s after start), which walks every job.
const SCALE_SECONDS = envNumber('BENCH_SCALE_SECONDS', 60);
const MIXED_BURST = envNumber('BENCH_MIXED_BURST', 20_000);
// A steady run is preceded by this many seconds of the same rate (one-time jobs of another
// collection, due right before the measured window): the measured window is the engine warm (JIT,
// connections to the sink), the warm-up's own lateness is the cold start, reported beside it.
const WARM_SECONDS = envNumber('BENCH_WARM_SECONDS', 3);
// Throughput and burst: this many jobs run through the engine (and as many requests through the
// raw client) before the measured ones, untimed. Without it the measured drain paid for the JIT:
// in a cold server's 3 s drain, V8's compiler threads took a fifth of the CPU (perf, 2026-12-05)
// while the engine's thread ran baseline code, a one-time cost of each process, not of an execution.
// 0 turns it off.
const WARM_JOBS = envCount('BENCH_WARM_JOBS', 5_000);
// The engine's per-host limit is the concurrency against the single sink; the raw client uses the same.
const PER_HOST = envNumber('TAKT_MAX_PER_HOST', 32);

const fmt = (n: number, digits = 0): string =>
  Number.isFinite(n)
    ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : 'n/a';
const mark = (ok: boolean): string => (ok ? 'pass' : '**miss**');
const iso = (ms: number): string => new Date(ms).toISOString();

/** The command that reproduces a part, with the size overrides of this run. */
function command(part: Part): string {
  const overrides = Object.keys(process.env)
    .filter((k) => (k.startsWith('BENCH_') && k !== 'BENCH_METRICS') || k === 'TAKT_MAX_PER_HOST')
    .sort()
    .map((k) => `${k}=${process.env[k]}`);
  return [...overrides, `npm run bench:engine -- ${part}`].join(' ');
}

/**
 * How long to give seeding of `n` jobs before they become due: the API's create rate measured on
 * 200 disabled far-future jobs of a throwaway collection, times 2, plus 10 s.
 */
async function leadFor(sp: ServeProcess, pool: Pool, n: number): Promise<number> {
  const fixed = process.env['BENCH_LEAD_MS'];
  if (fixed) return Number(fixed);
  const probe = await createCollection(sp, pool, `probe${Date.now()}`);
  const k = 200;
  const s = await seedJobs(
    pool,
    [probe],
    k,
    () => ({
      startTime: iso(Date.now() + 365 * 86_400_000),
      state: 'disabled',
      action: httpAction('http://127.0.0.1:9/never'),
    }),
    32,
    'j',
    k, // all in the one probe collection, whatever BENCH_PER_COLLECTION says
  );
  const perSecond = k / s;
  process.stderr.write(`seeding probe: ${fmt(perSecond)} jobs/s\n`);
  return Math.round(10_000 + (2 * n * 1000) / perSecond);
}

/** Seeds `n` jobs whose due times `dueOf(i)` all lie after seeding ends; answers seeding seconds. */
async function seedAhead(
  pool: Pool,
  c: readonly Collection[],
  n: number,
  firstDue: number,
  job: (i: number) => unknown,
): Promise<number> {
  const s = await seedJobs(pool, c, n, job);
  if (Date.now() >= firstDue) {
    throw new Error(
      `seeding ${n} jobs took ${fmt(s, 1)} s, past the first due time; set BENCH_LEAD_MS higher`,
    );
  }
  return s;
}

function withServe<T>(
  fn: (sp: ServeProcess, pool: Pool) => Promise<T>,
  dataDir?: string,
  extraEnv: Readonly<Record<string, string>> = {},
): Promise<T> {
  return (async () => {
    // BENCH_SERVE_NODE_OPTIONS reaches only the server (see support/cpu-profile.mjs).
    const nodeOptions = process.env['BENCH_SERVE_NODE_OPTIONS'];
    const env = { ...SEED_ENV, ...extraEnv, ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}) };
    const sp = await startServe([], env, ...(dataDir ? [dataDir] : []));
    const pool = apiPool(sp);
    try {
      await createIdleCollections(sp, pool, IDLE_COLLECTIONS);
      const result = await fn(sp, pool);
      if (process.env['BENCH_METRICS']) {
        // Diagnosis: the server's store call counts and latencies (takt_store_latency_seconds) etc.
        const m = await pool.request({ path: '/metrics', method: 'GET' });
        const text = await m.body.text();
        process.stderr.write(
          `${text
            .split('\n')
            .filter((l) => /^takt_(store|claimed|executions_total|sqlite)/.test(l) && !/_bucket/.test(l))
            .join('\n')}\n`,
        );
      }
      return result;
    } finally {
      await pool.close();
      await sp.stop();
    }
  })();
}

const cpuUs = (u: NodeJS.CpuUsage): number => u.user + u.system;

/**
 * BENCH_IDLE_COLLECTIONS (0): collections without jobs, created first on every server, as in a store
 * of many tenants where one is busy (the claim's walk over the collections, docs/engine.md "Fairness").
 */
const IDLE_COLLECTIONS = Number(process.env['BENCH_IDLE_COLLECTIONS'] ?? 0);

async function createIdleCollections(sp: ServeProcess, pool: Pool, n: number): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < n; i = next++) await createCollection(sp, pool, `idle${i}`);
  };
  await Promise.all(Array.from({ length: Math.min(16, n) }, worker));
}

// ---- 1. throughput --------------------------------------------------------------------------------

/** Runs WARM_JOBS one-time jobs through the engine, due at once, and waits for all of them. */
async function warmUp(sp: ServeProcess, pool: Pool, sink: Sink, name: string): Promise<void> {
  if (WARM_JOBS <= 0) return;
  const c = await createCollections(sp, pool, `${name}warm`, WARM_JOBS);
  const due = Date.now() + (await leadFor(sp, pool, WARM_JOBS));
  await seedAhead(pool, c, WARM_JOBS, due, () => ({ startTime: iso(due), action: httpAction(sink.url) }));
  sink.reset();
  await sink.waitFor(WARM_JOBS, due - Date.now() + 120_000);
  if (sink.arrivals.length < WARM_JOBS)
    throw new Error(`warm-up: ${sink.arrivals.length} of ${WARM_JOBS} arrived`);
  sink.reset();
}

async function throughput(sink: Sink): Promise<void> {
  const n = JOBS;
  const takt = await withServe(async (sp, pool) => {
    await warmUp(sp, pool, sink, 'throughput');
    const lead = await leadFor(sp, pool, n);
    const c = await createCollections(sp, pool, 'throughput', n);
    const due = Math.ceil((Date.now() + lead) / 1000) * 1000;
    const seedS = await seedAhead(pool, c, n, due, () => ({
      startTime: iso(due),
      action: httpAction(sink.url),
    }));
    sink.reset();
    // CPU of the drain: takt serve (all its threads) and this process (the sink), from before the
    // due time (idle until then) to the last arrival. Steadier than executions/s on a shared machine.
    const cpu0 = processCpuMs(sp.child.pid);
    const sink0 = process.cpuUsage();
    await sink.waitFor(n, Math.max(120_000, due - Date.now() + 120_000));
    const cpu1 = processCpuMs(sp.child.pid);
    const sinkUs = cpuUs(process.cpuUsage(sink0));
    const serveUs = cpu0 !== undefined && cpu1 !== undefined ? (cpu1 - cpu0) * 1000 : NaN;
    return { arrivals: [...sink.arrivals], due, seedS, serveUs, sinkUs };
  });
  const span = (a: readonly Arrival[]): number => {
    const at = a.map((x) => x.at);
    return (Math.max(...at) - Math.min(...at)) / 1000;
  };
  const taktRate = takt.arrivals.length / Math.max(0.001, span(takt.arrivals));
  const fromDue =
    takt.arrivals.length / Math.max(0.001, (Math.max(...takt.arrivals.map((a) => a.at)) - takt.due) / 1000);
  const late = lateness(takt.arrivals);

  // The ceiling, after takt serve has stopped so the two never compete for the cores.
  sink.reset();
  const rawSink0 = process.cpuUsage();
  const raw = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'bench/support/raw-undici.ts',
      sink.url,
      String(n),
      String(PER_HOST),
      String(WARM_JOBS),
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let rawOut = '';
  raw.stdout.on('data', (d: Buffer) => (rawOut += d.toString()));
  const [code] = (await once(raw, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`raw undici client exited with ${code}`);
  // The client prints the CPU of its measured requests (µs); the sink's is this process's.
  const rawClientUs = Number(/cpuUs=(\d+)/.exec(rawOut)?.[1] ?? NaN);
  const rawSinkUs = cpuUs(process.cpuUsage(rawSink0));
  // The raw client's warm-up requests (tags warm…) all arrive before its measured ones start.
  const rawArrivals = sink.arrivals.filter((a) => !a.tag.startsWith('warm'));
  const rawRate = rawArrivals.length / Math.max(0.001, span(rawArrivals));

  const complete = late.count === n && late.unique === n;
  const perExec = (us: number, count: number): string => (Number.isFinite(us) ? fmt(us / count) : 'n/a');
  const md = `## Engine throughput (\`${command('throughput')}\`)

${machineLine()} \`takt serve\` on SQLite with history on and default engine settings (per-host limit ${PER_HOST}, so ${PER_HOST} requests in flight to the one sink), in its own process; the keep-alive HTTP sink runs in the harness process. N = ${fmt(n)} one-time HTTP POST jobs (default 20,000), created through the API (${fmt(takt.seedS, 1)} s) with one start time after seeding ends, so all become due at once, after ${fmt(WARM_JOBS)} warm-up jobs ran through the same server untimed (BENCH_WARM_JOBS; the raw client sends as many warm-up requests first). Executions/s are counted at the sink from the first to the last arrival. The ceiling is undici alone (a keep-alive Pool of ${PER_HOST} connections, ${PER_HOST} in flight, its own process) POSTing N times to the same sink, run after takt serve stopped. Targets: >= 10,000 executions/s and >= 0.5 of the raw rate.

| case | executions/s | / raw | received | unique tags | lateness p50 / p99 / max ms | CPU µs / execution: sender, sink | target |
|---|---|---|---|---|---|---|---|
| Takt engine | ${fmt(taktRate)} | ${(taktRate / rawRate).toFixed(2)} | ${fmt(late.count)} | ${fmt(late.unique)} | ${fmt(late.p50)} / ${fmt(late.p99)} / ${fmt(late.max)} | ${perExec(takt.serveUs, n)}, ${perExec(takt.sinkUs, n)} | ${mark(complete && taktRate >= 10_000)} (>= 10,000/s), ${mark(complete && taktRate >= 0.5 * rawRate)} (>= 0.5 raw) |
| undici alone (ceiling) | ${fmt(rawRate)} | 1.00 | ${fmt(rawArrivals.length)} | | | ${perExec(rawClientUs, n)}, ${perExec(rawSinkUs, n + WARM_JOBS)} | |

CPU µs / execution: the sender's CPU (all threads of \`takt serve\` from before the due time to the last arrival; the raw client's own for its measured requests) and the sink's (this harness process, the raw client's warm-up requests included) divided by the executions. Steadier than executions/s on a shared machine: the sender's ratio says how much more one execution costs Takt than one request costs undici.

From the due second to the last arrival: ${fmt(fromDue)} executions/s. Run at ${new Date().toISOString()}.`;
  writeSection('engine-throughput', md);
  process.stdout.write(`${md}\n\n`);
}

// ---- 2. lateness ----------------------------------------------------------------------------------

/**
 * `rate` occurrences per second for `seconds`: rate × seconds minute-recurring jobs whose start
 * times are spread evenly (1,000/s → one job per millisecond of the minute), so each job fires once
 * in the window and the engine takes its recurring path. Answers the arrivals of the first window.
 */
async function steady(
  sp: ServeProcess,
  pool: Pool,
  sink: Sink,
  name: string,
  rate: number,
  seconds: number,
): Promise<{ arrivals: Arrival[]; warm: Arrival[]; seedS: number }> {
  const n = Math.round(rate * seconds);
  const w = Math.round(rate * WARM_SECONDS);
  const step = 1000 / rate;
  const lead = await leadFor(sp, pool, n + w);
  const c = await createCollections(sp, pool, name, n);
  const t0 = Math.ceil((Date.now() + lead) / 1000) * 1000;
  const warmFrom = t0 - WARM_SECONDS * 1000;
  const seedS = await seedAhead(pool, c, n, warmFrom, (i) => ({
    startTime: iso(t0 + Math.floor(i * step)),
    recurrence: { frequency: 'minute', interval: 1 },
    action: httpAction(sink.url),
  }));
  if (w > 0) {
    const warmCollections = await createCollections(sp, pool, `${name}warm`, w);
    await seedAhead(pool, warmCollections, w, warmFrom, (i) => ({
      startTime: iso(warmFrom + Math.floor(i * step)),
      action: httpAction(sink.url),
    }));
  }
  sink.reset();
  const end = t0 + seconds * 1000;
  await sink.waitFor(n + w, end - Date.now() + 60_000);
  return {
    arrivals: sink.arrivals.filter((a) => a.due >= t0 && a.due < end),
    warm: sink.arrivals.filter((a) => a.due < t0),
    seedS,
  };
}

async function latenessPart(sink: Sink): Promise<void> {
  const { arrivals, warm, seedS } = await withServe((sp, pool) =>
    steady(sp, pool, sink, 'lateness', RATE, SECONDS),
  );
  const l = lateness(arrivals);
  const cold = lateness(warm);
  const n = Math.round(RATE * SECONDS);
  const md = `## Engine lateness (\`${command('lateness')}\`)

${machineLine()} \`takt serve\` on SQLite with history on, default engine settings, in its own process; keep-alive HTTP sink in the harness process. A steady ${fmt(RATE)} occurrences/s for ${fmt(SECONDS)} s: ${fmt(n)} minute-recurring HTTP POST jobs created through the API (${fmt(seedS, 1)} s) with start times ${fmt(1000 / RATE, 2)} ms apart, so every due time is distinct. Before them, ${fmt(WARM_SECONDS)} s of the same rate (one-time jobs of another collection, seeded with the others, due right before the window; BENCH_WARM_SECONDS): the measured window starts with the engine warm. Lateness = sink arrival − the job's \`x-ms-scheduler-expected-execution-time\` (ms, both on this machine's clock). Targets: p50 <= 2 ms, p99 <= 20 ms, max <= 100 ms, zero early.

| received / expected | unique tags | p50 ms | p99 ms | max ms | early | target |
|---|---|---|---|---|---|---|
| ${fmt(l.count)} / ${fmt(n)} | ${fmt(l.unique)} | ${fmt(l.p50)} ${mark(l.p50 <= 2)} | ${fmt(l.p99)} ${mark(l.p99 <= 20)} | ${fmt(l.max)} ${mark(l.max <= 100)} | ${fmt(l.early)} ${mark(l.early === 0)} | ${mark(l.count === n && l.p50 <= 2 && l.p99 <= 20 && l.max <= 100 && l.early === 0)} |

The warm-up itself, the engine going from idle to ${fmt(RATE)}/s cold (first executions of the process, JIT, the sink's connections opened): ${fmt(cold.count)} occurrences, lateness p50 ${fmt(cold.p50)} / p99 ${fmt(cold.p99)} / max ${fmt(cold.max)} ms, ${fmt(cold.early)} early.

Run at ${new Date().toISOString()}.`;
  writeSection('engine-lateness', md);
  process.stdout.write(`${md}\n\n`);
}

// ---- 3. burst -------------------------------------------------------------------------------------

async function burst(sink: Sink): Promise<void> {
  const n = BURST;
  const r = await withServe(async (sp, pool) => {
    await warmUp(sp, pool, sink, 'burst');
    const lead = await leadFor(sp, pool, n);
    const c = await createCollections(sp, pool, 'burst', n);
    const due = Math.ceil((Date.now() + lead) / 1000) * 1000;
    // All at the very start of the second: the worst case of "due in the same second".
    const seedS = await seedAhead(pool, c, n, due, () => ({
      startTime: iso(due),
      action: httpAction(sink.url),
    }));
    sink.reset();
    await sink.waitFor(n, due - Date.now() + 120_000);
    // Peak resident memory of the server (engine, executor thread, SQLite) over seeding and burst.
    const memory = sp.child.pid !== undefined ? memoryKiB(sp.child.pid) : undefined;
    return { arrivals: [...sink.arrivals], due, seedS, memory };
  });
  const last = Math.max(...r.arrivals.map((a) => a.at));
  const within = (last - r.due) / 1000;
  const l = lateness(r.arrivals);
  const ok = l.count === n && l.unique === n && within <= 10;
  const peakMib = r.memory ? r.memory.hwm / 1024 : NaN;
  const md = `## Engine burst (\`${command('burst')}\`)

${machineLine()} \`takt serve\` on SQLite with history on, default engine settings (per-host limit ${PER_HOST}), in its own process; keep-alive HTTP sink in the harness process. ${fmt(n)} one-time HTTP POST jobs (default 100,000), created through the API (${fmt(r.seedS, 1)} s), all due at the same instant (the start of one second), after ${fmt(WARM_JOBS)} warm-up jobs ran through the same server untimed (BENCH_WARM_JOBS). Measured: from that instant to the last arrival at the sink. Target: all ${fmt(n)} started within 10 s.

| received | unique tags | due → last arrival s | executions/s | lateness p50 / p99 / max ms | early | peak RSS (VmHWM) | target |
|---|---|---|---|---|---|---|---|
| ${fmt(l.count)} | ${fmt(l.unique)} | ${fmt(within, 2)} | ${fmt(l.count / Math.max(0.001, within))} | ${fmt(l.p50)} / ${fmt(l.p99)} / ${fmt(l.max)} | ${fmt(l.early)} | ${fmt(peakMib)} MiB (${mark(peakMib <= 400)} <= 400 MB) | ${mark(ok)} |

Run at ${new Date().toISOString()}.`;
  writeSection('engine-burst', md);
  process.stdout.write(`${md}\n\n`);
}

// ---- 4. scale -------------------------------------------------------------------------------------

function memoryKiB(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string): number =>
    Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: field('VmRSS'), hwm: field('VmHWM') };
}

async function scale(sink: Sink): Promise<void> {
  const n = SCALE;
  // Baseline: the same small due workload on an empty store, in this run.
  const base = await withServe((sp, pool) => steady(sp, pool, sink, 'due', SCALE_RATE, SCALE_SECONDS));

  // One template job through the API, far in the future, then N−1 clones in SQL (no serve running).
  let dataDir = '';
  await withServe(async (sp, pool) => {
    dataDir = sp.dataDir;
    const c = await createCollection(sp, pool, 'scale');
    const start = Date.now() + 30 * 86_400_000;
    const template = {
      startTime: iso(start),
      recurrence: { frequency: 'day', interval: 1 },
      action: httpAction(sink.url),
    };
    await seedJobs(pool, [c], 1, () => template, 1, 'tpl');
  });
  const cloneS = cloneJob(join(dataDir, 'takt.db'), 'tpl0', n - 1, 'f');

  const t0 = performance.now();
  const r = await withServe(async (sp, pool) => {
    const readyS = (performance.now() - t0) / 1000;
    const pid = sp.child.pid!;
    const atReady = memoryKiB(pid);
    const due = await steady(sp, pool, sink, 'due', SCALE_RATE, SCALE_SECONDS);
    const after = memoryKiB(pid);
    return { readyS, atReady, after, due };
  }, dataDir);

  const b = lateness(base.arrivals);
  const l = lateness(r.due.arrivals);
  const expected = Math.round(SCALE_RATE * SCALE_SECONDS);
  const mib = (kib: number): number => kib / 1024;
  const rssOk = mib(r.after.hwm) <= 400;
  const readyOk = r.readyS <= 5;
  const lateOk = l.count === expected && l.p50 <= 2 && l.p99 <= 20 && l.max <= 100 && l.early === 0;
  const md = `## Engine scale (\`${command('scale')}\`)

${machineLine()} \`takt serve\` on SQLite with history on, default engine settings. ${fmt(n)} future jobs stored (daily HTTP jobs, first due in 30 days): ONE template job created through the API, then cloned ${fmt(n - 1)} times in SQL by \`bench/support/sql-clone.ts\` while no server had the file open (${fmt(cloneS, 1)} s) — through the API the seeding alone would take longer than the whole benchmark. Then \`takt serve\` starts on that file: ready = from spawning the process to \`/healthz\` 200 (polled every 100 ms); memory from \`/proc/<pid>/status\` (VmRSS, and VmHWM = peak RSS). Lateness of the due ones: ${fmt(SCALE_RATE)} occurrences/s for ${fmt(SCALE_SECONDS)} s (minute jobs created through the API after start; 60 s spans the first retention sweep, 60 s after start, which walks every stored job), compared with the same workload on an empty store in the same run. Targets: RSS <= 400 MB, ready <= 5 s, lateness unchanged (the lateness targets still met: p50 <= 2 ms, p99 <= 20 ms, max <= 100 ms, zero early).

| | value | target |
|---|---|---|
| ready after start | ${fmt(r.readyS, 2)} s | ${mark(readyOk)} (<= 5 s) |
| RSS at ready | ${fmt(mib(r.atReady.rss))} MiB | |
| RSS after the due run / peak (VmHWM) | ${fmt(mib(r.after.rss))} / ${fmt(mib(r.after.hwm))} MiB | ${mark(rssOk)} (peak <= 400 MB) |
| lateness with ${fmt(n)} jobs stored: received, p50 / p99 / max ms, early | ${fmt(l.count)} / ${fmt(expected)}, ${fmt(l.p50)} / ${fmt(l.p99)} / ${fmt(l.max)}, ${fmt(l.early)} | ${mark(lateOk)} |
| same workload, empty store: received, p50 / p99 / max ms, early | ${fmt(b.count)} / ${fmt(expected)}, ${fmt(b.p50)} / ${fmt(b.p99)} / ${fmt(b.max)}, ${fmt(b.early)} | (baseline) |

Run at ${new Date().toISOString()}.`;
  writeSection('engine-scale', md);
  process.stdout.write(`${md}\n\n`);
}

// ---- 5. mixed ------------------------------------------------------------------------------------

/**
 * Fairness (docs/engine.md): a steady RATE/s in some collections while a MIXED_BURST-job burst in
 * ONE other collection (its Premium quota raised to hold it) becomes due at once, 5 s into the
 * steady window. Each workload has its own sink (its own host), as two tenants would: the engine's
 * per-host limit then does not couple them, and what is measured is whether the claim lets the
 * steady jobs through while the burst drains.
 */
async function mixed(sink: Sink): Promise<void> {
  const n = Math.round(RATE * SECONDS);
  const b = MIXED_BURST;
  // The burst becomes due this long into the steady window.
  const offsetMs = Math.min(5_000, (SECONDS * 1000) / 4);
  const burstSink = await Sink.start();
  try {
    const r = await withServe(
      async (sp, pool) => {
        const lead = await leadFor(sp, pool, n + b);
        const steadyC = await createCollections(sp, pool, 'steady', n);
        const burstC = await createCollection(sp, pool, 'burst');
        const t0 = Math.ceil((Date.now() + lead) / 1000) * 1000;
        const burstAt = t0 + offsetMs;
        const seedS =
          (await seedJobs(
            pool,
            [burstC],
            b,
            () => ({ startTime: iso(burstAt), action: httpAction(burstSink.url) }),
            32,
            'b',
            b,
          )) +
          (await seedAhead(pool, steadyC, n, t0, (i) => ({
            startTime: iso(t0 + Math.floor((i * 1000) / RATE)),
            recurrence: { frequency: 'minute', interval: 1 },
            action: httpAction(sink.url),
          })));
        sink.reset();
        burstSink.reset();
        const end = t0 + SECONDS * 1000;
        await Promise.all([
          sink.waitFor(n, end - Date.now() + 60_000),
          burstSink.waitFor(b, end - Date.now() + 120_000),
        ]);
        const steady = sink.arrivals.filter((a) => a.due >= t0 && a.due < end);
        return { steady, burst: [...burstSink.arrivals], burstAt, seedS };
      },
      undefined,
      { TAKT_PLAN_PREMIUM_MAX_JOBS: String(Math.max(1000, b)) },
    );
    const drainEnd = Math.max(...r.burst.map((a) => a.at));
    const drainS = (drainEnd - r.burstAt) / 1000;
    const all = lateness(r.steady);
    const before = lateness(r.steady.filter((a) => a.due < r.burstAt));
    const during = lateness(r.steady.filter((a) => a.due >= r.burstAt && a.due <= drainEnd));
    const burstL = lateness(r.burst);
    const ok = all.count === n && during.p99 <= 250 && all.early === 0 && burstL.count === b;
    const row = (name: string, l: Lateness): string =>
      `| ${name} | ${fmt(l.count)} | ${fmt(l.p50)} | ${fmt(l.p99)} | ${fmt(l.max)} | ${fmt(l.early)} |`;
    const md = `## Engine mixed: steady beside a burst (\`${command('mixed')}\`)

${machineLine()} \`takt serve\` on SQLite with history on, default engine settings (batch 100, 512 slots, per-host limit ${PER_HOST}), in its own process. Steady: ${fmt(RATE)} occurrences/s for ${fmt(SECONDS)} s (${fmt(n)} minute-recurring HTTP jobs, ${fmt(1000 / RATE, 2)} ms apart, in collections of 1,000) to one sink. Burst: ${fmt(b)} one-time HTTP jobs in ONE collection (\`TAKT_PLAN_PREMIUM_MAX_JOBS=${Math.max(1000, b)}\`), all due at the same instant ${fmt(offsetMs / 1000, 1)} s into the steady window, to a second sink (another host, so the per-host limit does not couple the two). All ${fmt(n + b)} jobs created through the API (${fmt(r.seedS, 1)} s) before the first due time. Lateness = sink arrival − expected execution time (ms). Target: the steady jobs due while the burst drains have p99 <= 250 ms.

| steady jobs | received | p50 ms | p99 ms | max ms | early |
|---|---|---|---|---|---|
${row('all', all)}
${row('due before the burst', before)}
${row('due while the burst drained', during)}

Burst: ${fmt(burstL.count)} / ${fmt(b)} received, drained in ${fmt(drainS, 2)} s (due instant → last arrival, ${fmt(burstL.count / Math.max(0.001, drainS))} executions/s beside the steady load), lateness p50 / p99 / max ${fmt(burstL.p50)} / ${fmt(burstL.p99)} / ${fmt(burstL.max)} ms. Target ${mark(ok)}.

Run at ${new Date().toISOString()}.`;
    writeSection('engine-mixed', md);
    process.stdout.write(`${md}\n\n`);
  } finally {
    await burstSink.close();
  }
}

// ---- main -----------------------------------------------------------------------------------------

const asked = process.argv.slice(2);
for (const a of asked)
  if (!(PARTS as readonly string[]).includes(a))
    throw new Error(`unknown part '${a}'; parts: ${PARTS.join(', ')}`);
const parts: readonly Part[] = asked.length ? (asked as Part[]) : PARTS;
const runners: Record<Part, (sink: Sink) => Promise<void>> = {
  throughput,
  lateness: latenessPart,
  burst,
  scale,
  mixed,
};
const sink = await Sink.start();
try {
  for (const p of parts) {
    process.stderr.write(`engine bench: ${p}\n`);
    await runners[p](sink);
  }
} finally {
  await sink.close();
}
