import { DomainError } from '../../domain/errors.js';
import { OPS_PATHS } from './ops-paths.js';
import type { ListenerStage, PipelineEnv } from './stage.js';
/** Seconds a client is asked to wait when the in-flight cap is reached. */
const BUSY_RETRY_AFTER_SECONDS = 1;

/** Requests beyond the listener's in-flight cap get 503 ServerBusy (docs/operations.md, Overload). */
export function inFlightCap(env: PipelineEnv): ListenerStage {
  const max = env.deps.overload?.maxInFlightRequests;
  if (max === undefined) return () => undefined;
  let inFlight = 0;
  const release = (): void => {
    inFlight -= 1;
  };
  return ({ reply, path }) => {
    // Counted until the response is finished or the client went away ('close' fires either way).
    inFlight += 1;
    reply.raw.once('close', release);
    if (inFlight > max && !OPS_PATHS.has(path)) {
      throw new DomainError(
        'ServerBusy',
        `The server is handling its maximum of ${max} concurrent requests. Please retry the request.`,
        BUSY_RETRY_AFTER_SECONDS,
      );
    }
  };
}
