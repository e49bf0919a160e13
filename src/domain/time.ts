/**
 * Time values of the domain.
 *
 * The engine, the store and recurrence math work in integer epoch milliseconds (UTC): Takt is exact
 * to the millisecond. The wire allows 7 fraction digits (100 ns, the .NET tick), and a job's
 * `startTime`/`endTime` must be echoed exactly as sent, so those two keep the sub-millisecond part
 * in a `PreciseTime`.
 */

/** Integer milliseconds since 1970-01-01T00:00:00Z. */
export type EpochMs = number;

/** An instant kept to the 100-ns tick: `ms` (integer epoch ms) plus `ticks` (0..9999) inside it. */
export interface PreciseTime {
  readonly ms: EpochMs;
  /** 100-ns units within the millisecond, 0..9999. */
  readonly ticks: number;
}

/** A duration in .NET TimeSpan ticks (100 ns). 548 days fit easily in a double's safe range. */
export type Ticks = number;

export const TICKS_PER_MS = 10_000;

/** Milliseconds of a tick duration, rounded up so that a wait is never shorter than asked. */
export function ticksToMs(ticks: Ticks): number {
  return Math.ceil(ticks / TICKS_PER_MS);
}
