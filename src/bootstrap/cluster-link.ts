import type { TaktConfig } from '../config/index.js';
import type { CollectionRef, JobRef } from '../domain/job.js';
import type { EpochMs } from '../domain/time.js';
import type { Clock } from '../ports/clock.js';
import type { EngineSignal } from '../ports/engine-signal.js';
import type { Logger } from '../ports/logger.js';
import type { Metrics } from '../ports/metrics.js';
import { DbClock } from '../store/postgres/db-clock.js';
import { NotifyChannel } from '../store/postgres/notify-channel.js';
import type { TenantChangeFeed } from '../store/open-store.js';
import { processNodeId, type NodeConfig } from './node-id.js';

/** The NOTIFY channel of the default schema (Takt's tables live in `public`). */
const CHANNEL = 'takt_jobs';
/** Where the tenant tables' triggers notify, the schema as payload (migration 007). */
const TENANTS_CHANNEL = 'takt_tenants';
const SCHEMA = 'public';

/**
 * What a node needs to work in a PostgreSQL cluster besides the store (docs/operations.md
 * "Cluster"): wake-ups between nodes over LISTEN/NOTIFY, and the database server's clock.
 */
export interface ClusterLink {
  /** The node's clock: its own, corrected by the measured offset to the database server. */
  readonly clock: Clock;
  /** Where another node's wake-up goes (the local engine); set once the engine exists. */
  onWake(fn: () => void): void;
  /** Tells the other nodes that jobs changed (after the write committed). */
  notify(): void;
  close(): Promise<void>;
}

/** Every connection of a node carries this `application_name`, so operators (and tests) can find its backends. */
export function applicationName(config: Pick<TaktConfig, 'nodeId'>): string {
  return `takt:${config.nodeId ?? processNodeId()}`.slice(0, 63);
}

/** Adds `application_name` to a PostgreSQL URL unless the URL already sets one. */
export function withApplicationName(url: string, name: string): string {
  try {
    const u = new URL(url);
    if (u.searchParams.has('application_name')) return url;
    u.searchParams.set('application_name', name);
    return u.toString();
  } catch {
    return url; // the store reports a malformed URL itself
  }
}

/**
 * Opens the node's dedicated wake-up connection and starts measuring the clock offset. Neither
 * failing stops the node: without wake-ups engines poll, without a measurement the offset stays
 * at its last value. The connection also holds the node id's lock: a second running process with
 * the same id refuses to start (NodeIdInUseError). Returns undefined on SQLite (one process, no
 * cluster).
 */
export async function openClusterLink(
  config: NodeConfig,
  base: Clock,
  logger: Logger,
  metrics?: Metrics,
  tenantFeed?: TenantChangeFeed,
): Promise<ClusterLink | undefined> {
  if (config.store.kind !== 'postgres') return undefined;
  let wake: () => void = () => undefined;
  const log = logger.child({ role: 'cluster' });
  const name = applicationName(config);
  const channel = new NotifyChannel({
    url: withApplicationName(config.store.url, name),
    nodeId: config.nodeId,
    channel: CHANNEL,
    // A dead peer's session gets one lease duration to go away: the time a crash costs anyway.
    nodeLock: { key: `takt.node.${SCHEMA}.${config.nodeId}`, waitMs: config.engine.leaseDurationMs },
    applicationName: name,
    clock: base,
    logger: log,
    onWake: () => {
      metrics?.clusterWakeup();
      wake();
    },
    onListening: (up: boolean) => {
      metrics?.clusterListening(up);
      tenantFeed?.listening(up);
    },
    ...(tenantFeed
      ? {
          also: {
            channel: TENANTS_CHANNEL,
            onNotify: (schema: string) => {
              if (schema === SCHEMA) tenantFeed.changed();
            },
          },
        }
      : {}),
  });
  try {
    await channel.start();
  } catch (err) {
    await channel.close();
    throw err;
  }
  const clock = new DbClock({ base, serverTimeMs: () => channel.serverTimeMs(), logger: log });
  await clock.start();
  log.info({ clockOffsetMs: clock.offsetMs, listening: channel.listening }, 'cluster: joined');
  return {
    clock,
    onWake: (fn) => {
      wake = fn;
    },
    notify: () => channel.notify(),
    close: async () => {
      clock.stop();
      await channel.close();
    },
  };
}

/** The signal API writes send: the local engine at once, the other nodes through NOTIFY. */
export function clusterSignal(local: EngineSignal, link: ClusterLink | undefined): EngineSignal {
  if (!link) return local;
  return {
    // The other nodes learn only that something changed (NOTIFY carries nothing) and re-read.
    jobsChanged: (ref: JobRef | CollectionRef, nextDue?: EpochMs | null) => {
      local.jobsChanged(ref, nextDue);
      link.notify();
    },
  };
}
