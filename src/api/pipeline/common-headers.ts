import type { ListenerStage, PipelineEnv } from './stage.js';

/** The headers every response carries, errors and non-API routes included. */
export function commonHeaders(env: PipelineEnv): ListenerStage {
  const server = `Takt/${env.deps.version}`;
  return ({ req, reply }) => {
    reply.header('x-ms-request-id', req.id);
    reply.header('cache-control', 'no-cache');
    reply.header('server', server);
  };
}
