import { TextDecoder } from 'node:util';

/** Characters of a response body kept in a history message. */
export const BODY_CHARS = 1024;
/** Bytes of a response body read before the connection is closed. */
export const BODY_BYTES = 64 * 1024;

function charsetOf(contentType: string | undefined): string {
  const m = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '');
  return m?.[1] ?? 'utf-8';
}

function decoderFor(label: string): TextDecoder {
  try {
    return new TextDecoder(label);
  } catch {
    return new TextDecoder('utf-8'); // unknown charset: fall back to the default
  }
}

/**
 * The first `limit` characters (code points, so no surrogate pair is split) of a body decoded by the
 * charset of its Content-Type. NUL characters become U+FFFD because PostgreSQL text cannot hold them
 * and a binary body must not break the history write.
 */
export function bodyText(body: Buffer, contentType: string | undefined, limit = BODY_CHARS): string {
  const text = decoderFor(charsetOf(contentType)).decode(body);
  let out = '';
  let count = 0;
  for (const ch of text) {
    if (count++ >= limit) break;
    out += ch;
  }
  return out.replaceAll('\0', '\uFFFD');
}
