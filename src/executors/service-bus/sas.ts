import { createHmac } from 'node:crypto';

/** Token lifetime: long enough for one attempt, short enough to be useless if it leaks. */
export const SAS_LIFETIME_SECONDS = 300;

/** RFC 3986 percent-encoding (encodeURIComponent also leaves `!'()*` alone). */
export function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * `SharedAccessSignature sr=…&sig=…&se=…&skn=…` for `resourceUri` (docs/reference/scheduling-rules.md §6.3): the
 * signature is base64 HMAC-SHA256, keyed with the UTF-8 bytes of the key, over
 * `enc(lower-cased uri) + "\n" + expiry`.
 */
export function sasToken(resourceUri: string, keyName: string, key: string, nowMs: number): string {
  const expiry = Math.floor(nowMs / 1000) + SAS_LIFETIME_SECONDS;
  const sr = rfc3986(resourceUri.toLowerCase());
  const sig = createHmac('sha256', Buffer.from(key, 'utf8'))
    .update(`${sr}\n${expiry}`, 'utf8')
    .digest('base64');
  return `SharedAccessSignature sr=${sr}&sig=${rfc3986(sig)}&se=${expiry}&skn=${rfc3986(keyName)}`;
}
