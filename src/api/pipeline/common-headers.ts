import type { ListenerStage, PipelineEnv } from './stage.js';

/** 1–128 visible ASCII characters: echoed (what ARM clients correlate their requests with). */
const CLIENT_REQUEST_ID = /^[\x21-\x7e]{1,128}$/;

/** The headers every response carries, errors and non-API routes included. */
export function commonHeaders(env: PipelineEnv): ListenerStage {
  const server = `Takt/${env.deps.version}`;
  return ({ req, reply }) => {
    reply.header('x-ms-request-id', req.id);
    reply.header('cache-control', 'no-cache');
    reply.header('server', server);
    const clientRequestId = req.headers['x-ms-client-request-id'];
    if (typeof clientRequestId === 'string' && CLIENT_REQUEST_ID.test(clientRequestId)) {
      reply.header('x-ms-client-request-id', clientRequestId);
    }
  };
}
