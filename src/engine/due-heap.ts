import type { EpochMs } from '../domain/time.js';

/** A binary min-heap of due times: the engine's near-term window, read in time order. */
export class DueHeap {
  private readonly items: EpochMs[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): EpochMs | undefined {
    return this.items[0];
  }

  push(t: EpochMs): void {
    const a = this.items;
    a.push(t);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((a[parent] as number) <= t) break;
      a[i] = a[parent] as number;
      i = parent;
    }
    a[i] = t;
  }

  pop(): EpochMs | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length === 0 || last === undefined) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= a.length) break;
      const r = l + 1;
      const c = r < a.length && (a[r] as number) < (a[l] as number) ? r : l;
      if ((a[c] as number) >= last) break;
      a[i] = a[c] as number;
      i = c;
    }
    a[i] = last;
    return top;
  }

  /** Drops every time ≤ `t` (they have been claimed). */
  dropThrough(t: EpochMs): void {
    while (this.items.length > 0 && (this.items[0] as number) <= t) this.pop();
  }

  replace(times: readonly EpochMs[]): void {
    this.items.length = 0;
    for (const t of times) this.push(t);
  }
}
