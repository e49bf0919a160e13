import { TextDecoder } from 'node:util';
import { maskSecrets } from './mask-secrets.js';

/** Characters of a response body kept in a history message. */
export const BODY_CHARS = 1024;
/** Bytes of a response body read before the connection is closed. */
export const BODY_BYTES = 64 * 1024;

/** Decoders by charset label, made once: a TextDecoder without `stream` holds no state between calls. */
const decoders = new Map<string, TextDecoder>();
const MAX_DECODERS = 64;

function charsetOf(contentType: string | undefined): string {
  if (contentType === undefined) return 'utf-8';
  const m = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType);
  return m?.[1] ?? 'utf-8';
}

function decoderFor(label: string): TextDecoder {
  let decoder = decoders.get(label);
  if (decoder === undefined) {
    try {
      decoder = new TextDecoder(label);
    } catch {
      decoder = new TextDecoder('utf-8'); // unknown charset: fall back to the default
    }
    if (decoders.size >= MAX_DECODERS) decoders.clear();
    decoders.set(label, decoder);
  }
  return decoder;
}

/**
 * The first `limit` characters (code points, so no surrogate pair is split) of a body decoded by the
 * charset of its Content-Type. NUL characters become U+FFFD because PostgreSQL text cannot hold them
 * and a binary body must not break the history write.
 */
export function bodyText(
  body: Buffer,
  contentType: string | undefined,
  limit = BODY_CHARS,
  secrets: readonly string[] = [],
): string {
  // Masked before the cut, so that a secret the cut would halve is not kept in part.
  const text = maskSecrets(decoderFor(charsetOf(contentType)).decode(body), secrets);
  const kept = text.length <= limit ? text : text.slice(0, codePointsEnd(text, limit));
  return kept.includes('\0') ? kept.replaceAll('\0', '\uFFFD') : kept;
}

/** The index in `text` after its first `limit` code points (a surrogate pair counts once). */
function codePointsEnd(text: string, limit: number): number {
  let i = 0;
  for (let count = 0; count < limit && i < text.length; count++) {
    const c = text.charCodeAt(i);
    const pair = c >= 0xd800 && c <= 0xdbff && i + 1 < text.length;
    const next = pair ? text.charCodeAt(i + 1) : 0;
    i += pair && next >= 0xdc00 && next <= 0xdfff ? 2 : 1;
  }
  return i;
}
