/** Random identifiers; injected so tests can make them predictable. */
export interface IdSource {
  /** 32 lower-case hex characters (request ids, job ids, execution tags). */
  hex32(): string;
  /** A lower-case dashed GUID (ETags, client request ids, subscription ids). */
  guid(): string;
}
