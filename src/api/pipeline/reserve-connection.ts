import { DomainError } from '../../domain/errors.js';
import { OPS_PATHS } from './ops-paths.js';
import type { ListenerStage, PipelineEnv } from './stage.js';

/** Seconds a client is asked to wait when the listener is at its connection cap. */
const BUSY_RETRY_AFTER_SECONDS = 1;

/**
 * A connection of the monitoring reserve (accepted beyond api.maxConnections, docs/operations.md,
 * Connection caps) answers the monitoring paths and 503 ServerBusy to everything else, and is closed
 * after the answer so the reserve is free for the next probe.
 */
export function reserveConnection(env: PipelineEnv): ListenerStage {
  const connections = env.deps.connections;
  if (connections === undefined) return () => undefined;
  return ({ req, reply, path }) => {
    if (!connections.isReserve(req.raw.socket)) return;
    reply.header('connection', 'close');
    if (OPS_PATHS.has(path)) return;
    throw new DomainError(
      'ServerBusy',
      `The server is at its maximum of ${connections.maxConnections} open connections. Please retry the request.`,
      BUSY_RETRY_AFTER_SECONDS,
    );
  };
}
