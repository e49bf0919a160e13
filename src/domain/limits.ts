/**
 * Size limits of a job definition (docs/reference/behaviour.md §7). A deployment may raise them, never lower
 * them, because a lower limit would reject definitions that clients of the retired service could store.
 */
export interface WireLimits {
  /** Compact JSON of the stored definition (secrets in clear, `status` excluded). Default 16,000. */
  readonly maxDefinitionChars: number;
  /** `request.uri`. Default 2048. */
  readonly maxUriChars: number;
  /** Entries of `request.headers`. Default 50. */
  readonly maxHeaders: number;
  /** Sum of the lengths of all header names and values. Default 4096. */
  readonly maxHeaderChars: number;
  /** `request.body`. Default 8192. */
  readonly maxBodyChars: number;
  /** Storage queue and Service Bus `message`. Default 8192. */
  readonly maxMessageChars: number;
}

export const DEFAULT_WIRE_LIMITS: WireLimits = Object.freeze({
  maxDefinitionChars: 16_000,
  maxUriChars: 2048,
  maxHeaders: 50,
  maxHeaderChars: 4096,
  maxBodyChars: 8192,
  maxMessageChars: 8192,
});

/**
 * The defaults with a deployment's overrides applied. Throws RangeError naming the setting when an
 * override is not an integer or lies below its default (limits may only be raised).
 */
export function raiseWireLimits(overrides: Partial<WireLimits>): WireLimits {
  const out: Record<string, number> = { ...DEFAULT_WIRE_LIMITS };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    const base = (DEFAULT_WIRE_LIMITS as unknown as Record<string, number>)[key];
    if (base === undefined) throw new RangeError(`${key}: unknown size limit`);
    if (!Number.isSafeInteger(value) || value < base) {
      throw new RangeError(
        `${key}: must be an integer of at least ${base} (limits can only be raised), got ${value}`,
      );
    }
    out[key] = value;
  }
  return Object.freeze(out) as unknown as WireLimits;
}
