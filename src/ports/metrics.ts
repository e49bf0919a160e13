/**
 * What the engine, the store wrapper and the API report for `/metrics` (Prometheus). Types only:
 * the prom-client adapter lives in src/metrics/, and `NoopMetrics` there serves tests and tools.
 *
 * Every method is fire-and-forget and must never throw: a metrics failure must not fail a request
 * or an attempt. Labels are bounded sets (action types, outcomes, route templates, store verbs) —
 * never job ids, paths with names, or anything a tenant controls, so the series count stays bounded.
 */

/** The action kinds of docs/reference/scheduling-rules.md §6 (`http` and `https` are separate on the wire). */
export type MetricActionType = 'http' | 'https' | 'storageQueue' | 'serviceBusQueue' | 'serviceBusTopic';

/** How one attempt ended, as history records it. */
export type MetricOutcome = 'completed' | 'failed';

/** Which action ran: the job's main action or its error action. */
export type MetricActionRole = 'main' | 'error';

export interface Metrics {
  /**
   * One attempt finished. `durationMs` is the attempt (start to end), `latenessMs` how long after
   * the occurrence's due time the attempt started (0 when on time; never negative).
   */
  executionFinished(
    actionType: MetricActionType,
    outcome: MetricOutcome,
    durationMs: number,
    latenessMs: number,
    role?: MetricActionRole,
  ): void;
  /** The engine claimed `n` runs in one batch. */
  claimed(n: number): void;
  /** `n` expired leases (another node's or a crashed attempt's) were taken over. */
  leaseReclaimed(n: number): void;
  /** PostgreSQL cluster: another node's NOTIFY (or a restored wake-up connection) woke this node. */
  clusterWakeup(): void;
  /** PostgreSQL cluster: this node's LISTEN connection came up (true) or dropped (false). */
  clusterListening(up: boolean): void;
  /** Attempts running now: +1 when one starts, -1 when it ends. */
  inFlight(delta: number): void;
  /** Occurrences due now or earlier that no node has claimed yet (a gauge; set, not added). */
  dueBacklog(n: number): void;
  /** One store verb took `ms` (e.g. verb 'claimDue', 'recordOutcomes', 'getJob'). */
  storeLatency(verb: string, ms: number): void;
  /**
   * One store verb failed: `unavailable` the store could not serve it (busy, disk full, connection
   * lost), `error` anything else unexpected. A conflict (a guard's answer: exists, missing, version,
   * quota) is an answer, not a failure, and is not reported.
   */
  storeFailed(verb: string, kind: StoreFailureKind): void;
  /**
   * One API request finished. `route` is the route *template* (e.g. 'PUT /{sub}/cloudservices/{cs}'),
   * or 'unmatched' — never the raw path, which carries tenant names.
   */
  apiRequest(route: string, status: number, ms: number): void;
  /** Open connections to the API listeners: +1 when one is admitted, -1 when it closed. */
  apiConnections(delta: number): void;
  /** A new connection was closed before TLS: over `api.maxConnections` (and its reserve) or the per-address cap. */
  apiConnectionRefused(reason: 'limit' | 'perAddress'): void;
  /**
   * SQLite: one WAL checkpoint of the checkpointer thread (docs/store.md, SQLite checkpoints):
   * `passive` off the event loop; `blocking` the WAL reached its hard limit and writers waited `ms`;
   * `pinned` the hard limit was reached while a reader held an old snapshot; `failed` an error.
   */
  sqliteCheckpoint(kind: SqliteCheckpointKind, frames: number, ms: number): void;
}

export type StoreFailureKind = 'unavailable' | 'error';

export type SqliteCheckpointKind = 'passive' | 'blocking' | 'pinned' | 'failed';

/** The exposition side, for the `/metrics` route (the API serves what this returns). */
export interface MetricsExposition {
  /** Content-Type of `render()`'s text (Prometheus text format 0.0.4). */
  readonly contentType: string;
  render(): Promise<string>;
}
