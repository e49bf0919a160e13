// npm run bench:storm — a storm of due retries after downtime beside a steady load (docs/engine.md,
// "Fairness": due runs take at most half of a claim while due jobs wait).
//
// A real `takt serve` on SQLite. BENCH_STORM one-time jobs in ONE collection, due at once, hit a sink
// that fails each one's first attempt (500), so each leaves a retry due RETRY_S seconds later. Once
// every first attempt has been answered, the server stops (graceful) and stays down until every
// retry is due; it comes back just before a steady BENCH_RATE occurrences/s (minute-recurring jobs
// in other collections, their own sink) start falling due, for BENCH_SECONDS. So at restart the
// whole storm is due at once, as after an outage, and the steady jobs fall due while it drains.
// Beside the storm, BENCH_OTHER one-time jobs of ANOTHER collection fail their first attempt too, with
// a retry interval that makes their retries due at the steady load's start, behind the whole storm
// in due order (docs/engine.md, "Fairness": due runs are shared per collection).
// Reported: the steady jobs' lateness (arrival − expected execution time), the other collection's
// retries' lateness (arrival − the retry's due time: its first attempt's arrival + its interval), and
// the storm's drain.
import { setTimeout as sleep } from 'node:timers/promises';
import {
  apiPool,
  createCollection,
  createCollections,
  httpAction,
  SEED_ENV,
  seedJobs,
} from './support/engine-seed.js';
import { envNumber } from './support/env.js';
import { type Lateness, lateness } from './support/lateness.js';
import { fmt, machineLine, writeSection } from './support/results.js';
import { startServe } from './support/serve-process.js';
import { Sink } from './support/sink.js';

const STORM = envNumber('BENCH_STORM', 20_000);
const OTHER = envNumber('BENCH_OTHER', 200);
const RATE = envNumber('BENCH_RATE', 1_000);
const SECONDS = envNumber('BENCH_SECONDS', 10);
/** Seconds from the seeding's start to the storm's due time (seeding must fit in it). */
const LEAD_S = envNumber('BENCH_LEAD_S', 30);
// The shortest retry interval the API accepts (00:00:15).
const RETRY_S = 15;
/** The first attempts must all be answered within this; their retries are then due by T2. */
const DRAIN_BUDGET_S = 20;
/** How long before the steady jobs' first due time the server comes back. */
const RESTART_LEAD_MS = 1_000;
/** The other collection's retries fall due when the steady load starts (t2). */
const OTHER_RETRY_S = DRAIN_BUDGET_S + RETRY_S;

const iso = (ms: number): string => new Date(ms).toISOString();

async function main(): Promise<void> {
  const steadySink = await Sink.start();
  const stormSink = await Sink.start({ failFirst: true });
  const otherSink = await Sink.start({ failFirst: true });
  const env = { ...SEED_ENV, TAKT_PLAN_PREMIUM_MAX_JOBS: String(Math.max(1000, STORM)) };
  const n = Math.round(RATE * SECONDS);
  const t1 = Math.ceil((Date.now() + LEAD_S * 1000) / 1000) * 1000;
  const t2 = t1 + (DRAIN_BUDGET_S + RETRY_S) * 1000;
  let sp = await startServe([], env);
  try {
    let pool = apiPool(sp);
    const stormC = await createCollection(sp, pool, 'storm');
    const otherC = await createCollection(sp, pool, 'other');
    const steadyC = await createCollections(sp, pool, 'steady', n);
    const retryPolicy = { retryType: 'fixed', retryInterval: `PT${RETRY_S}S`, retryCount: 1 };
    const seedS =
      (await seedJobs(
        pool,
        [stormC],
        STORM,
        () => ({ startTime: iso(t1), action: { ...(httpAction(stormSink.url) as object), retryPolicy } }),
        32,
        's',
        STORM,
      )) +
      (await seedJobs(
        pool,
        [otherC],
        OTHER,
        () => ({
          startTime: iso(t1),
          action: {
            ...(httpAction(otherSink.url) as object),
            retryPolicy: { ...retryPolicy, retryInterval: `PT${OTHER_RETRY_S}S` },
          },
        }),
        32,
        'o',
        OTHER,
      )) +
      (await seedJobs(pool, steadyC, n, (i) => ({
        startTime: iso(t2 + Math.floor((i * 1000) / RATE)),
        recurrence: { frequency: 'minute', interval: 1 },
        action: httpAction(steadySink.url),
      })));
    if (Date.now() >= t1)
      throw new Error(`seeding took ${fmt(seedS, 1)} s, past the storm; raise BENCH_LEAD_S`);

    // The first attempts, all failing; then down until the restart.
    await stormSink.waitFor(STORM, t1 - Date.now() + DRAIN_BUDGET_S * 1000);
    await otherSink.waitFor(OTHER, DRAIN_BUDGET_S * 1000);
    const firstDrainS = (Math.max(...stormSink.arrivals.map((a) => a.at)) - t1) / 1000;
    if (otherSink.arrivals.length < OTHER)
      throw new Error(
        `${otherSink.arrivals.length} of ${OTHER} other first attempts within ${DRAIN_BUDGET_S} s`,
      );
    // A retry is due its interval after its first attempt, which the sink saw within a ms of its start.
    const retryDue = new Map(otherSink.arrivals.map((a) => [a.tag, a.at + OTHER_RETRY_S * 1000]));
    if (stormSink.arrivals.length < STORM)
      throw new Error(`${stormSink.arrivals.length} of ${STORM} first attempts within ${DRAIN_BUDGET_S} s`);
    await sleep(1_000); // their outcomes (the retries) recorded
    await pool.close();
    await sp.stop();
    const downAt = Date.now();
    stormSink.reset();
    steadySink.reset();
    otherSink.reset();
    await sleep(Math.max(0, t2 - RESTART_LEAD_MS - Date.now()));
    sp = await startServe([], env, sp.dataDir);
    const upAt = Date.now();
    pool = apiPool(sp);
    const end = t2 + SECONDS * 1000;
    await Promise.all([
      steadySink.waitFor(n, end - Date.now() + 60_000),
      stormSink.waitFor(STORM, 120_000),
      otherSink.waitFor(OTHER, 120_000),
    ]);
    await pool.close();

    const retriesEnd = Math.max(...stormSink.arrivals.map((a) => a.at));
    const retriesS = (retriesEnd - upAt) / 1000;
    const steady = steadySink.arrivals.filter((a) => a.due >= t2 && a.due < end);
    const all = lateness(steady);
    const during = lateness(steady.filter((a) => a.due <= retriesEnd));
    const after = lateness(steady.filter((a) => a.due > retriesEnd));
    // lateness() reads `due`: here the retry's own due time.
    const others = lateness(otherSink.arrivals.map((a) => ({ ...a, due: retryDue.get(a.tag) ?? NaN })));
    const firstOtherDue = Math.min(...retryDue.values());
    const row = (name: string, l: Lateness): string =>
      `| ${name} | ${fmt(l.count)} | ${fmt(l.p50)} | ${fmt(l.p99)} | ${fmt(l.max)} | ${fmt(l.early)} |`;
    const overrides = Object.keys(process.env)
      .filter((k) => k.startsWith('BENCH_'))
      .sort()
      .map((k) => `${k}=${process.env[k]}`);
    const md = `## Retry storm after downtime beside a steady load (\`${[...overrides, 'npm run bench:storm'].join(' ')}\`)

${machineLine()} \`takt serve\` on SQLite with history on, default engine settings (batch 100, 512 slots), in its own process. Storm: ${fmt(STORM)} one-time HTTP jobs in ONE collection, due at once; the sink fails each first attempt (500), so each leaves a retry due ${RETRY_S} s later (first attempts drained in ${fmt(firstDrainS, 2)} s). The server then stopped (graceful) and was down for ${fmt((upAt - downAt) / 1000, 1)} s, until every retry was due, and came back ${fmt((t2 - upAt) / 1000, 2)} s before the steady load's first due time. Steady: ${fmt(RATE)} occurrences/s for ${fmt(SECONDS)} s (${fmt(n)} minute-recurring HTTP jobs in collections of 1,000, to a second sink). Jobs created through the API (${fmt(seedS, 1)} s). Lateness = sink arrival − expected execution time (ms).

| steady jobs | received | p50 ms | p99 ms | max ms | early |
|---|---|---|---|---|---|
${row('all', all)}
${row('due while the retries drained', during)}
${row('due after', after)}

Another collection's retries: ${fmt(OTHER)} one-time jobs of a second collection, due with the storm, whose first attempts failed too; their retry interval (${OTHER_RETRY_S} s) made the retries due from ${fmt((firstOtherDue - upAt) / 1000, 2)} s after the restart, later than every retry of the storm. Lateness = sink arrival − (first attempt's arrival + interval), ms.

| other collection's retries | received | p50 ms | p99 ms | max ms | early |
|---|---|---|---|---|---|
${row('all', others)}

Retries: ${fmt(stormSink.arrivals.length)} / ${fmt(STORM)} received, the last ${fmt(retriesS, 2)} s after the restart (${fmt(stormSink.arrivals.length / Math.max(0.001, retriesS))}/s beside the steady load).

Run at ${new Date().toISOString()}.`;
    writeSection('engine-storm', md);
    process.stdout.write(`${md}\n\n`);
  } finally {
    await sp.stop();
    await steadySink.close();
    await stormSink.close();
    await otherSink.close();
  }
}

await main();
