// In-process API harness: buildApi over a real SQLite store (':memory:'), a ManualClock, the real
// AES-GCM secret box and PFX inspector, predictable ids and a logger that keeps every line.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { dropSchema, postgresUrl } from '../../support/postgres.js';
import { buildApi, type BuildApiOptions } from '../../src/api/build-api.js';
import { hashToken } from '../../src/app/admin/credentials.js';
import type { ApiDeps } from '../../src/api/api-deps.js';
import type { AppDeps, AppSettings } from '../../src/app/deps.js';
import { NodePfxInspector } from '../../src/certificates/node-pfx-inspector.js';
import { DEFAULT_PLANS } from '../../src/domain/collection.js';
import type { CollectionRef, JobRef } from '../../src/domain/job.js';
import type { EpochMs } from '../../src/domain/time.js';
import type { IdSource } from '../../src/ports/ids.js';
import type { Logger } from '../../src/ports/logger.js';
import type { Store } from '../../src/ports/store.js';
import { AesGcmSecretBox } from '../../src/secrets/aes-gcm-box.js';
import { openPostgresStore, openSqliteStore } from '../../src/store/open-store.js';
import { ManualClock } from '../support/manual-clock.js';

export const SUB = '0f0e0d0c-0b0a-4009-8807-060504030201';
export const OTHER_SUB = '11111111-2222-4333-8444-555555555555';
export const TOKEN = 'test-token-' + 'a'.repeat(60);
export const OTHER_TOKEN = 'other-token-' + 'b'.repeat(60);
export const VERSION_HEADER = { 'x-ms-version': '2013-03-01' };

export class CountingIds implements IdSource {
  private n = 0;
  hex32(): string {
    return (++this.n).toString(16).padStart(32, '0');
  }
  /** Counted like hex32, whatever the time: tests name operations by their count. */
  requestId(): string {
    return this.hex32();
  }
  guid(): string {
    const h = (++this.n).toString(16).padStart(32, '0');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }
}

export class MemoryLogger implements Logger {
  readonly lines: string[] = [];
  debug(f: Record<string, unknown>, m: string): void {
    this.lines.push(JSON.stringify({ ...f, m }));
  }
  info(f: Record<string, unknown>, m: string): void {
    this.lines.push(JSON.stringify({ ...f, m }));
  }
  warn(f: Record<string, unknown>, m: string): void {
    this.lines.push(JSON.stringify({ ...f, m }));
  }
  error(f: Record<string, unknown>, m: string): void {
    this.lines.push(JSON.stringify({ ...f, m }));
  }
  child(): Logger {
    return this;
  }
}

export interface Harness {
  readonly app: FastifyInstance;
  readonly store: Store;
  readonly clock: ManualClock;
  readonly deps: AppDeps;
  readonly logger: MemoryLogger;
  readonly signals: unknown[];
  /** The next due time each signal carried (EngineSignal.jobsChanged), in the order of `signals`. */
  readonly dueSignals: (EpochMs | null | undefined)[];
  /** A request with the bearer token and x-ms-version unless overridden. */
  call(method: string, path: string, opts?: CallOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export interface CallOptions {
  readonly body?: string | object;
  readonly headers?: Record<string, string | undefined>;
  readonly token?: string | null;
}

export interface HarnessOptions {
  readonly settings?: Partial<AppSettings>;
  readonly api?: Partial<Omit<ApiDeps, 'app' | 'logger' | 'version'>>;
  readonly build?: BuildApiOptions;
  /** Another store (e.g. PostgreSQL from the store-contract harness, which then closes it). */
  readonly openStore?: () => Promise<Store>;
}

let schemas = 0;

/**
 * SQLite in memory; with TAKT_API_TEST_STORE=postgres, a fresh schema on the run's PostgreSQL
 * (so the whole API suite can be run against PostgreSQL too).
 */
async function defaultStore(): Promise<{ store: Store; drop: () => Promise<void> }> {
  if (process.env['TAKT_API_TEST_STORE'] !== 'postgres') {
    return { store: await openSqliteStore({ path: ':memory:' }), drop: () => Promise.resolve() };
  }
  const url = postgresUrl();
  const schema = `api_test_${process.pid}_${++schemas}`;
  const store = await openPostgresStore({ url, schema });
  return { store, drop: () => dropSchema(schema, url) };
}

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const own = opts.openStore ? undefined : await defaultStore();
  const store = own ? own.store : await (opts.openStore as () => Promise<Store>)();
  const clock = new ManualClock('2026-03-01T10:00:00Z');
  const signals: unknown[] = [];
  const dueSignals: (EpochMs | null | undefined)[] = [];
  const deps: AppDeps = {
    store,
    clock,
    ids: new CountingIds(),
    secrets: new AesGcmSecretBox(randomBytes(32)),
    pfx: new NodePfxInspector(),
    engine: {
      jobsChanged: (ref, nextDue) => {
        signals.push(ref);
        dueSignals.push(nextDue);
      },
    },
    settings: {
      plans: DEFAULT_PLANS,
      regions: ['West US', 'East US', 'West Europe'],
      strictRegions: false,
      operationDelayMs: 0,
      historyMaxEntries: 1000,
      ...opts.settings,
    },
  };
  const now = clock.now();
  for (const [id, token] of [
    [SUB, TOKEN],
    [OTHER_SUB, OTHER_TOKEN],
  ] as const) {
    await store.createSubscription({ id, enabled: true, registered: true, createdAt: now });
    await store.addToken({
      id: `tok-${id.slice(0, 4)}`,
      subscriptionId: id,
      hash: hashToken(token),
      createdAt: now,
    });
  }
  const logger = new MemoryLogger();
  const app = buildApi({ app: deps, logger, version: '9.9.9', ...opts.api }, opts.build);
  await app.ready();
  return {
    app,
    store,
    clock,
    deps,
    logger,
    signals,
    dueSignals,
    call(method, path, o = {}) {
      const headers: Record<string, string> = { ...VERSION_HEADER };
      const token = o.token === undefined ? TOKEN : o.token;
      if (token !== null) headers['authorization'] = `Bearer ${token}`;
      for (const [k, v] of Object.entries(o.headers ?? {})) {
        if (v === undefined) delete headers[k];
        else headers[k] = v;
      }
      let payload: string | undefined;
      if (typeof o.body === 'string') payload = o.body;
      else if (o.body !== undefined) payload = JSON.stringify(o.body);
      return app.inject({
        method: method as 'GET',
        url: path,
        headers,
        ...(payload !== undefined ? { payload } : {}),
      });
    },
    async close() {
      await app.close();
      if (own) {
        await store.close();
        await own.drop();
      }
    },
  };
}

export const csPath = (cs = 'cs1', sub = SUB): string => `/${sub}/cloudservices/${cs}`;
export const jcPath = (jc = 'jc1', cs = 'cs1', sub = SUB): string =>
  `/${sub}/cloudservices/${cs}/resources/scheduler/~/JobCollections/${jc}`;
export const jobsPath = (jc = 'jc1', cs = 'cs1'): string => `${jcPath(jc, cs)}/jobs`;
export const jobPath = (job: string, jc = 'jc1', cs = 'cs1'): string => `${jobsPath(jc, cs)}/${job}`;

export const cloudServiceXml = (label = 'label', region = 'West Europe'): string =>
  `<CloudService xmlns="http://schemas.microsoft.com/windowsazure"><Label>${label}</Label><Description>description</Description><GeoRegion>${region}</GeoRegion></CloudService>`;
export const collectionXml = (plan = 'Standard', extra = ''): string =>
  `<Resource xmlns="http://schemas.microsoft.com/windowsazure"><IntrinsicSettings><Plan>${plan}</Plan>${extra}</IntrinsicSettings></Resource>`;

/** Creates cloud service cs1 and collection jc1 (Standard unless told). */
export async function seedCollection(h: Harness, plan = 'Standard', jc = 'jc1', cs = 'cs1'): Promise<void> {
  if (!(await h.store.getCloudService(SUB, cs))) {
    const r = await h.call('PUT', csPath(cs), { body: cloudServiceXml() });
    if (r.statusCode !== 202) throw new Error(`seed cloud service: ${r.statusCode} ${r.body}`);
  }
  const r = await h.call('PUT', jcPath(jc, cs), { body: collectionXml(plan) });
  if (r.statusCode !== 202) throw new Error(`seed collection: ${r.statusCode} ${r.body}`);
}

export const httpJob = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  action: { type: 'http', request: { uri: 'http://example.com/hook', method: 'GET' } },
  recurrence: { frequency: 'hour', interval: 1 },
  ...extra,
});

/** Everything readable for a subscription, for "a rejected request leaves the store as it was". */
export async function dumpStore(store: Store, sub = SUB): Promise<string> {
  const services = await store.listCloudServices(sub);
  const collections = await store.listJobCollections(sub);
  const jobs = [];
  for (const c of collections) {
    const ref: CollectionRef = { subscriptionId: sub, cloudService: c.cloudService, collection: c.name };
    for (const j of await store.listJobs(ref, {}, {})) {
      const jref: JobRef = j.ref;
      jobs.push({ ...j, history: await store.listHistory(jref, {}, {}) });
    }
  }
  return JSON.stringify({ sub: await store.getSubscription(sub), services, collections, jobs });
}

export function errorCode(body: string): string | undefined {
  return /<Code>([^<]*)<\/Code>/.exec(body)?.[1];
}
