/**
 * Size limits of a job definition (docs/reference/scheduling-rules.md §7). A deployment may raise them, never lower
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
