// npm run bench:api — GET job and PUT job over HTTPS with a client certificate, keep-alive, on
// loopback, against a real `takt serve` on SQLite; a bare Fastify route under the same TLS in the
// same run is the ceiling. Writes its section of bench/RESULTS.md.
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { loadavg } from 'node:os';
import { processCpuMs } from './support/process-cpu.js';
import { call, freePort, startServe } from './support/serve-process.js';
import { machineLine, writeSection } from './support/results.js';

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);

interface Rate {
  rps: number;
  /** CPU the server process used per request, µs (undefined without /proc). */
  cpuUs: number | undefined;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

async function load(
  url: string,
  tls: { ca: string; cert: string; key: string },
  serverPid: number | undefined,
  method: 'GET' | 'PUT',
  body?: string,
): Promise<Rate> {
  const cpuBefore = processCpuMs(serverPid);
  const result = await autocannon({
    url,
    method,
    connections: CONNECTIONS,
    pipelining: 1,
    duration: DURATION,
    headers: { 'x-ms-version': '2013-03-01', 'content-type': 'application/json' },
    ...(body !== undefined ? { body } : {}),
    tlsOptions: { ca: tls.ca, cert: tls.cert, key: tls.key },
  });
  const cpuAfter = processCpuMs(serverPid);
  const cpuUs =
    cpuBefore !== undefined && cpuAfter !== undefined && result.requests.total > 0
      ? ((cpuAfter - cpuBefore) * 1000) / result.requests.total
      : undefined;
  return {
    rps: result.requests.average,
    cpuUs,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

// The per-subscription rate limit (default 2,000 req/s) would cap what this measures: off here.
// What the profiles of \`takt serve\` under this load showed, and what the code does about it.
const NOTES = `What the CPU profiles of \`takt serve\` showed (\`--cpu-prof\`, self time summed by function):

- Reading the client certificate: \`getPeerCertificate()\` builds a full object tree on every call (about a tenth of a GET).
  Now read once per TLS connection (a connection's certificate cannot change; renegotiation is turned off on it).
  The authentication decision is still made per request against the store, so removing a certificate takes effect at once.
- Store reads: GET job ran five queries (certificate, subscription, cloud service, collection, job). The job query joins
  its parents, so a found job now costs one query; the parents are only walked to name the missing one on a 404.
  The certificate/token and subscription reads are kept in memory on SQLite until a tenant write or another
  connection's commit (\`PRAGMA data_version\`), so a GET is one query plus that counter. PUT finds its collection
  in one query the same way.
- A request id was one \`randomBytes(16)\` call per request (about 9 µs under load); ids now come from a pooled buffer.
- PUT job ran two write transactions: the job and its operation record (every mutating request leaves one). Operation
  records are now group-committed: those of one event-loop turn share one transaction.
- What remains per request: TLS record encryption and the loopback write (\`writev\`, the largest single item, as in
  the bare route), Fastify's hook chain and Takt's own router, the job's JSON formatting, metrics (a histogram per store
  call); for a PUT also the job's write transaction, the engine's wake-up (it re-reads the next due jobs after every
  change; coalescing those would be next) and the parse/validation of the definition.
- The load generator shares the 2 cores: autocannon alone keeps one core busy, so the bare route measures autocannon as
  much as Fastify (the bare server is partly idle), and Takt gets one core. Closing the absolute targets needs the load
  generator elsewhere (or \`wrk\`, several times cheaper per request) and, for PUT, fewer write transactions per request.`;

// BENCH_SERVE_NODE_OPTIONS=--import=./bench/support/cpu-profile.mjs profiles the server only.
const serveOptions = process.env['BENCH_SERVE_NODE_OPTIONS'];
const sp = await startServe([], {
  TAKT_API_RATE_LIMIT: '0',
  ...(serveOptions ? { NODE_OPTIONS: serveOptions } : {}),
});
try {
  const sub = sp.connection.subscriptionId;
  const cs = await call(
    sp,
    'PUT',
    `/${sub}/CloudServices/bench`,
    '<CloudService xmlns="http://schemas.microsoft.com/windowsazure"><Label>bench</Label><Description>bench</Description><GeoRegion>West Europe</GeoRegion></CloudService>',
    'application/xml',
  );
  if (cs.status !== 202) throw new Error(`create cloud service: ${cs.status} ${cs.body}`);
  const jc = await call(
    sp,
    'PUT',
    `/${sub}/cloudservices/bench/resources/scheduler/JobCollections/jc`,
    '<Resource xmlns="http://schemas.microsoft.com/windowsazure"><IntrinsicSettings><Plan>Premium</Plan></IntrinsicSettings></Resource>',
    'application/xml',
  );
  if (jc.status !== 202) throw new Error(`create collection: ${jc.status} ${jc.body}`);
  const jobPath = `/${sub}/cloudservices/bench/resources/scheduler/~/JobCollections/jc/jobs/j1`;
  // Far in the future and disabled, so the engine never fires it during the run.
  const jobBody = JSON.stringify({
    startTime: '2027-01-01T00:00:00Z',
    action: { type: 'http', request: { uri: 'http://127.0.0.1:9/x', method: 'POST', body: 'hello' } },
    recurrence: { frequency: 'day', interval: 1 },
    state: 'disabled',
  });
  const put = await call(sp, 'PUT', jobPath, jobBody);
  if (put.status !== 201) throw new Error(`create job: ${put.status} ${put.body}`);

  const jobUrl = new URL(jobPath, sp.connection.url).toString();
  const get = await load(jobUrl, sp.tls, sp.child.pid, 'GET');
  const putRate = await load(jobUrl, sp.tls, sp.child.pid, 'PUT', jobBody);

  const barePort = await freePort();
  // The bare server presents the admin certificate (same key type as the server's); autocannon does
  // not verify the server anyway, and the client certificate is requested as in takt serve.
  const bare2 = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'bench/support/bare-server.ts',
      sp.connection.certPath,
      sp.connection.keyPath,
      String(barePort),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await once(bare2.stdout, 'data');
  const bareUrl = `https://localhost:${barePort}/bare`;
  const bareGet = await load(bareUrl, sp.tls, bare2.pid, 'GET');
  const barePut = await load(bareUrl, sp.tls, bare2.pid, 'PUT', jobBody);
  bare2.kill('SIGTERM');
  await once(bare2, 'exit');

  const cpu = (r: Rate): string => (r.cpuUs === undefined ? 'n/a' : String(Math.round(r.cpuUs)));
  const row = (name: string, r: Rate, ceiling: Rate): string =>
    `| ${name} | ${Math.round(r.rps).toLocaleString('en-US')} | ${r.p50} | ${r.p99} | ${(r.rps / ceiling.rps).toFixed(2)} | ${cpu(r)} | ${r.non2xx} | ${r.errors} |`;
  const md = `## API (\`npm run bench:api\`)

${machineLine()} SQLite store, HTTPS with a client certificate, keep-alive, ${CONNECTIONS} connections, ${DURATION} s per case, autocannon in the same process as the harness, server in its own process. Targets: GET job >= 15,000 req/s, PUT job >= 5,000 req/s, each >= 0.5 of the bare route.

| case | req/s | p50 ms | p99 ms | / bare | server CPU µs/req | non-2xx | errors |
|---|---|---|---|---|---|---|---|
${row('GET job', get, bareGet)}
${row('PUT job (replace)', putRate, barePut)}
${row('bare Fastify GET (ceiling)', bareGet, bareGet)}
${row('bare Fastify PUT (ceiling)', barePut, barePut)}

Command: \`npm run bench:api\` (BENCH_SECONDS=${DURATION}, BENCH_CONNECTIONS=${CONNECTIONS}). Run at ${new Date().toISOString()}, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(
      ' / ',
    )} at the end (others' work on the machine lowers every figure; server CPU µs/req is the steadiest).

${NOTES}`;
  writeSection('api', md);
  process.stdout.write(md + '\n');
} finally {
  await sp.stop();
}
