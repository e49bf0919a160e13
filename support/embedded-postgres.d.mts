// Types of support/embedded-postgres.mjs (plain JavaScript so that scripts/test.mjs can run it
// without a TypeScript loader).
export interface EmbeddedPostgres {
  /** postgres://takt:takt@127.0.0.1:<port>/takt_test — the role `takt` is a superuser. */
  readonly url: string;
  /** Stops the server and removes its folder; idempotent. */
  stop(): Promise<void>;
}

export function startEmbeddedPostgres(): Promise<EmbeddedPostgres>;
