/**
 * Engine test bench: a REAL SQLite store in a temp file, a ManualClock, and a fake ActionExecutor
 * that records every call (the code *around* the executor is what these tests exercise).
 *
 * With TAKT_ENGINE_TEST_STORE=postgres (set by engine-postgres.test.ts) every bench gets a fresh
 * schema on the run's PostgreSQL (support/postgres.ts) instead, so the same engine tests run on the cluster store.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_PLANS, type JobCollection } from '../../../src/domain/collection.js';
import type { AppSettings } from '../../../src/app/deps.js';
import type { ActionBody, Job, JobDefinition, JobRef, RetryPolicy } from '../../../src/domain/job.js';
import { startSeries, ZERO_COUNTERS } from '../../../src/domain/job-lifecycle.js';
import { mapSecrets } from '../../../src/domain/job-secrets.js';
import type { PlainSecret, SealedSecret } from '../../../src/domain/secret.js';
import { Engine } from '../../../src/engine/engine.js';
import type { EngineOptions } from '../../../src/engine/options.js';
import type {
  ActionExecutor,
  AttemptContext,
  AttemptHandle,
  AttemptResult,
} from '../../../src/ports/executor.js';
import type { IdSource } from '../../../src/ports/ids.js';
import type { SecretBox } from '../../../src/ports/secret-box.js';
import type { Store } from '../../../src/ports/store.js';
import { openPostgresStore, openSqliteStore } from '../../../src/store/open-store.js';
import { dropSchema, postgresUrl } from '../../../support/postgres.js';
import { ManualClock } from '../../support/manual-clock.js';

export const T0 = Date.UTC(2026, 2, 2, 2, 0, 0);
export const SUB = '0f8fad5b-d9cb-469f-a165-70867728950e';

export const ref = (jobId: string, collection = 'jobs'): JobRef => ({
  subscriptionId: SUB,
  cloudService: 'cs',
  collection,
  jobId,
});

/** The deployment settings of the use cases run beside an engine (run-now, writes during an attempt). */
export const APP_SETTINGS: AppSettings = {
  plans: DEFAULT_PLANS,
  regions: [],
  strictRegions: false,
  operationDelayMs: 0,
  historyMaxEntries: 1000,
};

export const secrets: SecretBox = {
  seal: (plain) => `sealed:${plain}` as SealedSecret,
  open: (sealed) => {
    if (!sealed.startsWith('sealed:')) throw new Error('cannot authenticate');
    return sealed.slice('sealed:'.length);
  },
};

export function sequentialIds(): IdSource {
  let n = 0;
  return {
    hex32: () => (++n).toString(16).padStart(32, '0'),
    requestId: () => (++n).toString(16).padStart(32, '0'),
    guid: () => `00000000-0000-4000-8000-${(++n).toString(16).padStart(12, '0')}`,
  };
}

export interface Call {
  readonly at: number;
  readonly action: ActionBody<PlainSecret>;
  readonly ctx: AttemptContext;
}

/** Records calls; `respond` decides each result (default: success). */
export class FakeExecutor implements ActionExecutor {
  readonly calls: Call[] = [];
  respond: (call: Call) => Promise<{ ok: boolean; message?: string }> | { ok: boolean; message?: string } =
    () => ({ ok: true });

  private waiters: { n: number; resolve: () => void }[] = [];

  constructor(private readonly clock: ManualClock) {}

  /** Resolves once at least `n` calls were made. */
  waitForCalls(n: number): Promise<void> {
    if (this.calls.length >= n) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ n, resolve }));
  }

  start(action: ActionBody<PlainSecret>, ctx: AttemptContext): AttemptHandle {
    const cancelled = new AbortController();
    return {
      result: this.execute(action, { ...ctx, signal: cancelled.signal }),
      cancel: () => cancelled.abort(),
    };
  }

  async execute(action: ActionBody<PlainSecret>, ctx: AttemptContext): Promise<AttemptResult> {
    const call = { at: this.clock.now(), action, ctx };
    this.calls.push(call);
    this.waiters = this.waiters.filter((w) => (w.n <= this.calls.length ? (w.resolve(), false) : true));
    const r = await this.respond(call);
    return {
      ok: r.ok,
      message: r.message ?? (r.ok ? 'ok' : 'failed'),
      startedAt: call.at,
      endedAt: this.clock.now(),
    };
  }
}

export interface Bench {
  readonly store: Store;
  readonly clock: ManualClock;
  readonly executor: FakeExecutor;
  readonly ids: IdSource;
  /** An engine the bench settles and stops with the others. */
  engine(options?: Partial<EngineOptions>, clock?: ManualClock, executor?: ActionExecutor): Engine;
  /** Stores a job as the API would (a new series begins at the clock's now). */
  putJob(jobId: string, def: JobDefinition<PlainSecret>, collection?: string, box?: SecretBox): Promise<Job>;
  /** Advances the clock in steps, letting the engine finish its work after each. */
  advance(ms: number, stepMs?: number): Promise<void>;
  close(): Promise<void>;
}

export function httpDef(
  over: Partial<JobDefinition<PlainSecret>> = {},
  uri = 'http://a.example/hook',
): JobDefinition<PlainSecret> {
  return {
    startTime: { ms: T0 + 60_000, ticks: 0 },
    action: { type: 'http', request: { uri, method: 'POST', headers: [], body: 'hi' } },
    state: 'enabled',
    ...over,
  };
}

/** A job whose main action (GET main.example) falls back to an error action (POST err.example). */
export function withErrorAction(
  retryPolicy: RetryPolicy = { retryType: 'none' },
): JobDefinition<PlainSecret> {
  return httpDef({
    action: {
      type: 'http',
      request: { uri: 'http://main.example/', method: 'GET', headers: [] },
      retryPolicy,
      errorAction: { type: 'http', request: { uri: 'http://err.example/', method: 'POST', headers: [] } },
    },
  });
}

/** A promise and its resolve, for an executor answer the test releases. */
export function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** One event-loop turn: lets every promise chain already started run to its next real wait. */
export const turn = (): Promise<void> => new Promise((r) => setImmediate(r));

/**
 * Event-loop turns until `done()` holds (each turn lets pending store work and timers run); fails
 * after 20 s of real time (the store's writes are real I/O).
 */
export async function until(done: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!done()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await turn();
  }
}

let schemas = 0;

/** The bench's store: a SQLite file in `dir`, or a fresh PostgreSQL schema; `drop` removes it. */
async function openStore(dir: string): Promise<{ store: Store; drop: () => Promise<void> }> {
  if (process.env['TAKT_ENGINE_TEST_STORE'] !== 'postgres') {
    return { store: await openSqliteStore({ path: join(dir, 'takt.db') }), drop: () => Promise.resolve() };
  }
  const schema = `takt_engine_${process.pid}_${++schemas}`;
  const store = await openPostgresStore({ url: postgresUrl(), schema, poolSize: 4 });
  return { store, drop: () => dropSchema(schema) };
}

export async function openBench(start = T0): Promise<Bench> {
  const dir = mkdtempSync(join(tmpdir(), 'takt-engine-'));
  const { store, drop } = await openStore(dir);
  const clock = new ManualClock(start);
  const executor = new FakeExecutor(clock);
  const ids = sequentialIds();
  await store.createSubscription({ id: SUB, enabled: true, registered: true, createdAt: start });
  await store.createCloudService({
    subscriptionId: SUB,
    name: 'cs',
    label: 'cs',
    description: '',
    geoRegion: 'West Europe',
    etag: 'e',
    createdAt: start,
  });
  const collection = (name: string, suspended: boolean): JobCollection => ({
    subscriptionId: SUB,
    cloudService: 'cs',
    name,
    plan: 'Premium',
    quota: {},
    schemaVersion: '1',
    etag: 'e',
    lastOperation: 'Create',
    suspended,
    createdAt: start,
    updatedAt: start,
  });
  await store.createJobCollection(collection('jobs', false));
  await store.createJobCollection(collection('paused', true));
  await store.createJobCollection(collection('other', false));
  const engines: Engine[] = [];
  return {
    store,
    clock,
    executor,
    ids,
    engine(options = {}, c = clock, x = executor) {
      const e = new Engine(
        { store, clock: c, executor: x, secrets, ids },
        { nodeId: `node-${engines.length + 1}`, ...options },
      );
      engines.push(e);
      return e;
    },
    async putJob(jobId, def, collectionName = 'jobs', box = secrets) {
      const now = clock.now();
      const runtime = startSeries(def, undefined, now);
      const job: Job = {
        ref: ref(jobId, collectionName),
        definition: mapSecrets(def, (s: PlainSecret) => box.seal(s)),
        state: runtime.state,
        counters: ZERO_COUNTERS,
        schedule: runtime.schedule,
        ...(runtime.finishedAt !== undefined ? { finishedAt: runtime.finishedAt } : {}),
        createdAt: now,
        updatedAt: now,
        version: 1,
      };
      await store.insertJob(job, { maxJobs: 1000 });
      for (const e of engines) e.jobsChanged(job.ref);
      return job;
    },
    async advance(ms, stepMs = 1000) {
      for (const e of engines) await e.settled();
      const target = clock.now() + ms;
      while (clock.now() < target) {
        clock.setTo(Math.min(target, clock.now() + stepMs));
        for (const e of engines) await e.settled();
      }
    },
    async close() {
      for (const e of engines) await e.stop();
      await store.close();
      await drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
