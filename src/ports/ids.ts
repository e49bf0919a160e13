/** Random identifiers; injected so tests can make them predictable. */
export interface IdSource {
  /**
   * 32 lower-case hex characters, all random (job ids, run ids, run-now's execution tags, token
   * ids). A scheduled occurrence's tag is derived instead (src/engine/occurrence-tag.ts).
   */
  hex32(): string;
  /**
   * A request id (= operation id, docs/api.md "Response rules"): 32 lower-case hex characters,
   * the first 12 the time `now` in ms, the other 20 random. Time-ordered so the operation
   * records' key index grows at its right edge instead of dirtying a random page per insert.
   */
  requestId(now: number): string;
  /** A lower-case dashed GUID (ETags, client request ids, subscription ids). */
  guid(): string;
}
