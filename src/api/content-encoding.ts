/**
 * Request bodies are read as sent: Takt decodes no content coding (docs/api.md, "Response rules").
 * No Azure client compresses its requests, and inflating one would need its own limit on the
 * inflated size (a few KiB of gzip can hold gigabytes). Reading a coded body as text would give a
 * misleading UTF-8 error (gzip) or store bytes the client meant otherwise (br, zstd), so a body in
 * any coding but identity is refused, before it is decoded or parsed: 415 with
 * `Accept-Encoding: identity` (RFC 9110 §15.5.16).
 *
 * Node's parser frames a body sent `Transfer-Encoding: gzip, chunked` by its final chunked coding
 * and hands over the still-compressed bytes: a transfer coding other than chunked is refused too,
 * with 501 (RFC 9112 §6.1).
 */
import { clip } from '../domain/clip.js';
import { DomainError } from '../domain/errors.js';

/** The codings a header lists, lower-cased, empty members dropped (RFC 9110 §5.6.1). */
function codingsOf(header: string): string[] {
  return header
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '');
}

/** The one coding accepted; also the value of the refusal's Accept-Encoding header. */
export const ACCEPTED_CODING = 'identity';

/** Throws 415 UnsupportedMediaType unless every listed coding is identity (or there is none). */
export function checkContentEncoding(header: string | string[] | undefined): void {
  if (header === undefined) return;
  const raw = Array.isArray(header) ? header.join(', ') : header;
  if (codingsOf(raw).every((c) => c === ACCEPTED_CODING)) return;
  throw new DomainError(
    'UnsupportedMediaType',
    `Content-Encoding '${clip(raw)}' is not supported: send the body unencoded (no Content-Encoding, or ${ACCEPTED_CODING}).`,
  );
}

/** Throws 501 NotImplemented unless the transfer coding is chunked alone (or there is none). */
export function checkTransferEncoding(header: string | undefined): void {
  if (header === undefined) return;
  const codings = codingsOf(header);
  if (codings.length === 1 && codings[0] === 'chunked') return;
  throw new DomainError(
    'NotImplemented',
    `Transfer-Encoding '${clip(header)}' is not supported: send the body with chunked alone, or with Content-Length.`,
  );
}
