/**
 * What a target answers can hold what it was sent: an echo service, a debug endpoint or a proxy's
 * error page repeats the `Authorization` header, a Service Bus front end the SAS signature. History
 * messages never hold a secret (docs/reference/scheduling-rules.md §6), so every secret an attempt
 * sent, and the forms it was sent in, is replaced in the message before it leaves the executor.
 */

/** What a masked secret reads as. */
export const MASK = '***';

/**
 * Secrets shorter than this are not looked for: a three-character password occurs by chance in
 * ordinary text, and its sent form (the `Basic …` value) is masked anyway.
 */
const MIN_MASKED_CHARS = 4;

/** `text` with every occurrence of each secret replaced by `***`, the longest secrets first. */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  if (secrets.length === 0) return text;
  let out = text;
  const longestFirst = [...secrets].sort((a, b) => b.length - a.length);
  for (const secret of longestFirst) {
    if (secret.length >= MIN_MASKED_CHARS && out.includes(secret)) out = out.replaceAll(secret, MASK);
  }
  return out;
}

/** The forms of a SAS signature in a token (`sig=<percent-encoded base64>`): as sent, and decoded. */
export function sasSignatureForms(token: string): string[] {
  const sig = /(?:^|[?&\s])sig=([^&\s]+)/.exec(token)?.[1];
  if (sig === undefined) return [];
  let decoded = sig;
  try {
    decoded = decodeURIComponent(sig);
  } catch {
    // not percent-encoded text: the sent form alone
  }
  return decoded === sig ? [sig] : [sig, decoded];
}
