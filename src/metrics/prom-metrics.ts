import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type {
  MetricActionRole,
  MetricActionType,
  MetricOutcome,
  Metrics,
  MetricsExposition,
  SqliteCheckpointKind,
  StoreFailureKind,
} from '../ports/metrics.js';
import { FastHistogram } from './fast-histogram.js';

export interface PromMetricsOptions {
  /** Also export Node's process metrics (CPU, memory, event-loop lag, GC). Default true. */
  readonly processMetrics?: boolean;
  /** Labels put on every series (e.g. `{ node: 'host-123' }`). Default none. */
  readonly defaultLabels?: Readonly<Record<string, string>>;
  /**
   * The node is one of a PostgreSQL cluster: export its wake-up connection's series
   * (`takt_cluster_*`). Default false: on SQLite `takt_cluster_listening` would read 0 for ever and
   * fire the "falls back to polling" alert (docs/operations.md, Monitoring).
   */
  readonly cluster?: boolean;
  /**
   * The node runs the engine. Default true; false (an API-only node, `--role api`) leaves out the
   * engine's series, whose zeros would read as a node that stopped claiming (docs/operations.md).
   */
  readonly engine?: boolean;
}

/** The series only a node that runs the engine has. */
const ENGINE_SERIES = [
  'takt_executions_total',
  'takt_execution_lateness_seconds',
  'takt_attempt_duration_seconds',
  'takt_executions_in_flight',
  'takt_due_backlog',
  'takt_claimed_runs_total',
  'takt_lease_reclaims_total',
];

/** Lateness: from on time to several minutes late (catch-up after downtime lands in +Inf). */
const LATENESS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];
/** Attempts: an HTTP call is usually well under a second; the default timeout is 60 s. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
/** Store verbs: SQLite answers in microseconds, PostgreSQL in milliseconds. */
const STORE_BUCKETS = [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5];
const API_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10];

/** A label a caller got wrong must not mint unbounded series: long or odd values collapse to 'other'. */
const LABEL_SHAPE = /^[\x20-\x7e]{1,120}$/;
const label = (v: string): string => (LABEL_SHAPE.test(v) ? v : 'other');
/** Milliseconds to seconds, clamping what a skewed clock could make negative or NaN. */
const seconds = (ms: number): number => (Number.isFinite(ms) && ms > 0 ? ms / 1000 : 0);
const count = (n: number): number => (Number.isFinite(n) && n > 0 ? Math.trunc(n) : 0);

/**
 * Labelled children by label values. prom-client hashes the label object on every `inc`/`observe`
 * with labels (about 1 µs each, three or four per attempt and per API request, measured in the
 * engine's profile); a child bound once per label set skips that. Label values are already
 * bounded by `label()`, so the map is too.
 */
class Children<C> {
  private readonly map = new Map<string, C>();
  constructor(private readonly bind: (values: readonly string[]) => C) {}

  of(...values: string[]): C {
    const key = values.join('\u0000');
    let child = this.map.get(key);
    if (child === undefined) {
      child = this.bind(values);
      this.map.set(key, child);
    }
    return child;
  }
}

type CounterChild = ReturnType<Counter['labels']>;
type HistogramChild = ReturnType<Histogram['labels']>;
type Observe = (value: number) => void;

/**
 * The Metrics port over prom-client, on a registry of its own (not the global one) so several
 * nodes or tests in one process never share series. Metric names follow Prometheus conventions:
 * `_total` counters, `_seconds` histograms, base units.
 */
export class PromMetrics implements Metrics, MetricsExposition {
  readonly registry = new Registry();
  private readonly executions: Counter<'action_type' | 'outcome' | 'role'> = new Counter({
    name: 'takt_executions_total',
    help: 'Attempts finished, by action type, outcome (completed, failed) and role (main or error action).',
    labelNames: ['action_type', 'outcome', 'role'],
    registers: [this.registry],
  });
  private readonly lateness: Histogram<'action_type'> = new Histogram({
    name: 'takt_execution_lateness_seconds',
    help: 'How long after its due time an attempt started.',
    labelNames: ['action_type'],
    buckets: LATENESS_BUCKETS,
    registers: [this.registry],
  });
  private readonly attemptDuration: Histogram<'action_type' | 'outcome'> = new Histogram({
    name: 'takt_attempt_duration_seconds',
    help: 'Duration of one attempt, from start to outcome.',
    labelNames: ['action_type', 'outcome'],
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });
  private readonly inFlightGauge: Gauge = new Gauge({
    name: 'takt_executions_in_flight',
    help: 'Attempts running now on this node.',
    registers: [this.registry],
  });
  private readonly backlog: Gauge = new Gauge({
    name: 'takt_due_backlog',
    help: 'Occurrences due now or earlier and not yet claimed, as last seen by this node.',
    registers: [this.registry],
  });
  private readonly claims: Counter = new Counter({
    name: 'takt_claimed_runs_total',
    help: 'Runs claimed by this node.',
    registers: [this.registry],
  });
  private readonly reclaims: Counter = new Counter({
    name: 'takt_lease_reclaims_total',
    help: 'Expired leases taken over (a crashed or stalled attempt, or one that waited too long for a hanging host, redelivered).',
    registers: [this.registry],
  });
  private readonly wakeups: Counter = new Counter({
    name: 'takt_cluster_wakeups_total',
    help: 'Wake-ups from other nodes (LISTEN/NOTIFY), plus one per restored wake-up connection (PostgreSQL only).',
    registers: [this.registry],
  });
  private readonly listening: Gauge = new Gauge({
    name: 'takt_cluster_listening',
    help: "1 while this node's LISTEN connection is up, 0 while it reconnects and the node relies on polling (PostgreSQL only).",
    registers: [this.registry],
  });
  // Observed several times per API request: the cheaper histogram (fast-histogram.ts), same export.
  private readonly store = new FastHistogram<'verb'>({
    name: 'takt_store_latency_seconds',
    help: 'Latency of store verbs.',
    labelNames: ['verb'],
    buckets: STORE_BUCKETS,
    registry: this.registry,
  });
  private readonly storeFailures: Counter<'verb' | 'kind'> = new Counter({
    name: 'takt_store_failures_total',
    help: 'Store verbs that failed: unavailable (busy, disk full, connection lost) or error (anything else); conflicts are not failures.',
    labelNames: ['verb', 'kind'],
    registers: [this.registry],
  });
  private readonly apiRequests: Counter<'route' | 'status'> = new Counter({
    name: 'takt_api_requests_total',
    help: 'API requests answered, by route template and HTTP status.',
    labelNames: ['route', 'status'],
    registers: [this.registry],
  });
  private readonly apiDuration = new FastHistogram<'route'>({
    name: 'takt_api_request_duration_seconds',
    help: 'API request duration by route template.',
    labelNames: ['route'],
    buckets: API_BUCKETS,
    registry: this.registry,
  });
  private readonly apiConnectionsOpen: Gauge = new Gauge({
    name: 'takt_api_connections_open',
    help: 'Connections open on the API listeners (normal and monitoring reserve).',
    registers: [this.registry],
  });
  private readonly apiRefusals: Counter<'reason'> = new Counter({
    name: 'takt_api_connections_refused_total',
    help: 'Connections closed before TLS: reason limit (api.maxConnections and its reserve full) or per_address (api.maxConnectionsPerAddress).',
    labelNames: ['reason'],
    registers: [this.registry],
  });
  private readonly checkpoints: Counter<'kind'> = new Counter({
    name: 'takt_sqlite_checkpoints_total',
    help: 'SQLite WAL checkpoints of the checkpointer thread: passive (off the event loop), blocking (WAL at its hard limit, writers waited), pinned (at the limit while a reader held an old snapshot), failed.',
    labelNames: ['kind'],
    registers: [this.registry],
  });
  private readonly checkpointFrames: Counter = new Counter({
    name: 'takt_sqlite_checkpoint_frames_total',
    help: 'WAL frames (pages) the checkpointer thread copied into the SQLite database file.',
    registers: [this.registry],
  });
  private readonly checkpointBlocked: Counter = new Counter({
    name: 'takt_sqlite_checkpoint_blocking_seconds_total',
    help: 'Time SQLite writers waited for blocking checkpoints (the WAL at its hard limit).',
    registers: [this.registry],
  });
  private readonly executionsBy: Children<CounterChild> = new Children(([t = '', o = '', r = '']) =>
    this.executions.labels({ action_type: t, outcome: o, role: r }),
  );
  private readonly durationBy: Children<HistogramChild> = new Children(([t = '', o = '']) =>
    this.attemptDuration.labels({ action_type: t, outcome: o }),
  );
  private readonly latenessBy: Children<HistogramChild> = new Children(([t = '']) =>
    this.lateness.labels({ action_type: t }),
  );
  private readonly storeByVerb = new Map<string, Observe>();
  private readonly storeBy: Children<Observe> = new Children(([v = '']) => this.store.observer({ verb: v }));
  private readonly requestsBy: Children<CounterChild> = new Children(([r = '', s = '']) =>
    this.apiRequests.labels({ route: r, status: s }),
  );
  private readonly apiDurationBy: Children<Observe> = new Children(([r = '']) =>
    this.apiDuration.observer({ route: r }),
  );

  constructor(options: PromMetricsOptions = {}) {
    // Default labels are applied when the registry renders, so setting them after the fields is fine.
    if (options.defaultLabels) this.registry.setDefaultLabels({ ...options.defaultLabels });
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: 'takt_' });
    if (options.cluster !== true) {
      this.registry.removeSingleMetric('takt_cluster_wakeups_total');
      this.registry.removeSingleMetric('takt_cluster_listening');
    }
    if (options.engine === false) for (const name of ENGINE_SERIES) this.registry.removeSingleMetric(name);
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }

  executionFinished(
    actionType: MetricActionType,
    outcome: MetricOutcome,
    durationMs: number,
    latenessMs: number,
    role: MetricActionRole = 'main',
  ): void {
    const type = label(actionType);
    const result = label(outcome);
    this.executionsBy.of(type, result, label(role)).inc();
    this.durationBy.of(type, result).observe(seconds(durationMs));
    this.latenessBy.of(type).observe(seconds(latenessMs));
  }

  claimed(n: number): void {
    this.claims.inc(count(n));
  }

  leaseReclaimed(n: number): void {
    this.reclaims.inc(count(n));
  }

  clusterWakeup(): void {
    this.wakeups.inc();
  }

  clusterListening(up: boolean): void {
    this.listening.set(up ? 1 : 0);
  }

  inFlight(delta: number): void {
    if (Number.isFinite(delta)) this.inFlightGauge.inc(Math.trunc(delta));
  }

  dueBacklog(n: number): void {
    this.backlog.set(count(n));
  }

  storeLatency(verb: string, ms: number): void {
    // Verbs are the store's method names (a fixed set): keyed as given, no label check per call.
    let observe = this.storeByVerb.get(verb);
    if (observe === undefined) {
      observe = this.storeBy.of(label(verb));
      this.storeByVerb.set(verb, observe);
    }
    observe(seconds(ms));
  }

  storeFailed(verb: string, kind: StoreFailureKind): void {
    this.storeFailures.inc({ verb: label(verb), kind });
  }

  apiRequest(route: string, status: number, ms: number): void {
    const r = label(route);
    const s = Number.isInteger(status) && status >= 100 && status <= 599 ? String(status) : 'other';
    this.requestsBy.of(r, s).inc();
    this.apiDurationBy.of(r)(seconds(ms));
  }

  apiConnections(delta: number): void {
    if (Number.isFinite(delta)) this.apiConnectionsOpen.inc(Math.trunc(delta));
  }

  apiConnectionRefused(reason: 'limit' | 'perAddress'): void {
    this.apiRefusals.inc({ reason: reason === 'perAddress' ? 'per_address' : 'limit' });
  }

  sqliteCheckpoint(kind: SqliteCheckpointKind, frames: number, ms: number): void {
    this.checkpoints.inc({ kind });
    if (kind === 'passive' || kind === 'blocking') this.checkpointFrames.inc(count(frames));
    if (kind === 'blocking') this.checkpointBlocked.inc(seconds(ms));
  }
}
