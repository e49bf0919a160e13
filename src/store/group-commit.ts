/**
 * Group commit: items added during one turn of the event loop are written together by one call of
 * `flush` (one transaction), and each caller's promise settles once that write has committed.
 *
 * Why: every mutating API request leaves an operation record, and on SQLite each write transaction
 * costs a BEGIN IMMEDIATE and a WAL commit — as much as the request's own write. Under concurrent
 * load the requests read from the network in one poll phase all finish in that turn, so they share
 * one commit; a lone request waits only until the next `setImmediate`.
 */
export class GroupCommit<T> {
  private pending: { item: T; resolve: () => void; reject: (err: unknown) => void }[] = [];
  private scheduled = false;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly flush: (items: readonly T[]) => Promise<void>,
    /** Writes one item alone: used when a batch fails, so one bad item cannot fail the others. */
    private readonly flushOne: (item: T) => Promise<void>,
  ) {}

  add(item: T): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.track(this.run()));
      }
    });
  }

  /** Resolves once everything added so far has been written (or has failed). */
  async drain(): Promise<void> {
    while (this.scheduled || this.inFlight.size > 0) {
      if (this.scheduled) await new Promise<void>((r) => setImmediate(r));
      else await Promise.all(this.inFlight);
    }
  }

  private track(p: Promise<void>): void {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  private async run(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    this.scheduled = false;
    try {
      await this.flush(batch.map((b) => b.item));
      for (const b of batch) b.resolve();
    } catch {
      for (const b of batch) {
        try {
          await this.flushOne(b.item);
          b.resolve();
        } catch (err) {
          b.reject(err);
        }
      }
    }
  }
}
