import type { CollectionRef, JobRef } from '../domain/job.js';
import { planOccurrence, type OccurrencePlanner } from '../domain/occurrence.js';
import { decideOutcome, type ClaimedRun } from '../domain/occurrence-outcome.js';
import type { Clock, TimerHandle } from '../ports/clock.js';
import type { EngineSignal } from '../ports/engine-signal.js';
import type { ActionExecutor } from '../ports/executor.js';
import type { IdSource } from '../ports/ids.js';
import type { Logger } from '../ports/logger.js';
import type { Metrics } from '../ports/metrics.js';
import type { SecretBox } from '../ports/secret-box.js';
import type { Store } from '../ports/store.js';
import { attemptAction, runAttempt } from './attempt.js';
import { countAttempt, logAttempt, outcomeOf } from './attempt-record.js';
import { DueWindow } from './due-window.js';
import { HostLimiter, targetHost } from './host-limiter.js';
import { nextTurn } from './next-turn.js';
import { repeat } from './repeat.js';
import { resolveEngineOptions, type EngineOptions, type ResolvedEngineOptions } from './options.js';
import { OutcomeWriter } from './outcome-writer.js';
import { RetentionSweeper, type RetentionReport } from './retention.js';
import { SILENT } from './silent-logger.js';
import { SlotGather } from './slot-gather.js';

/** How long a starved engine waits at most for more freed slots before claiming, ms. */
const GATHER_MS = 5;

export interface EngineDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly executor: ActionExecutor;
  readonly secrets: SecretBox;
  readonly ids: IdSource;
  readonly logger?: Logger;
  /** Claims, reclaimed leases, in-flight attempts, lateness (for /metrics). Default: none. */
  readonly metrics?: Metrics;
}

interface Held {
  readonly run: ClaimedRun;
  readonly controller: AbortController;
}

/**
 * The dispatcher (docs/engine.md): keeps the near-term due times in a min-heap with one timer,
 * claims due work in leased batches, runs attempts under global and per-host limits, records
 * outcomes in batches, renews leases of long attempts and polls as a fallback to wake-ups.
 * Nothing runs before its due time: the store only hands out rows due at the claim's `now`.
 */
export class Engine implements EngineSignal {
  private readonly o: ResolvedEngineOptions;
  private readonly log: Logger;
  private readonly window: DueWindow;
  private readonly hosts: HostLimiter;
  private readonly writer: OutcomeWriter;
  private readonly planner: OccurrencePlanner;
  private readonly held = new Map<string, Held>();
  private readonly work = new Set<Promise<void>>();
  private wake: { at: number; handle: TimerHandle } | undefined;
  private timers: TimerHandle[] = [];
  private running = false;
  /** Leftover leases are released and the timers run: claims may start. */
  private began = false;
  private claiming = false;
  /** The latest claim loop (stop() waits for it). */
  private claimed: Promise<void> = Promise.resolve();
  private claimAgain = false;
  private starved = false;
  /** The bounded wait for more freed slots while starved (claimFreedSlots). */
  private readonly gather = new SlotGather(GATHER_MS);
  private afterPending = false;
  private changePending = false;
  private refreshing = false;
  private refreshAgain = false;
  private readonly retention: RetentionSweeper;
  constructor(
    private readonly deps: EngineDeps,
    options: EngineOptions,
  ) {
    this.o = resolveEngineOptions(options);
    this.log = deps.logger ?? SILENT;
    this.window = new DueWindow(this.o.windowLimit);
    this.hosts = new HostLimiter(this.o.maxPerHost);
    this.writer = new OutcomeWriter(deps.store, deps.clock, this.log, this.o.flushSize, this.o.pollMs, () =>
      this.starved ? GATHER_MS : 0,
    );
    this.retention = new RetentionSweeper(deps.store, () => deps.clock.now(), this.o, this.log);
    this.planner = (job, now) => planOccurrence(job, now, this.o.catchUp, deps.ids.hex32());
  }

  /** Starts dispatching once this node's leftover leases are released (`settled()` awaits that). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.track(this.begin());
  }

  private async begin(): Promise<void> {
    // Leases under this node id belong to attempts that died with an earlier process of the same
    // node (a stable id survives restarts): nothing runs them any more, so free them for immediate
    // redelivery instead of waiting `leaseMs`. This happens before the first claim, so no lease
    // of this process is ever released here.
    try {
      const released = await this.deps.store.releaseLeases(this.o.nodeId);
      if (released > 0)
        this.log.info({ released }, 'engine: released leases left by an earlier process of this node');
    } catch (err) {
      this.log.warn({ err }, 'engine: releasing leftover leases failed; they will expire');
    }
    if (!this.running) return;
    const { clock } = this.deps;
    this.began = true;
    this.timers = [
      repeat(clock, this.o.pollMs, () => this.refresh()),
      repeat(clock, Math.max(1, Math.floor(this.o.leaseMs / 3)), () => this.renewLeases()),
      repeat(clock, this.o.retentionIntervalMs, () => this.track(this.retention.sweep(() => this.running))),
    ];
    this.refresh();
  }

  /** EngineSignal: a write may have changed due times; re-read them now rather than at the next poll. */
  jobsChanged(_ref: JobRef | CollectionRef): void {
    // Once per event-loop turn, however many writes landed in it: each re-read of the window costs
    // a store read of up to `windowLimit` due times, which was half the server's work when the
    // API created jobs in parallel.
    if (this.changePending) return;
    this.changePending = true;
    this.track(
      nextTurn().then(() => {
        this.changePending = false;
        this.refresh();
      }),
    );
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
    if (!this.running) return;
    this.running = false;
    this.began = false;
    for (const t of this.timers) t.cancel();
    this.timers = [];
    this.gather.cancel();
    this.wake?.handle.cancel();
    this.wake = undefined;
    let grace: TimerHandle | undefined;
    const timeout = new Promise<void>((resolve) => {
      grace = this.deps.clock.setTimer(this.deps.clock.now() + this.o.stopGraceMs, resolve);
    });
    // A claim in flight may still hand out runs; they finish or are released with the rest.
    await Promise.race([this.claimed, timeout]);
    if (this.held.size > 0) await Promise.race([this.settled(), timeout]);
    grace?.cancel();
    for (const h of this.held.values()) h.controller.abort();
    await this.writer.drain();
    this.writer.close();
    // A sweep stops after its current step (it checks `running`); the store closes after stop().
    await this.retention.inProgress;
    try {
      const released = await this.deps.store.releaseLeases(this.o.nodeId);
      if (released > 0) this.log.info({ released }, 'engine: released leases of unfinished attempts');
    } catch (err) {
      this.log.warn({ err }, 'engine: releasing leases failed; they will expire');
    }
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

  /** Re-reads the near-term window of due times from the store. */
  private refresh(): void {
    if (!this.running || !this.began) return;
    if (this.refreshing) {
      this.refreshAgain = true;
      return;
    }
    this.refreshing = true;
    this.track(
      (async () => {
        try {
          do {
            this.refreshAgain = false;
            const now = this.deps.clock.now();
            const times = await this.deps.store.peekDue(now + this.o.windowMs, this.o.windowLimit);
            this.window.load(times);
            // Due and not yet claimed, as far as the window shows (at most windowLimit).
            this.deps.metrics?.dueBacklog(times.filter((t) => t <= now).length);
          } while (this.refreshAgain && this.running);
        } catch (err) {
          this.log.warn({ err }, 'engine: reading due times failed; retrying at the next poll');
        } finally {
          this.refreshing = false;
        }
        this.arm();
      })(),
    );
  }

  /** One timer, at the earliest due time; a due time already reached claims at once. */
  private arm(): void {
    if (!this.running) return;
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
    if (!this.running) return;
    if (this.claiming) {
      this.claimAgain = true;
      return;
    }
    this.claiming = true;
    this.claimed = this.claimLoop();
    this.track(this.claimed);
  }

  private async claimLoop(): Promise<void> {
    try {
      for (;;) {
        this.claimAgain = false;
        const capacity = this.o.maxConcurrency - this.held.size;
        if (capacity <= 0) {
          this.starved = true;
          break;
        }
        const now = this.deps.clock.now();
        const limit = Math.min(this.o.batchSize, capacity);
        const lease = { owner: this.o.nodeId, until: now + this.o.leaseMs };
        const runs = await this.deps.store.claimDue(now, limit, lease, this.planner, () =>
          this.deps.ids.hex32(),
        );
        this.countClaims(runs);
        for (const run of runs) this.startRun(run);
        if (runs.length < limit) {
          this.window.dropThrough(now);
          this.deps.metrics?.dueBacklog(0);
          if (!this.claimAgain || !this.running) break;
        }
      }
    } catch (err) {
      this.log.warn({ err }, 'engine: claiming failed; retrying at the next poll');
      this.window.dropThrough(this.deps.clock.now());
    } finally {
      this.claiming = false;
    }
    // Starved (every slot held): the next finished attempt claims again. Re-arming here would
    // call claim() at once for a due heap and recurse without ever awaiting.
    if (!this.starved) this.arm();
  }

  private countClaims(runs: readonly ClaimedRun[]): void {
    const m = this.deps.metrics;
    if (!m || runs.length === 0) return;
    m.claimed(runs.length);
    const reclaimed = runs.filter((r) => r.reclaimed === true).length;
    if (reclaimed > 0) m.leaseReclaimed(reclaimed);
  }

  private startRun(run: ClaimedRun): void {
    const held: Held = { run, controller: new AbortController() };
    this.held.set(run.runId, held);
    this.track(this.execute(held));
  }

  private async execute({ run, controller }: Held): Promise<void> {
    const action = attemptAction(run);
    const release = action ? await this.hosts.acquire(targetHost(action)) : (): void => undefined;
    if (!this.running) {
      // Stopping: do not start it; stop() releases the lease so another node takes it at once.
      release();
      this.held.delete(run.runId);
      return;
    }
    let report;
    this.deps.metrics?.inFlight(1);
    try {
      report = await runAttempt(this.deps, run, controller.signal);
    } finally {
      release();
      this.deps.metrics?.inFlight(-1);
    }
    if (controller.signal.aborted) {
      // Interrupted by stop() or a lost lease, not failed: the attempt is redelivered as it was.
      this.held.delete(run.runId);
      return;
    }
    const decision = decideOutcome(run, report, this.o.minRetryIntervalMs);
    countAttempt(this.deps.metrics, action, run, report);
    const stale = await this.writer.submit(outcomeOf(run, report, decision, this.deps.clock.now()));
    this.held.delete(run.runId);
    logAttempt(this.log, run, report.ok, stale);
    if (!stale && decision.next) this.window.push(decision.next.at);
    this.afterAttempt();
  }

  /**
   * Claims again (if slots were short) or re-arms, once per event-loop turn: the slots freed by
   * one recorded batch of outcomes are then claimed in one transaction instead of one by one.
   */
  private afterAttempt(): void {
    if (this.afterPending) return;
    this.afterPending = true;
    this.track(
      new Promise<void>((resolve) =>
        setImmediate(() => {
          this.afterPending = false;
          if (this.starved) this.claimFreedSlots();
          else this.arm();
          resolve();
        }),
      ),
    );
  }

  /**
   * With a backlog (every slot was held), freed slots are claimed once a quarter of them are free
   * (at most `batchSize`), or after `GATHER_MS` at the latest. Claiming on every event-loop turn
   * made claim and outcome transactions of ~20 rows during a burst; a SQLite transaction of 100
   * rows costs about a third less per row (bench/RESULTS.md, engine burst). The slots are not
   * idle meanwhile: with a backlog most held runs wait for their host. The time bound keeps a
   * node whose slots are mostly held by a hanging host from waiting for that host.
   */
  private claimFreedSlots(expired = false): void {
    const free = this.o.maxConcurrency - this.held.size;
    const enough = Math.max(1, Math.min(this.o.batchSize, Math.floor(this.o.maxConcurrency / 4)));
    if (!expired && free < enough) {
      const waiting = this.gather.start(() => {
        if (this.starved && this.running) this.claimFreedSlots(true);
      });
      if (waiting) this.track(waiting);
      return;
    }
    this.gather.cancel();
    this.starved = false;
    this.claim();
  }

  private renewLeases(): void {
    const ids = [...this.held.keys()];
    if (ids.length === 0) return;
    this.track(
      (async () => {
        try {
          const kept = new Set(
            await this.deps.store.extendLeases(this.o.nodeId, ids, this.deps.clock.now() + this.o.leaseMs),
          );
          for (const id of ids) {
            if (kept.has(id)) continue;
            // Another node redelivered it: this attempt's outcome would be ignored, so stop it.
            this.held.get(id)?.controller.abort();
          }
        } catch (err) {
          this.log.warn({ err }, 'engine: renewing leases failed');
        }
      })(),
    );
  }
}
