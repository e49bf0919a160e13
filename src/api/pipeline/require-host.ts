import { badRequest } from '../../domain/errors.js';
import type { ListenerStage } from './stage.js';

/**
 * RFC 9112 §3.2: an HTTP/1.1 request without Host is a 400. Node would write that 400 itself, bare
 * (no x-ms-request-id, no common headers, no error body), so build-api.ts turns Node's check off and
 * this stage answers it in the surface's form (docs/api.md). HTTP/1.0 has no such rule.
 */
export const requireHost: ListenerStage = ({ req, reply }) => {
  if (req.headers.host !== undefined || req.raw.httpVersion === '1.0') return;
  reply.header('connection', 'close');
  throw badRequest('Host: the header is required in an HTTP/1.1 request (RFC 9112 §3.2).');
};
