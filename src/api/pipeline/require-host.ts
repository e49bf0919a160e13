import { badRequest } from '../../domain/errors.js';
import type { ListenerStage } from './stage.js';

/**
 * RFC 9112 §3.2: an HTTP/1.1 request without Host, or any request with more than one Host line, is
 * a 400. Node would write the first 400 itself, bare (no x-ms-request-id, no common headers, no error
 * body), and silently keeps the first of several Host lines — which then builds ARM's nextLink. So
 * build-api.ts turns Node's check off and this stage answers both in the surface's form
 * (docs/api.md, "Choices where the contract is silent").
 */
export const requireHost: ListenerStage = ({ req, reply }) => {
  const raw = req.raw.rawHeaders;
  let lines = 0;
  for (let i = 0; i < raw.length; i += 2)
    if (raw[i]?.length === 4 && raw[i]?.toLowerCase() === 'host') lines++;
  if (lines === 1 || (lines === 0 && req.raw.httpVersion === '1.0')) return;
  reply.header('connection', 'close');
  throw badRequest(
    lines === 0
      ? 'Host: the header is required in an HTTP/1.1 request (RFC 9112 §3.2).'
      : `Host: the header must be sent once, got ${lines} (RFC 9112 §3.2).`,
  );
};
