/**
 * The connection caps of the API listeners (docs/operations.md, Connection caps), resolved at start:
 * configured values win; otherwise `api.maxConnections` is derived from the process's soft
 * file-descriptor limit, so the listener cannot take the descriptors the store, the engine's outbound
 * sockets and the log files need.
 */
import { readFileSync } from 'node:fs';
import type { ApiServerConfig, EngineConfig } from '../config/index.js';

/** Connections beyond the cap that still answer /healthz, /readyz and /metrics. */
export const MONITORING_RESERVE = 8;
/** Assumed when the limit cannot be read (not Linux): the usual soft limit of a Unix shell. */
export const FALLBACK_FD_LIMIT = 1024;
/** Descriptors kept for the process besides the engine's attempts: store, WAL, logs, DNS, keep-alive pools. */
const FIXED_HEADROOM = 256;
/** Bounds of the derived default: memory (tens of KiB per idle TLS connection) above, usefulness below. */
const MAX_DERIVED = 10_000;
const MIN_DERIVED = 16;

/** The soft RLIMIT_NOFILE from /proc/self/limits (Linux); undefined where it cannot be read. `unlimited` = Infinity. */
export function softFdLimit(
  read: () => string = () => readFileSync('/proc/self/limits', 'utf8'),
): number | undefined {
  let text: string;
  try {
    text = read();
  } catch {
    return undefined;
  }
  const m = /^Max open files\s+(\d+|unlimited)\s/m.exec(text);
  if (m?.[1] === undefined) return undefined;
  return m[1] === 'unlimited' ? Infinity : Number(m[1]);
}

/**
 * At most half the descriptors, and never more than leaves `maxConcurrentAttempts + 256` for the
 * rest of the process, minus the monitoring reserve; between 16 and 10,000. With the common soft
 * limit of 1024 and the default 512 attempts: min(512, 256) − 8 = 248.
 */
export function defaultMaxConnections(fdLimit: number | undefined, maxConcurrentAttempts: number): number {
  const fds = fdLimit ?? FALLBACK_FD_LIMIT;
  const derived = Math.min(fds / 2, fds - maxConcurrentAttempts - FIXED_HEADROOM) - MONITORING_RESERVE;
  return Math.max(MIN_DERIVED, Math.min(MAX_DERIVED, Math.floor(derived)));
}

export interface ResolvedConnectionLimits {
  readonly maxConnections: number;
  readonly maxPerAddress: number;
  readonly reserve: number;
  /** A reserve connection lives at most this long: the headers timeout (enough for TLS and one probe). */
  readonly reserveLifetimeMs: number;
}

export function resolveConnectionLimits(
  api: ApiServerConfig,
  engine: Pick<EngineConfig, 'maxConcurrentAttempts'>,
  fdLimit: number | undefined = softFdLimit(),
): ResolvedConnectionLimits {
  const maxConnections = api.maxConnections ?? defaultMaxConnections(fdLimit, engine.maxConcurrentAttempts);
  return {
    maxConnections,
    // A quarter: at least four client addresses are needed to fill the listener.
    maxPerAddress: api.maxConnectionsPerAddress ?? Math.max(1, Math.ceil(maxConnections / 4)),
    reserve: MONITORING_RESERVE,
    reserveLifetimeMs: api.headersTimeoutMs,
  };
}
