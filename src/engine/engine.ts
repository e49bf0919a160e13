import type { CollectionRef, JobRef } from '../domain/job.js';
import type { EpochMs } from '../domain/time.js';
import { planOccurrence, type OccurrencePlanner } from '../domain/occurrence.js';
import { decideOutcome, type ClaimedRun, type RunOutcome } from '../domain/occurrence-outcome.js';
import { Batcher } from '../batching/batcher.js';
import type { Clock, TimerHandle } from '../ports/clock.js';
import type { EngineSignal } from '../ports/engine-signal.js';
import type { ActionExecutor } from '../ports/executor.js';
import type { IdSource } from '../ports/ids.js';
import type { Logger } from '../ports/logger.js';
import { logStoreFailure, StoreStreaks, writesAnswer } from './store-streaks.js';
import type { Metrics } from '../ports/metrics.js';
import type { SecretBox } from '../ports/secret-box.js';
import type { Store } from '../ports/store.js';
import { attemptAction } from './attempt.js';
import { localRunner, newHeld, type AttemptRunner, type Held } from './attempt-runner.js';
import { countAttempt, countClaims, logAttempt, outcomeOf } from './attempt-record.js';
import { DueWindow } from './due-window.js';
import { closeOutcomes, outcomeBatcher } from './outcome-batcher.js';
import { ChangeCoalescer } from './change-coalescer.js';
import { canMove, type EngineMode } from './engine-mode.js';
import { HostWait } from './host-wait.js';
import { renewLeases } from './lease-renewal.js';
import { occurrenceTag } from './occurrence-tag.js';
import { repeat } from './repeat.js';
import { resolveEngineOptions, type EngineOptions, type ResolvedEngineOptions } from './options.js';
import { RetentionSweeper, type RetentionReport } from './retention.js';
import { SILENT } from './silent-logger.js';
import { SingleFlight } from './single-flight.js';
import { extend } from '../domain/extend.js';

export interface EngineDeps {
  readonly store: Store;
  readonly clock: Clock;
  /** Runs attempts on the engine's thread unless `runner` is given. */
  readonly executor?: ActionExecutor;
  /** Where attempts run (attempt-runner.ts); default: `executor`, on this thread. */
  readonly runner?: AttemptRunner;
  readonly secrets: SecretBox;
  readonly ids: IdSource;
  readonly logger?: Logger;
  /** Claims, reclaimed leases, in-flight attempts, lateness (for /metrics). Default: none. */
  readonly metrics?: Metrics;
}

/**
 * The dispatcher (docs/engine.md): keeps the near-term due times in a min-heap with one timer,
 * claims due work in leased batches, runs attempts under global and per-host limits, records
 * outcomes in batches, renews leases of long attempts and polls as a fallback to wake-ups.
 * Nothing runs before its due time: the store only hands out rows due at the claim's `now`.
 */
export class Engine implements EngineSignal {
  private readonly settings: ResolvedEngineOptions;
  private readonly log: Logger;
  private readonly streaks: StoreStreaks;
  private readonly window: DueWindow;
  private readonly planner: OccurrencePlanner;
  private readonly retention: RetentionSweeper;
  private readonly runner: AttemptRunner;
  private readonly held = new Map<string, Held>();
  /** Attempts that waited too long for a hanging host, and the hosts stuck since (host-wait.ts). */
  private readonly hostWait: HostWait;
  /** The last claim filled its batch: more is due than was claimed (see `claimRound`). */
  private backlog = false;
  private readonly work = new Set<Promise<void>>();
  private mode: EngineMode = 'created';
  private wake: { at: number; handle: TimerHandle } | undefined;
  private timers: TimerHandle[] = [];
  private renewal: TimerHandle | undefined;
  /** Re-reads of the due window, and claims: each at most one at a time (single-flight.ts). */
  private readonly refreshes: SingleFlight;
  private readonly claims: SingleFlight;
  /** Outcomes, recorded in batches (one transaction each). */
  private readonly outcomes: Batcher<RunOutcome, boolean>;
  /**
   * Finished attempts, batched into one "claim or re-arm": once per event-loop turn while running,
   * so the slots freed by one recorded batch are claimed in one transaction; while starved until a
   * quarter of the slots are free or `starvedGatherMs` passed (see `afterAttempts`).
   */
  private readonly freed: Batcher<void>;
  /** Freed slots gathered while starved: a quarter (docs/engine.md, "Structure of the dispatcher"). */
  private readonly gatherSlots: number;
  /** What the writes of this event-loop turn asked for (`jobsChanged`), done once in the next turn. */
  private readonly changes = new ChangeCoalescer(
    (need) => (need === 'refresh' ? this.refresh() : this.arm()),
    (work) => this.track(work),
  );

  constructor(
    private readonly deps: EngineDeps,
    options: EngineOptions,
  ) {
    this.settings = resolveEngineOptions(options);
    this.log = deps.logger ?? SILENT;
    this.streaks = new StoreStreaks(this.log, deps.clock);
    this.runner = deps.runner ?? localRunner(extend(deps, { maxPerHost: this.settings.maxPerHost }));
    this.window = new DueWindow(this.settings.windowLimit);
    this.retention = new RetentionSweeper(deps.store, deps.clock, this.settings, this.streaks.sweeps);
    this.planner = (job, now) => planOccurrence(job, now, this.settings.catchUpRules, occurrenceTag(job));
    const active = (): boolean => this.mode === 'running' || this.mode === 'starved';
    this.refreshes = new SingleFlight(
      () => this.refreshRound(),
      active,
      () => this.arm(),
    );
    // Starved (every slot held): the next finished attempt claims again. Re-arming then would
    // call claim() at once for a due heap and recurse without ever awaiting.
    this.claims = new SingleFlight(
      () => this.claimRound(),
      () => this.mode === 'running',
      () => {
        if (this.mode !== 'starved') this.arm();
      },
    );
    // Only while starved: work due while slots are free is claimed in the next turn, never held.
    const { batchSize, maxConcurrentAttempts } = this.settings;
    this.gatherSlots = Math.max(1, Math.min(batchSize, Math.floor(maxConcurrentAttempts / 4)));
    const { maxHostWaitMs: maxWaitMs } = this.settings;
    const hostLimits = { maxWaitMs, maxAttempts: maxConcurrentAttempts, minFree: this.gatherSlots };
    this.hostWait = new HostWait(hostLimits, this.log);
    const lingerMs = (): number => (this.mode === 'starved' ? this.settings.starvedGatherMs : 0);
    this.outcomes = outcomeBatcher(deps.store, this.settings, lingerMs, this.streaks.writes);
    this.freed = new Batcher<void>({
      write: () => {
        this.afterAttempts();
        return Promise.resolve([]);
      },
      maxItems: this.gatherSlots,
      lingerMs,
    });
  }

  /** The only place `mode` changes; a transition the table does not allow is a bug. */
  private setMode(next: EngineMode): void {
    if (!canMove(this.mode, next)) throw new Error(`engine: no transition ${this.mode} -> ${next}`);
    this.mode = next;
  }

  /** Starts dispatching once this node's leftover leases are released (`settled()` awaits that). */
  start(): void {
    if (this.mode !== 'created') return;
    this.setMode('starting');
    this.track(this.begin());
  }

  private async begin(): Promise<void> {
    // Leases under this node id are an earlier process's (a stable id survives restarts; no second live
    // process has it, docs/operations.md): free them for redelivery now. Before the first claim: none is ours.
    try {
      const released = await this.deps.store.releaseLeases(this.settings.nodeId);
      if (released > 0)
        this.log.info({ released }, 'engine: released leases left by an earlier process of this node');
    } catch (err) {
      logStoreFailure(this.log, err, 'engine: releasing leftover leases failed; they will expire');
    }
    if (this.mode !== 'starting') return;
    this.setMode('running');
    const { clock } = this.deps;
    this.timers = [
      repeat(clock, this.settings.pollMs, () => {
        this.hostWait.release(this.held, clock.now(), (h) => this.cancel(h));
        this.refresh();
      }),
      repeat(clock, this.settings.retentionIntervalMs, () =>
        this.track(this.retention.sweep(() => this.active)),
      ),
    ];
    const { leaseDurationMs: lease, nodeId } = this.settings;
    const { store } = this.deps;
    this.renewal = repeat(clock, Math.max(1, Math.floor(lease / 3)), () => {
      const cancel = (h: Held): void => this.cancel(h);
      this.track(renewLeases(store, nodeId, this.held, clock.now() + lease, cancel, this.streaks.writes));
    });
    this.refresh();
  }

  /** Claims may start: running or starved. */
  private get active(): boolean {
    return this.mode === 'running' || this.mode === 'starved';
  }

  /**
   * EngineSignal: a write may have changed due times. Given the job's next due time (`nextDue`, null:
   * none), the window takes it as it takes a retry's; otherwise it is re-read now rather than at the
   * next poll. A due time the write moved or removed stays in the window and costs one empty claim.
   */
  jobsChanged(_ref: JobRef | CollectionRef, nextDue?: EpochMs | null): void {
    if (nextDue === null) return;
    if (nextDue !== undefined) this.window.push(nextDue);
    this.changes.request(nextDue === undefined ? 'refresh' : 'arm');
  }

  /** Attempts held right now (running, waiting for their host, or being recorded). */
  get inFlight(): number {
    return this.held.size;
  }

  /** Resolves when no claim, attempt, recording or sweep is in progress (tests await this). */
  async settled(): Promise<void> {
    while (this.work.size > 0) await Promise.allSettled([...this.work]);
  }

  /**
   * Graceful stop: no new claims; running attempts get `stopGraceMs` to finish and be recorded;
   * then the rest are aborted and their leases released so another node takes them at once.
   */
  async stop(): Promise<void> {
    if (this.mode === 'created' || this.mode === 'stopping' || this.mode === 'stopped') return;
    this.setMode('stopping');
    // Attempts still waiting for their host slot do not start; their leases are released below.
    this.runner.dropWaiting();
    for (const t of this.timers) t.cancel();
    this.timers = [];
    this.freed.flush();
    this.wake?.handle.cancel();
    this.wake = undefined;
    let grace: TimerHandle | undefined;
    const timeout = new Promise<void>((resolve) => {
      grace = this.deps.clock.setTimer(this.deps.clock.now() + this.settings.stopGraceMs, resolve);
    });
    // A claim in flight may still hand out runs; they finish or are released with the rest.
    await Promise.race([this.claims.current, timeout]);
    if (this.held.size > 0) await Promise.race([this.settled(), timeout]);
    grace?.cancel();
    for (const h of this.held.values()) this.cancel(h);
    await this.outcomes.drain();
    this.renewal?.cancel(); // only now: a lease shorter than the grace would expire meanwhile
    closeOutcomes(this.outcomes, this.log);
    // A sweep stops after its current step (it checks `active`); the store closes after stop().
    await this.retention.inProgress;
    try {
      const released = await this.deps.store.releaseLeases(this.settings.nodeId);
      if (released > 0) this.log.info({ released }, 'engine: released leases of unfinished attempts');
    } catch (err) {
      logStoreFailure(this.log, err, 'engine: releasing leases failed; they will expire');
    }
    this.setMode('stopped');
  }

  /** One retention sweep now, as run every `retentionIntervalMs` (retention.ts). */
  runRetention(keepGoing: () => boolean = () => true): Promise<RetentionReport> {
    return this.retention.run(keepGoing);
  }

  private track(p: Promise<void>): void {
    const tracked = p.catch((err: unknown) => this.log.error({ err }, 'engine: unexpected error'));
    this.work.add(tracked);
    void tracked.finally(() => this.work.delete(tracked));
  }

  /** Re-reads the near-term window of due times from the store (then re-arms). */
  private refresh(): void {
    if (this.active) this.track(this.refreshes.request());
  }

  private async refreshRound(): Promise<boolean> {
    try {
      const now = this.deps.clock.now();
      this.window.beginRead();
      const times = await this.deps.store.peekDue(now + this.settings.windowMs, this.settings.windowLimit);
      this.window.load(times);
      // Due and not yet claimed, as far as the window shows (at most windowLimit).
      this.deps.metrics?.dueBacklog(times.filter((t) => t <= now).length);
      this.streaks.reads.succeeded('engine: the store answers again');
    } catch (err) {
      this.window.readFailed();
      this.streaks.reads.failed(err, 'engine: reading due times failed; retrying at the next poll');
    }
    return false;
  }

  /** One timer, at the earliest due time; a due time already reached claims at once. */
  private arm(): void {
    if (!this.active) return;
    if (this.window.takeRefill(this.deps.clock.now())) this.refresh();
    const next = this.window.peek();
    if (next === undefined) {
      this.wake?.handle.cancel();
      this.wake = undefined;
      return;
    }
    if (next <= this.deps.clock.now()) {
      this.claim();
      return;
    }
    if (this.wake?.at === next) return;
    this.wake?.handle.cancel();
    const handle = this.deps.clock.setTimer(next, () => {
      if (this.wake?.handle === handle) this.wake = undefined;
      this.arm(); // a timer that fires early re-arms instead of claiming
    });
    this.wake = { at: next, handle };
  }

  private claim(): void {
    if (this.mode === 'running') this.track(this.claims.request());
  }

  /** One claim transaction; answers true when it filled its batch (more may be due). */
  private async claimRound(): Promise<boolean> {
    const capacity = this.settings.maxConcurrentAttempts - this.held.size;
    if (capacity <= 0) {
      this.setMode('starved');
      return false;
    }
    // In a backlog, claiming the few slots freed during the previous claim's own flight would make
    // every claim as small as its round trip is short (docs/engine.md, "Claims in a backlog"): wait,
    // starved, for a gather's worth of slots while the held attempts keep the executors busy. This
    // claim joins the gather itself, so the wait ends after `starvedGatherMs` even if none finishes.
    if (this.backlog && capacity < this.gatherSlots) {
      this.setMode('starved');
      this.track(this.freed.add());
      return false;
    }
    const now = this.deps.clock.now();
    const limit = Math.min(this.settings.batchSize, capacity);
    const lease = { owner: this.settings.nodeId, until: now + this.settings.leaseDurationMs };
    let runs: ClaimedRun[];
    this.window.beginClaim();
    try {
      runs = await this.deps.store.claimDue(now, limit, lease, this.planner, () => this.deps.ids.hex32());
    } catch (err) {
      this.streaks.writes.failed(err, 'engine: claiming failed; retrying at the next poll');
      this.window.dropThrough(this.deps.clock.now());
      return false;
    }
    writesAnswer(this.streaks.writes);
    countClaims(this.deps.metrics, runs);
    this.window.claimed(runs.length);
    for (const run of runs) this.startRun(run);
    this.backlog = runs.length === limit;
    if (this.backlog) {
      this.window.claimEnded();
      return true;
    }
    // A backlog ended: if it outgrew the window's last read, what is due next is read now.
    if (this.window.dropThrough(now)) this.refresh();
    this.deps.metrics?.dueBacklog(0);
    return false;
  }

  private startRun(run: ClaimedRun): void {
    // Not held: its lease is not renewed, and it is redelivered once it expires (host-wait.ts).
    if (this.hostWait.givesBack(run)) return;
    const held = newHeld(run, this.deps.clock.now());
    this.held.set(run.runId, held);
    this.track(this.execute(held));
  }

  private cancel(held: Held): void {
    held.cancelled = true;
    held.attempt?.cancel();
  }

  private async execute(held: Held): Promise<void> {
    const { run } = held;
    if (!this.active) {
      // Claimed while stop() began: do not start it; stop() releases the lease at once.
      this.held.delete(run.runId);
      return;
    }
    // The runner holds the per-host slots (host-queue.ts); the gauge counts started attempts.
    const { metrics } = this.deps;
    let report;
    try {
      held.attempt = this.runner.start(run, () => {
        held.started = true;
        metrics?.inFlight(1);
      });
      report = await held.attempt.report;
    } finally {
      if (held.started) metrics?.inFlight(-1);
    }
    // An attempt that ran (finished, or interrupted after it started) ends its host's stuck state.
    if (held.started) this.hostWait.ended(run);
    if (held.cancelled || report === undefined) {
      // Interrupted (stop, lost lease), not failed: redelivered as it was. Its slot is free again.
      this.held.delete(run.runId);
      return this.freed.add();
    }
    const decision = decideOutcome(run, report, this.settings.minRetryIntervalMs);
    countAttempt(metrics, attemptAction(run), run, report);
    const stale = await this.outcomes.add(outcomeOf(run, report, decision, this.deps.clock.now()));
    this.held.delete(run.runId);
    logAttempt(this.log, run, report.ok, stale);
    if (!stale && decision.next) this.window.push(decision.next.at);
    return this.freed.add();
  }

  // After a batch of finished attempts (while starved: a quarter of the slots or `starvedGatherMs`, for
  // bigger transactions in a burst; docs/engine.md step 6): claim again if slots were short, else re-arm.
  private afterAttempts(): void {
    if (this.mode === 'starved') {
      // The gather is over: the next claim takes whatever is free.
      this.backlog = false;
      this.setMode('running');
      this.claim();
    } else this.arm();
  }
}
