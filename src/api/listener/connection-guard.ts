/**
 * Applies the connection caps to the API's Node servers (docs/operations.md, Connection caps): every
 * new TCP connection is counted before TLS starts; one over a cap is closed at once (no handshake,
 * no buffers), counted in `takt_api_connections_refused_total` and logged at most once a minute.
 * A connection in the monitoring reserve is closed after `reserveLifetimeMs` whatever it does, so
 * idle sockets cannot hold the reserve the way they can hold the normal slots.
 */
import type { Server, Socket } from 'node:net';
import type { Clock, TimerHandle } from '../../ports/clock.js';
import type { Logger } from '../../ports/logger.js';
import type { Metrics } from '../../ports/metrics.js';
import { ConnectionLedger, type ConnectionLimits } from './connection-ledger.js';

/** Refusals are logged at most this often; the line counts the ones in between. */
const LOG_EVERY_MS = 60_000;

export interface ConnectionGuardDeps {
  readonly metrics: Pick<Metrics, 'apiConnectionRefused' | 'apiConnections'>;
  readonly logger: Logger;
  readonly clock: Clock;
}

export interface ConnectionGuard {
  readonly limits: ConnectionLimits;
  /** Counts the connections of `server` (several servers share one guard and its caps). */
  attach(server: Server): void;
  /** True for a socket (raw or TLS) of a reserve connection: it may only reach the monitoring paths. */
  isReserve(socket: Socket): boolean;
  readonly open: number;
}

/** A connection as both its raw TCP socket and its TLS socket report it. */
const keyOf = (s: Socket): string => `${s.localPort ?? ''}|${s.remoteAddress ?? ''}|${s.remotePort ?? ''}`;

export function connectionGuard(
  limits: ConnectionLimits & { readonly reserveLifetimeMs: number },
  deps: ConnectionGuardDeps,
): ConnectionGuard {
  const ledger = new ConnectionLedger(limits);
  const reserved = new Set<string>();
  const log = refusalLog(deps.logger, deps.clock, limits);

  const onConnection = (socket: Socket): void => {
    const address = socket.remoteAddress;
    const admission = ledger.admit(address);
    if (admission === 'limit' || admission === 'perAddress') {
      deps.metrics.apiConnectionRefused(admission);
      log(admission, address);
      socket.destroy();
      return;
    }
    deps.metrics.apiConnections(1);
    let lifetime: TimerHandle | undefined;
    const key = keyOf(socket);
    if (admission === 'reserve') {
      reserved.add(key);
      lifetime = deps.clock.setTimer(deps.clock.now() + limits.reserveLifetimeMs, () => socket.destroy());
      lifetime.unref?.();
    }
    socket.once('close', () => {
      ledger.release(address);
      deps.metrics.apiConnections(-1);
      if (lifetime !== undefined) {
        lifetime.cancel();
        reserved.delete(key);
      }
    });
  };

  return {
    limits,
    // Before the server's own listener (TLS, HTTP parser), so a refused socket costs nothing more.
    attach: (server) => void server.prependListener('connection', onConnection),
    isReserve: (socket) => reserved.size > 0 && reserved.has(keyOf(socket)),
    get open() {
      return ledger.open;
    },
  };
}

/** Logs the first refusal at once, then at most one line a minute with the count since the last. */
function refusalLog(
  logger: Logger,
  clock: Clock,
  limits: ConnectionLimits,
): (reason: 'limit' | 'perAddress', address: string | undefined) => void {
  let lastAt = -Infinity;
  let skipped = 0;
  return (reason, address) => {
    const now = clock.now();
    if (now - lastAt < LOG_EVERY_MS) {
      skipped += 1;
      return;
    }
    logger.warn(
      {
        reason,
        address,
        alsoRefusedSinceLastLine: skipped,
        maxConnections: limits.maxConnections,
        maxConnectionsPerAddress: limits.maxPerAddress,
      },
      'connection refused: the listener is at its connection cap (api.maxConnections, api.maxConnectionsPerAddress)',
    );
    lastAt = now;
    skipped = 0;
  };
}
