// Helpers of the cluster tests (each file takes a fresh database from support/postgres.ts): real `takt serve`
// processes on it, an HTTP sink that records every arrival by job and execution tag and lets tests
// await conditions (events, not sleeps), and job seeding through the API.
import { randomBytes } from 'node:crypto';
import { EventEmitter, once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { Agent, request } from 'node:https';
import { httpsRequest } from '../../support/https-request.js';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Job } from '../../src/domain/job.js';
import { openPostgresStore } from '../../src/store/open-store.js';
import { adminQuery } from '../../support/postgres.js';
import { readConnection, startTakt, type Connection, type TaktProcess } from '../../support/serve.js';

/** Waits for `check` to hold, re-checking on every `emitter` event and every 50 ms (database state has no events). */
export async function until(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  emitter?: EventEmitter,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`);
    await new Promise<void>((resolve) => {
      const t = setTimeout(done, 50);
      function done(): void {
        clearTimeout(t);
        emitter?.off('arrival', done);
        resolve();
      }
      emitter?.once('arrival', done);
    });
  }
}

export interface Arrival {
  readonly job: string;
  readonly tag: string;
  readonly at: number;
}

/** Keep-alive sink: answers every request after `delayMs` (keeps attempts in flight) and records it. */
export class TagSink extends EventEmitter {
  readonly arrivals: Arrival[] = [];
  private constructor(
    private readonly server: Server,
    readonly delayMs: number,
  ) {
    super();
  }

  static async start(delayMs: number): Promise<TagSink> {
    const server = createServer({ keepAliveTimeout: 60_000 });
    const sink = new TagSink(server, delayMs);
    server.on('request', (req, res) => {
      req.resume();
      req.on('end', () => {
        const tag = String(req.headers['x-ms-execution-tag'] ?? '');
        sink.arrivals.push({ job: String(req.headers['x-ms-scheduler-jobid'] ?? ''), tag, at: Date.now() });
        sink.emit('arrival');
        setTimeout(() => res.end('ok'), delayMs);
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return sink;
  }

  url(job: string): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hit/${job}`;
  }

  /** Distinct jobs that reached the sink. */
  jobs(): Set<string> {
    return new Set(this.arrivals.map((a) => a.job));
  }

  /** Tags that arrived more than once, with their arrivals. */
  repeats(): Map<string, Arrival[]> {
    const byTag = new Map<string, Arrival[]>();
    for (const a of this.arrivals) byTag.set(a.tag, [...(byTag.get(a.tag) ?? []), a]);
    return new Map([...byTag].filter(([, list]) => list.length > 1));
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

export interface Node {
  readonly id: string;
  readonly proc: TaktProcess;
  readonly dataDir: string;
  /** `application_name` of every connection of this node. */
  readonly appName: string;
}

/** Starts a `takt serve` on `dbUrl`; every node of a test shares `env` (the secret key above all). */
export async function startNode(
  id: string,
  dbUrl: string,
  env: Record<string, string>,
  role = 'all',
): Promise<Node> {
  const dataDir = mkdtempSync(join(tmpdir(), `takt-cluster-${id}-`));
  const proc = await startTakt(
    ['--data-dir', dataDir, '--port', '0', '--database-url', dbUrl, '--role', role, '--node-id', id],
    env,
  );
  return { id, proc, dataDir, appName: `takt:${id}` };
}

export async function stopNode(n: Node | undefined): Promise<void> {
  if (!n) return;
  if (n.proc.child.exitCode === null && n.proc.child.signalCode === null) await n.proc.stop();
  rmSync(n.dataDir, { recursive: true, force: true });
}

/** The environment every node of one cluster test shares. */
export function clusterEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    TAKT_SECRET_KEY: randomBytes(32).toString('base64'),
    TAKT_LEASE_DURATION: '3s',
    TAKT_PLAN_PREMIUM_MAX_JOBS: '100000',
    TAKT_LOG_LEVEL: 'warn',
    ...extra,
  };
}

/** The classic API of one node, as its admin (bearer token over HTTPS, keep-alive). */
export class Api {
  private readonly agent: Agent;
  private readonly conn: Connection;
  constructor(node: Node) {
    this.conn = readConnection(node.dataDir);
    this.agent = new Agent({
      keepAlive: true,
      maxSockets: 16,
      ca: readFileSync(this.conn.caCertPath, 'utf8'),
    });
  }

  call(
    method: string,
    path: string,
    body: string,
    contentType = 'application/json',
  ): Promise<{ status: number; body: string }> {
    return httpsRequest(`${this.conn.url}/${this.conn.subscriptionId}${path}`, {
      method,
      agent: this.agent,
      headers: {
        'x-ms-version': '2013-03-01',
        authorization: `Bearer ${this.conn.token}`,
        'content-type': contentType,
      },
      body,
    });
  }

  /** A cloud service with one Premium collection; answers the collection's path. */
  async collection(cs: string, jc: string): Promise<string> {
    const a = await this.call(
      'PUT',
      `/cloudservices/${cs}`,
      `<CloudService xmlns="http://schemas.microsoft.com/windowsazure"><Label>${cs}</Label><Description>d</Description><GeoRegion>West Europe</GeoRegion></CloudService>`,
      'application/xml',
    );
    if (a.status >= 300) throw new Error(`cloud service: ${a.status} ${a.body}`);
    const path = `/cloudservices/${cs}/resources/scheduler/~/JobCollections/${jc}`;
    const b = await this.call(
      'PUT',
      path,
      '<Resource xmlns="http://schemas.microsoft.com/windowsazure"><IntrinsicSettings><Plan>Premium</Plan></IntrinsicSettings></Resource>',
      'application/xml',
    );
    if (b.status >= 300) throw new Error(`collection: ${b.status} ${b.body}`);
    return path;
  }

  /** One-time jobs `${prefix}0..n-1`, job i due at `firstDue + i * stepMs`, each POSTing to the sink. */
  async seed(
    collectionPath: string,
    sink: TagSink,
    prefix: string,
    n: number,
    firstDue: number,
    stepMs: number,
  ): Promise<string[]> {
    const names = Array.from({ length: n }, (_, i) => `${prefix}${i}`);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < n) {
        const i = next++;
        const name = names[i]!;
        const body = JSON.stringify({
          startTime: new Date(firstDue + i * stepMs).toISOString(),
          action: { type: 'http', request: { uri: sink.url(name), method: 'POST', body: name } },
          state: 'enabled',
        });
        const r = await this.call('PUT', `${collectionPath}/jobs/${name}`, body);
        if (r.status !== 201) throw new Error(`job ${name}: ${r.status} ${r.body}`);
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    return names;
  }

  /**
   * `n` one-time jobs `${prefix}0..n-1` in the collection, each POSTing to the sink, due in a day
   * (`releaseJobs` makes them due): one template through the API (validation, sealing), the copies
   * straight into the store (thousands of API PUTs take longer than a test should wait here).
   */
  async seedMany(
    dbUrl: string,
    collectionPath: string,
    sink: TagSink,
    prefix: string,
    n: number,
  ): Promise<string[]> {
    const template = `${prefix}template`;
    const body = JSON.stringify({
      startTime: new Date(Date.now() + 86_400_000).toISOString(),
      action: { type: 'http', request: { uri: sink.url(template), method: 'POST', body: 'x' } },
      state: 'enabled',
    });
    const r = await this.call('PUT', `${collectionPath}/jobs/${template}`, body);
    if (r.status !== 201) throw new Error(`template job: ${r.status} ${r.body}`);
    const [, , cloudService, , , , , collection] = collectionPath.split('/');
    const ref = {
      subscriptionId: this.conn.subscriptionId,
      cloudService: cloudService!,
      collection: collection!,
    };
    const store = await openPostgresStore({ url: dbUrl, migrate: false });
    try {
      const t = await store.getJob({ ...ref, jobId: template });
      if (!t) throw new Error('template job not found in the store');
      const names = Array.from({ length: n }, (_, i) => `${prefix}${i}`);
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < n) {
          const i = next++;
          const job: Job = { ...t, ref: { ...ref, jobId: names[i]! } };
          await store.insertJob(job, { maxJobs: 1_000_000 });
        }
      };
      await Promise.all(Array.from({ length: 8 }, worker));
      return names;
    } finally {
      await store.close();
    }
  }

  close(): void {
    this.agent.destroy();
  }
}

/** The CA that signed a node's server certificate (for its HTTPS /metrics). */
export function caOf(node: Node): string {
  return readFileSync(readConnection(node.dataDir).caCertPath, 'utf8');
}

/**
 * Makes the seeded jobs `${prefix}0..` due: job i at `firstDue + i * stepMs` (one statement, so the
 * run starts at a known instant however long seeding took), then wakes the nodes.
 */
export async function releaseJobs(
  dbUrl: string,
  prefix: string,
  firstDue: number,
  stepMs: number,
): Promise<void> {
  await adminQuery(
    `UPDATE jobs SET next_due_at = $1::bigint + $2::bigint * (substr(name, $3)::int), anchor = $1::bigint + $2::bigint * (substr(name, $3)::int)
      WHERE name ~ $4`,
    [firstDue, stepMs, prefix.length + 1, `^${prefix}[0-9]+$`],
    dbUrl,
  );
  await adminQuery(`SELECT pg_notify('takt_jobs', 'test')`, [], dbUrl);
}

/** Backend pids of one node (by application_name) on `database`. */
export async function backendsOf(
  node: Node,
  database: string,
): Promise<{ pid: number; state: string | null }[]> {
  return adminQuery<{ pid: number; state: string | null }>(
    'SELECT pid, state FROM pg_stat_activity WHERE datname = $1 AND application_name = $2',
    [database, node.appName],
  );
}

/** One counter of a node's /metrics (summed over label sets). */
export async function metric(url: string, name: string, ca?: string): Promise<number> {
  const text = await new Promise<string>((resolve, reject) => {
    const target = new URL('/metrics', url);
    const get = target.protocol === 'https:' ? request : httpRequest;
    const req = get(target, { ca, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    });
    req.on('error', reject);
    req.end();
  });
  let sum = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith(`${name}{`) || line.startsWith(`${name} `)) sum += Number(line.split(' ').pop());
  }
  return sum;
}
