import { createHash } from 'node:crypto';
import type { AttemptContext } from '../../ports/executor.js';

const ZERO_TRACE = '0'.repeat(32);
const ZERO_PARENT = '0'.repeat(16);

/**
 * W3C Trace Context `traceparent` for one HTTP attempt (Takt extension, docs/executors.md):
 * `00-<trace-id>-<parent-id>-01`. The trace id is the occurrence's execution tag (32 lower-case
 * hex, the same shape), so every attempt of an occurrence — retries, the error action, redelivery
 * after a crash — belongs to one trace, and a receiver can find the trace from the tag. The
 * parent id is new for every attempt: the last 16 hex digits of the attempt's client request id
 * (a random GUID, new per attempt), so it needs no random source of its own and is reproducible in
 * tests. A request id of another shape is hashed instead (SHA-256 cost ~3% of a busy engine's CPU
 * when it was done for every attempt).
 * Flags `01` (sampled): the attempt is recorded, in the job history.
 */
export function traceparent(ctx: Pick<AttemptContext, 'executionTag' | 'clientRequestId'>): string {
  const tag = ctx.executionTag.toLowerCase();
  // An invalid or all-zero id would make receivers drop the header; hash such a tag instead.
  const traceId =
    tag.length === 32 && isHex(tag, 0, 32) && tag !== ZERO_TRACE
      ? tag
      : digest(`trace:${ctx.executionTag}`, 32);
  return `00-${traceId}-${parentId(ctx.clientRequestId)}-01`;
}

/** The last 16 hex digits of a GUID (`xxxxxxxx-xxxx-xxxx-XXXX-XXXXXXXXXXXX`), else a digest. */
function parentId(clientRequestId: string): string {
  const id = clientRequestId;
  const guid =
    id.length === 36 &&
    id.charCodeAt(8) === DASH &&
    id.charCodeAt(13) === DASH &&
    id.charCodeAt(18) === DASH &&
    id.charCodeAt(23) === DASH &&
    isHex(id, 0, 8) &&
    isHex(id, 9, 13) &&
    isHex(id, 14, 18) &&
    isHex(id, 19, 23) &&
    isHex(id, 24, 36);
  const hex = guid ? `${id.slice(19, 23)}${id.slice(24)}`.toLowerCase() : undefined;
  return hex !== undefined && hex !== ZERO_PARENT ? hex : digest(`parent:${clientRequestId}`, 16);
}

const DASH = 45;

/** Whether `s[from, to)` is hexadecimal digits (either case). */
function isHex(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70))) return false;
  }
  return true;
}

/** Leading hex digits of SHA-256, never all zero (W3C forbids zero ids). */
function digest(text: string, hexDigits: number): string {
  const hex = createHash('sha256').update(text, 'utf8').digest('hex').slice(0, hexDigits);
  return /^0+$/.test(hex) ? `${hex.slice(0, -1)}1` : hex;
}
