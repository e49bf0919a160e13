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

/** What `peek` answers for a value not in memory (`undefined` is a value: "no such row"). */
export const MISS: unique symbol = Symbol('miss');

export class ReadCache {
  private othersSeen = -1;
  private ownSeen = -1;
  private readonly entries = new Map<string, unknown>();

  /**
   * @param others The database's change counter for other connections.
   * @param own This store's count of the writes that could change the cached rows.
   */
  constructor(
    private readonly others: () => number,
    private readonly own: () => number,
  ) {}

  /** Whether the stamp moved since the last look (then everything cached is dropped). */
  private moved(): boolean {
    const others = this.others();
    const own = this.own();
    if (others === this.othersSeen && own === this.ownSeen) return false;
    this.entries.clear();
    this.othersSeen = others;
    this.ownSeen = own;
    return true;
  }

  /**
   * `key`'s value if it is in memory and nothing changed since it was read, else `MISS`: a hit
   * costs no promise (authentication makes several of these on every API request).
   */
  peek<T>(key: string): T | typeof MISS {
    if (this.moved()) return MISS;
    return this.entries.has(key) ? (this.entries.get(key) as T) : MISS;
  }

  /**
   * `key`'s value: from memory if nothing changed since it was read, else from `load`, and kept
   * unless `keepIf` says no.
   */
  async get<T>(key: string, load: () => Promise<T>, keepIf?: (value: T) => boolean): Promise<T> {
    const hit = this.peek<T>(key);
    if (hit !== MISS) return hit;
    // The stamp this read starts from (peek just brought it up to date).
    const others = this.othersSeen;
    const own = this.ownSeen;
    const value = await load();
    // Kept only if nothing changed while it was read: the stamp has not moved, and no other look
    // saw it move meanwhile (that look would have taken the new stamp as its own).
    if (keepIf && !keepIf(value)) return value;
    if (!this.moved() && this.othersSeen === others && this.ownSeen === own) this.keep(key, value);
    return value;
  }

  /**
   * Puts the value a write of this process just committed (write-through). The caller moves its
   * own count at that commit and calls this in the same synchronous step, so no read or write can
   * fall between the commit and this; everything else cached is dropped as after any write.
   */
  put(key: string, value: unknown): void {
    this.moved();
    this.keep(key, value);
  }

  private keep(key: string, value: unknown): void {
    // Unknown credentials are cached too (each is one entry); a flood of them only resets the cache.
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(key, value);
  }
}
