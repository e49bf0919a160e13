import { DomainError } from '../../domain/errors.js';
import type { ListenerStage, PipelineEnv } from './stage.js';

/** A closing listener answers ServerBusy and closes the connection, so the client retries elsewhere. */
export function refuseWhileClosing(env: PipelineEnv): ListenerStage {
  return ({ reply }) => {
    if (!env.isClosing()) return;
    reply.header('connection', 'close');
    throw new DomainError('ServerBusy', 'The server is shutting down. Please retry the request.', 5);
  };
}
