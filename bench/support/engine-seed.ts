// Seeding for the engine benchmark. Jobs go in through the management API (PUT job) over a
// keep-alive undici pool with the admin client certificate, many requests in flight at once, so the
// product's own write path creates them. Only the scale part (one million jobs) clones rows in SQL,
// see sql-clone.ts.
import { Pool } from 'undici';
import type { ServeProcess } from './serve-process.js';

/** Environment for a `takt serve` that is seeded at full speed: no API rate limit, big collections. */
export const SEED_ENV: Readonly<Record<string, string>> = {
  // The per-subscription rate limit (2,000/s by default) would throttle seeding, not the engine.
  TAKT_API_RATE_LIMIT: '0',
  TAKT_LOG_LEVEL: 'warn',
};

export interface Collection {
  readonly jobsPath: string;
}

/** Creates the cloud service `bench` and the Premium collection `name`; answers its jobs path. */
export async function createCollection(sp: ServeProcess, pool: Pool, name: string): Promise<Collection> {
  const sub = sp.connection.subscriptionId;
  const cs = await send(pool, 'PUT', `/${sub}/CloudServices/bench`, CLOUD_SERVICE, 'application/xml');
  if (cs.status !== 202 && cs.status !== 409)
    throw new Error(`create cloud service: ${cs.status} ${cs.body}`);
  const jc = await send(
    pool,
    'PUT',
    `/${sub}/cloudservices/bench/resources/scheduler/JobCollections/${name}`,
    COLLECTION,
    'application/xml',
  );
  if (jc.status !== 202) throw new Error(`create collection: ${jc.status} ${jc.body}`);
  return { jobsPath: `/${sub}/cloudservices/bench/resources/scheduler/~/JobCollections/${name}/jobs` };
}

export function apiPool(sp: ServeProcess, connections = 16): Pool {
  return new Pool(sp.connection.url, {
    connections,
    pipelining: 1,
    keepAliveTimeout: 60_000,
    connect: { ca: sp.tls.ca, cert: sp.tls.cert, key: sp.tls.key },
  });
}

/**
 * Jobs per collection when seeding (BENCH_PER_COLLECTION, default 1,000): the store counts a
 * collection's jobs on every insert. A backlog's claim takes a share of each collection with due
 * jobs (docs/engine.md, "Fairness"), so this also sets how many collections a burst spans.
 */
export const PER_COLLECTION = Number(process.env.BENCH_PER_COLLECTION ?? 1000);

/** Creates the collections `${name}0 …` that hold `n` jobs, PER_COLLECTION each. */
export async function createCollections(
  sp: ServeProcess,
  pool: Pool,
  name: string,
  n: number,
): Promise<Collection[]> {
  const out: Collection[] = [];
  for (let k = 0; k * PER_COLLECTION < n; k++) out.push(await createCollection(sp, pool, `${name}${k}`));
  return out;
}

/**
 * PUTs jobs `j0 … j{n-1}` with `body(i)`, job i into collection `floor(i / perCollection)`,
 * `parallel` requests in flight; answers the seconds it took. Any answer but 201 stops the
 * benchmark (a half-seeded run measures nothing).
 */
export async function seedJobs(
  pool: Pool,
  collections: readonly Collection[],
  n: number,
  body: (i: number) => unknown,
  parallel = 32,
  prefix = 'j',
  perCollection = PER_COLLECTION,
): Promise<number> {
  if (collections.length * perCollection < n)
    throw new Error(`${n} jobs need ${Math.ceil(n / perCollection)} collections`);
  const t0 = performance.now();
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < n; i = next++) {
      const c = collections[Math.floor(i / perCollection)]!;
      const r = await send(
        pool,
        'PUT',
        `${c.jobsPath}/${prefix}${i}`,
        JSON.stringify(body(i)),
        'application/json',
      );
      if (r.status !== 201) throw new Error(`create job ${prefix}${i}: ${r.status} ${r.body}`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, n) }, worker));
  return (performance.now() - t0) / 1000;
}

/** An HTTP action POSTing to the sink. */
export function httpAction(sinkUrl: string): unknown {
  return { type: 'http', request: { uri: sinkUrl, method: 'POST', body: 'bench' } };
}

export async function send(
  pool: Pool,
  method: 'GET' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body: string | undefined,
  contentType: string,
): Promise<{ status: number; body: string }> {
  const res = await pool.request({
    path,
    method,
    headers: { 'x-ms-version': '2013-03-01', ...(body !== undefined ? { 'content-type': contentType } : {}) },
    ...(body !== undefined ? { body } : {}),
  });
  return { status: res.statusCode, body: await res.body.text() };
}

const CLOUD_SERVICE =
  '<CloudService xmlns="http://schemas.microsoft.com/windowsazure"><Label>bench</Label><Description>bench</Description><GeoRegion>West Europe</GeoRegion></CloudService>';
const COLLECTION =
  '<Resource xmlns="http://schemas.microsoft.com/windowsazure"><IntrinsicSettings><Plan>Premium</Plan></IntrinsicSettings></Resource>';
