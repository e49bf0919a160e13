// Lateness under an API flood (issue 6, item 4): a steady stream of one-time jobs (RATE per second,
// each due at its own instant) fires at an HTTP sink while autocannon hammers the same `takt serve`
// with GET and PUT job requests on several connections at full speed. Three windows:
//   1. no flood (the baseline),
//   2. flood with the per-subscription rate limit off (every flood request does real work),
//   3. flood with the default limits (2,000 req/s per subscription: the excess is a cheap 503).
// Lateness = arrival at the sink - the due time Takt sends in x-ms-scheduler-expected-execution-time.
//
// Sizes: FLOOD_RATE (occurrences/s, default 200), FLOOD_SECONDS (window, default 20),
// FLOOD_CONNECTIONS (autocannon connections, default 16). Smoke test:
//   FLOOD_RATE=20 FLOOD_SECONDS=3 FLOOD_CONNECTIONS=4 node --import tsx bench/flood.bench.ts
import autocannon from 'autocannon';
import { call, startServe, type ServeProcess } from './support/serve-process.js';
import { pct, machineLine, writeSection } from './support/results.js';
import { Sink, type Arrival } from './support/sink.js';

const RATE = Number(process.env.FLOOD_RATE ?? 200);
const SECONDS = Number(process.env.FLOOD_SECONDS ?? 20);
const CONNECTIONS = Number(process.env.FLOOD_CONNECTIONS ?? 16);
const N = Math.round(RATE * SECONDS);
/** Jobs created at once while seeding a window. */
const SEED_CONCURRENCY = 16;

const SERVE_ENV = {
  // Every window's jobs live in one Premium collection.
  TAKT_PLAN_PREMIUM_MAX_JOBS: '1000000',
  // Successful executions log at debug; keep the benchmark's terminal quiet.
  TAKT_LOG_LEVEL: 'warn',
};

interface Flood {
  readonly rps: number;
  readonly ok: number;
  readonly busy: number;
  readonly errors: number;
}

interface Window {
  readonly name: string;
  readonly received: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly flood?: Flood;
}

const sink = await Sink.start();

async function put(sp: ServeProcess, path: string, body: string, type: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const r = await call(sp, 'PUT', path, body, type);
    if (r.status < 300) return;
    // A seeding PUT may meet the rate limit while the default-limits window refills: retry.
    if (r.status === 503 && attempt < 50) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      continue;
    }
    throw new Error(`PUT ${path}: ${r.status} ${r.body}`);
  }
}

async function prepare(sp: ServeProcess): Promise<string> {
  const sub = sp.connection.subscriptionId;
  const cs = `/${sub}/cloudservices/flood`;
  await put(
    sp,
    cs,
    '<CloudService xmlns="http://schemas.microsoft.com/windowsazure"><Label>flood</Label><Description/><GeoRegion>West Europe</GeoRegion></CloudService>',
    'application/xml',
  );
  const jc = `${cs}/resources/scheduler/~/JobCollections/jc`;
  await put(
    sp,
    jc,
    '<Resource xmlns="http://schemas.microsoft.com/windowsazure"><IntrinsicSettings><Plan>Premium</Plan></IntrinsicSettings></Resource>',
    'application/xml',
  );
  // The job the flood reads and replaces: disabled, so it never fires.
  await put(sp, `${jc}/jobs/target`, floodJobBody, 'application/json');
  return jc;
}

const floodJobBody = JSON.stringify({
  startTime: '2027-01-01T00:00:00Z',
  action: { type: 'http', request: { uri: 'http://127.0.0.1:9/x', method: 'POST', body: 'hello' } },
  recurrence: { frequency: 'day', interval: 1 },
  state: 'disabled',
});

/** Creates N one-time jobs due one every 1/RATE s from `firstDue`; fails if seeding ran past it. */
async function seed(sp: ServeProcess, jc: string, prefix: string, firstDue: number): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < N; i = next++) {
      const body = JSON.stringify({
        startTime: new Date(firstDue + Math.round((i * 1000) / RATE)).toISOString(),
        action: {
          type: 'http',
          request: { uri: sink.url, method: 'POST', body: String(i) },
          retryPolicy: { retryType: 'none' },
        },
      });
      await put(sp, `${jc}/jobs/${prefix}-${i}`, body, 'application/json');
    }
  };
  await Promise.all(Array.from({ length: SEED_CONCURRENCY }, worker));
  if (Date.now() > firstDue)
    throw new Error(`seeding ${N} jobs ran past the first due time: lengthen the lead`);
}

async function flood(sp: ServeProcess, jc: string, seconds: number): Promise<Flood> {
  const url = new URL(`${jc}/jobs/target`, sp.connection.url).toString();
  const r = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    headers: { 'x-ms-version': '2013-03-01', 'content-type': 'application/json' },
    requests: [{ method: 'GET' }, { method: 'PUT', body: floodJobBody }],
    tlsOptions: { ca: sp.tls.ca, cert: sp.tls.cert, key: sp.tls.key },
  });
  return { rps: r.requests.average, ok: r['2xx'], busy: r.non2xx, errors: r.errors };
}

async function window(sp: ServeProcess, jc: string, name: string, withFlood: boolean): Promise<Window> {
  // Long enough to seed N jobs at a conservative 300 PUT/s on a busy machine.
  const lead = 3000 + Math.ceil((N / 300) * 1000);
  const firstDue = Date.now() + lead;
  const prefix = name.replace(/\W+/g, '-');
  await seed(sp, jc, prefix, firstDue);
  sink.reset();
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, firstDue - Date.now())));
  const flooding = withFlood ? flood(sp, jc, SECONDS + 1) : undefined;
  await sink.waitFor(N, (SECONDS + 60) * 1000);
  const floodResult = await flooding;
  const arrivals: Arrival[] = [...sink.arrivals];
  const late = arrivals.map((a) => a.at - a.due).sort((a, b) => a - b);
  return {
    name,
    received: arrivals.length,
    p50: pct(late, 50),
    p99: pct(late, 99),
    max: late[late.length - 1] ?? NaN,
    ...(floodResult ? { flood: floodResult } : {}),
  };
}

const windows: Window[] = [];
try {
  const open = await startServe([], { ...SERVE_ENV, TAKT_API_RATE_LIMIT: '0' });
  try {
    const jc = await prepare(open);
    windows.push(await window(open, jc, 'no flood', false));
    windows.push(await window(open, jc, 'flood, rate limit off', true));
  } finally {
    await open.stop();
  }
  const limited = await startServe([], SERVE_ENV);
  try {
    const jc = await prepare(limited);
    windows.push(await window(limited, jc, 'flood, default limits', true));
  } finally {
    await limited.stop();
  }
} finally {
  await sink.close();
}

const row = (w: Window): string => {
  const f = w.flood;
  const floodCols = f
    ? `${Math.round(f.rps).toLocaleString('en-US')} | ${f.ok.toLocaleString('en-US')} | ${f.busy.toLocaleString('en-US')}`
    : '- | - | -';
  return `| ${w.name} | ${w.received}/${N} | ${w.p50} | ${w.p99} | ${w.max} | ${floodCols} |`;
};
const md = `## Lateness under an API flood (\`npm run bench:flood\`)

${machineLine()} SQLite store, one \`takt serve\` process (engine and API together). ${N} one-time HTTP jobs per window, due ${RATE}/s evenly over ${SECONDS} s, firing at a keep-alive sink on the same machine; during the flood, autocannon sends GET and PUT (replace) of one job at full speed on ${CONNECTIONS} HTTPS connections with a client certificate, from the same subscription. Lateness = arrival at the sink - due time (ms).

| window | received | p50 ms | p99 ms | max ms | flood req/s | flood 2xx | flood non-2xx (503) |
|---|---|---|---|---|---|---|---|
${windows.map(row).join('\n')}

Command: \`FLOOD_RATE=${RATE} FLOOD_SECONDS=${SECONDS} FLOOD_CONNECTIONS=${CONNECTIONS} node --import tsx bench/flood.bench.ts\`. Run at ${new Date().toISOString()}.`;
writeSection('flood', md);
process.stdout.write(`${md}\n`);
