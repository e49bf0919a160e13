/**
 * Rows read again and again are kept in memory as long as nothing could have changed them.
 * Authentication reads the same certificate or token and subscription on every API request (they
 * change only through a handful of admin writes); API clients poll the same jobs.
 *
 * "Nothing changed" is a stamp taken before each read: the store's own count of the writes that
 * could change the cached rows (this process) plus the database's change counter for *other*
 * connections (SQLite's `data_version`, which moves whenever another process — e.g. `takt certs
 * remove` — commits). When the stamp moves, everything cached is dropped. So a removed
 * certificate, a revoked token, a disabled subscription or a job's new counters are seen by the
 * very next read, exactly as without the cache.
 */
const MAX_ENTRIES = 10_000;

export class ReadCache {
  private stamp: string | undefined;
  private readonly entries = new Map<string, unknown>();

  constructor(private readonly currentStamp: () => string) {}

  /** `key`'s value: from memory if nothing changed since it was read, else from `load`. */
  async get<T>(key: string, load: () => Promise<T>): Promise<T> {
    const stamp = this.currentStamp();
    if (stamp !== this.stamp) {
      this.entries.clear();
      this.stamp = stamp;
    }
    if (this.entries.has(key)) return this.entries.get(key) as T;
    const value = await load();
    // Kept only if no write happened while it was read (a later stamp would not match this one).
    if (this.currentStamp() === stamp) {
      // Unknown credentials are cached too (each is one entry); a flood of them only resets the cache.
      if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
      this.entries.set(key, value);
    }
    return value;
  }
}
