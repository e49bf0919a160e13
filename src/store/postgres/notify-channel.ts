import pg from 'pg';
import type { Clock, TimerHandle } from '../../ports/clock.js';
import type { Logger } from '../../ports/logger.js';
import { StoreUnavailable } from '../../ports/store.js';
import { FailureStreak } from '../../logging/failure-streak.js';

export interface NotifyChannelOptions {
  readonly url: string;
  /** This node's id: the payload of its NOTIFYs, so it can ignore its own echo. */
  readonly nodeId: string;
  /** Channel name; one per schema so two deployments on one database do not wake each other. */
  readonly channel: string;
  /** `application_name` of the dedicated connection (operators find a node's backends by it). */
  readonly applicationName: string;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Another node changed jobs — or the connection came back and notifications may have been missed. */
  readonly onWake: () => void;
  /** The LISTEN connection came up (true) or dropped (false): for /metrics and the tenant feed. */
  readonly onListening?: (up: boolean) => void;
  /**
   * A second channel listened to on the same connection, with its own handler: the tenant-change
   * notifications that the database's triggers send (docs/store.md, "Cached credentials").
   */
  readonly also?: { readonly channel: string; readonly onNotify: (payload: string) => void };
  /**
   * Held for the life of the connection: a session advisory lock keyed by this text (schema and
   * node id), so no two running processes share a node id (docs/operations.md, "Node id").
   */
  readonly nodeLock?: {
    readonly key: string;
    /** How long `start` waits for a holder to go away before it refuses (a dead peer's session). */
    readonly waitMs: number;
  };
  /** First reconnect delay; doubles up to `maxBackoffMs`. Default 100 ms. */
  readonly minBackoffMs?: number;
  /** Default 5 000 ms. */
  readonly maxBackoffMs?: number;
}

/**
 * One dedicated PostgreSQL connection per node for cluster wake-ups (docs/operations.md "Cluster").
 * It LISTENs on the channel and sends this node's NOTIFYs, coalesced: while one NOTIFY is in flight
 * further calls collapse into one more, so a burst of API writes costs two round trips, not one each.
 *
 * The connection is outside the store's pool on purpose: LISTEN is session state that a pooled
 * connection would lose on release. When it drops (server restart, pg_terminate_backend, network)
 * it reconnects with exponential backoff and then wakes the engine once, because notifications sent
 * meanwhile are lost; the engine's poll covers the gap. Wake-ups are hints: losing one costs at most
 * one poll interval, never work.
 */
export class NotifyChannel {
  private client: pg.Client | undefined;
  /** The node lock is held on the current connection (or none is asked for). */
  private lockHeld = false;
  private lockRefusedLogged = false;
  private started = false;
  private lockRetry: TimerHandle | undefined;
  private connected = false;
  private closed = false;
  private backoffMs: number;
  private retry: TimerHandle | undefined;
  /** An outage is one warning, then one a minute, then one line when it ends (docs/operations.md, "Monitoring"). */
  private readonly outage: FailureStreak;
  private sending = false;
  private sendAgain = false;

  constructor(private readonly options: NotifyChannelOptions) {
    this.backoffMs = options.minBackoffMs ?? 100;
    this.outage = new FailureStreak(options.logger, options.clock);
  }

  /**
   * Connects once; failures are logged and retried in the background (the node runs on polling).
   * Rejects with NodeIdInUseError when the node lock stays held by another session for `waitMs`.
   */
  async start(): Promise<void> {
    await this.connect();
    const lock = this.options.nodeLock;
    if (!lock || !this.connected || this.lockHeld) {
      this.started = true;
      return;
    }
    const { clock } = this.options;
    const until = clock.now() + lock.waitMs;
    this.options.logger.warn(
      { nodeId: this.options.nodeId, waitMs: lock.waitMs },
      'cluster: another session holds this node id; waiting for it to go away',
    );
    while (!this.closed && !this.lockHeld && clock.now() < until) {
      await new Promise<void>((resolve) => clock.setTimer(clock.now() + 250, resolve));
      await this.tryLock();
    }
    if (!this.lockHeld) throw new NodeIdInUseError(this.options.nodeId);
    this.started = true;
  }

  /** True while the LISTEN connection is up (readiness and tests). */
  get listening(): boolean {
    return this.connected;
  }

  /** Tells the other nodes that jobs changed. Fire-and-forget; never throws. */
  notify(): void {
    if (this.closed) return;
    if (this.sending) {
      this.sendAgain = true;
      return;
    }
    this.sending = true;
    void this.sendLoop();
  }

  /** The database server's clock, epoch ms, read over this connection (DbClock samples it). */
  async serverTimeMs(): Promise<number> {
    const c = this.client;
    if (!c || !this.connected) throw new Error('cluster: the wake-up connection is not up');
    const r = await c.query<{ ms: string | number }>(
      'SELECT (extract(epoch from clock_timestamp()) * 1000)::float8 AS ms',
    );
    return Number(r.rows[0]?.ms);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.retry?.cancel();
    this.lockRetry?.cancel();
    const c = this.client;
    this.client = undefined;
    this.connected = false;
    if (c) await c.end().catch(() => undefined);
  }

  private async sendLoop(): Promise<void> {
    try {
      do {
        this.sendAgain = false;
        const c = this.client;
        if (!c || !this.connected) break; // the others will poll; the reconnect wakes this node itself
        try {
          await c.query('SELECT pg_notify($1, $2)', [this.options.channel, this.options.nodeId]);
        } catch (err) {
          this.options.logger.debug({ err: message(err) }, 'cluster: NOTIFY failed; other nodes will poll');
          break;
        }
      } while (this.sendAgain && !this.closed);
    } finally {
      this.sending = false;
    }
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const c = new pg.Client({
      connectionString: this.options.url,
      application_name: this.options.applicationName,
    });
    this.client = c;
    // Without an 'error' listener a dropped connection would crash the process.
    c.on('error', (err) => this.lost(c, err));
    c.on('end', () => this.lost(c, undefined));
    const also = this.options.also;
    c.on('notification', (n) => {
      if (n.channel === this.options.channel && n.payload !== this.options.nodeId) this.options.onWake();
      else if (also && n.channel === also.channel) also.onNotify(n.payload ?? '');
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${quoteChannel(this.options.channel)}`);
      if (also) await c.query(`LISTEN ${quoteChannel(also.channel)}`);
      if (this.options.nodeLock) {
        // The server notices a vanished peer (power cut, partition) in ~25 s instead of the
        // system's 2 hours, so a dead node's session does not keep its id locked for long.
        await c.query(
          'SET tcp_keepalives_idle = 10; SET tcp_keepalives_interval = 5; SET tcp_keepalives_count = 3',
        );
      }
    } catch (err) {
      this.lost(c, err);
      return;
    }
    if (this.client !== c || this.closed) return;
    this.lockHeld = false;
    await this.tryLock();
    if (this.client !== c || this.closed) return;
    this.connected = true;
    this.backoffMs = this.options.minBackoffMs ?? 100;
    this.options.onListening?.(true);
    this.outage.succeeded('cluster: wake-up connection restored');
    // Notifications sent while this node was not listening are lost: look at the store once.
    this.options.onWake();
  }

  /** Takes the node lock on the current connection; a refusal after start is logged once. */
  private async tryLock(): Promise<void> {
    const lock = this.options.nodeLock;
    const c = this.client;
    if (!lock) {
      this.lockHeld = true;
      return;
    }
    if (!c) return;
    try {
      const r = await c.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS ok', [
        lock.key,
      ]);
      this.lockHeld = r.rows[0]?.ok === true;
    } catch {
      return; // the connection's own error handler reconnects
    }
    if (this.lockHeld || !this.started || this.closed) {
      this.lockRefusedLogged = false;
      return;
    }
    // After start (a reconnect): another process took the id while this node's connection was
    // down, or this node's earlier session has not ended yet. Said once, retried until held.
    if (!this.lockRefusedLogged)
      this.options.logger.error(
        { nodeId: this.options.nodeId },
        'cluster: another session holds this node id: another running process with this id (give each node ' +
          "its own --node-id, TAKT_NODE_ID), or this node's dropped connection the server has not ended yet; retrying every 5 s",
      );
    this.lockRefusedLogged = true;
    this.lockRetry?.cancel();
    const { clock } = this.options;
    this.lockRetry = clock.setTimer(clock.now() + (this.options.maxBackoffMs ?? 5_000), () => {
      this.lockRetry = undefined;
      if (this.client === c) void this.tryLock();
    });
  }

  private lost(c: pg.Client, err: unknown): void {
    if (this.client !== c) return; // a stale client's late events
    this.client = undefined;
    this.connected = false;
    this.options.onListening?.(false);
    c.removeAllListeners('notification');
    void c.end().catch(() => undefined);
    if (this.closed) return;
    const delay = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, this.options.maxBackoffMs ?? 5_000);
    this.outage.failed(
      new StoreUnavailable(err === undefined ? 'connection ended' : message(err)),
      'cluster: wake-up connection lost; polling until it is back',
      { retryInMs: delay },
    );
    this.retry?.cancel();
    this.retry = this.options.clock.setTimer(this.options.clock.now() + delay, () => {
      this.retry = undefined;
      void this.connect();
    });
  }
}

/** The channel name is built from a validated schema name; quoting keeps its case. */
function quoteChannel(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(name))
    throw new Error(`cluster: invalid channel name ${JSON.stringify(name)}`);
  return `"${name}"`;
}

/** `takt serve` refuses to start: another running process holds its node id on this database. */
export class NodeIdInUseError extends Error {
  constructor(nodeId: string) {
    super(
      `node id '${nodeId}' is in use by another running takt process on this database; ` +
        'give each node its own --node-id (TAKT_NODE_ID)',
    );
  }
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
