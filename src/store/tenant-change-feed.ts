/**
 * Tells a PostgreSQL node's caches of subscriptions, certificates and tokens when another process
 * changed them (docs/store.md, "Cached credentials"). Every write to those tables fires a NOTIFY at
 * its commit (a trigger, migration 007 — whichever process or tool wrote), which the node's LISTEN
 * connection turns into `changed()`. The cache compares `counter()` before and after each read
 * (read-cache.ts). While the LISTEN connection is down, notifications could be missed, so nothing
 * is served from memory: every look gets a new counter.
 */
export class TenantChangeFeed {
  private version = 0;
  private up = false;

  /** The value a cache compares; a new one on every call while no one is listening. */
  counter(): number {
    if (!this.up) this.version += 1;
    return this.version;
  }

  /** A notification arrived: another process changed tenant rows. */
  changed(): void {
    this.version += 1;
  }

  /** The LISTEN connection came up or dropped; either way what was read before is dropped. */
  listening(up: boolean): void {
    this.up = up;
    this.version += 1;
  }
}
