/**
 * Request bodies are read as sent: Takt decodes no content coding (docs/api.md, "Response rules").
 * No Azure client compresses its requests, and inflating one would need its own limit on the
 * inflated size (a few KiB of gzip can hold gigabytes). Reading a coded body as text would give a
 * misleading UTF-8 error (gzip) or store bytes the client meant otherwise (br, zstd), so a body in
 * any coding but identity is refused, before it is decoded or parsed: 415 with
 * `Accept-Encoding: identity` (RFC 9110 §15.5.16).
 */
import { DomainError } from '../domain/errors.js';

/** The one coding accepted; also the value of the refusal's Accept-Encoding header. */
export const ACCEPTED_CODING = 'identity';

/** Throws 415 UnsupportedMediaType unless every listed coding is identity (or there is none). */
export function checkContentEncoding(header: string | string[] | undefined): void {
  if (header === undefined) return;
  const raw = Array.isArray(header) ? header.join(', ') : header;
  const codings = raw
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '');
  if (codings.every((c) => c === ACCEPTED_CODING)) return;
  const shown = raw.length > 60 ? `${raw.slice(0, 60)}…` : raw;
  throw new DomainError(
    'UnsupportedMediaType',
    `Content-Encoding '${shown}' is not supported: send the body unencoded (no Content-Encoding, or ${ACCEPTED_CODING}).`,
  );
}
