import type { EpochMs } from '../domain/time.js';
import { DueHeap } from './due-heap.js';

/**
 * The engine's near-term window of due times: the store's nearest `limit` due times (a read is cut
 * off there), plus the retry and next-occurrence times the engine learns itself, in a min-heap.
 */
export class DueWindow {
  private readonly heap = new DueHeap();
  /**
   * The last due time the latest read returned, when that read was cut off at `limit` (more due
   * times lie beyond it); undefined when the read saw the whole window.
   */
  private cut: EpochMs | undefined;
  /**
   * Due times pushed since the read in flight began (undefined when none is): that read cannot
   * hold them (a retry recorded meanwhile), so `load` keeps them instead of losing them until the
   * next poll.
   */
  private pushedDuringRead: EpochMs[] | undefined;
  /**
   * Due times pushed since the claim in flight began (undefined when none is; claims run one at a
   * time). That claim's transaction could not see their runs (a push follows the commit of the
   * outcome that scheduled them), so its `dropThrough` keeps them: dropping them would leave a
   * retry or error action due now to the next poll, up to `pollMs` late.
   */
  private pushedDuringClaim: EpochMs[] | undefined;
  /** Runs the engine claimed since the latest read (`claimed`); see `dropThrough`. */
  private claimedSinceRead = 0;

  constructor(private readonly limit: number) {}

  /** A read of the store's due times begins; `load` (or `readFailed`) ends it. */
  beginRead(): void {
    this.pushedDuringRead = [];
  }

  /** The read failed: the window stays as it was, pushes included. */
  readFailed(): void {
    this.pushedDuringRead = undefined;
  }

  /**
   * Replaces the window with a fresh read of at most `limit` due times, in order, keeping the
   * times pushed since the read began.
   */
  load(times: readonly EpochMs[]): void {
    this.heap.replace(times);
    for (const t of this.pushedDuringRead ?? []) this.heap.push(t);
    this.pushedDuringRead = undefined;
    this.cut = times.length >= this.limit ? times[times.length - 1] : undefined;
    this.claimedSinceRead = 0;
  }

  /** A claim transaction begins; `dropThrough` or `claimEnded` ends it. */
  beginClaim(): void {
    this.pushedDuringClaim = [];
  }

  /** The claim ended without dropping anything (it filled its batch: more is due). */
  claimEnded(): void {
    this.pushedDuringClaim = undefined;
  }

  /** The engine claimed `n` runs (see `dropThrough`). */
  claimed(n: number): void {
    this.claimedSinceRead += n;
  }

  /**
   * Whether to read the window again now. A window cut off at `limit` holds only the nearest due
   * times: at 1,000 due a second the default window lasts one second, the poll's period, so the
   * heap would run dry just before the next poll and the occurrences due in between would wait for
   * it (10–50 ms of lateness once a second, measured). Read again when three quarters are used up.
   * Only while the cut lies ahead: a window of rows that are all due but claimed elsewhere
   * (PostgreSQL, SKIP LOCKED) is left to the poll instead of being re-read in a loop. Answers true
   * once per cut.
   */
  takeRefill(now: EpochMs): boolean {
    const cut = this.cut;
    if (cut === undefined || this.heap.size > this.limit / 4 || cut <= now) return false;
    this.cut = undefined;
    return true;
  }

  /** The earliest due time known. */
  peek(): EpochMs | undefined {
    return this.heap.peek();
  }

  push(t: EpochMs): void {
    this.heap.push(t);
    this.pushedDuringRead?.push(t);
    this.pushedDuringClaim?.push(t);
  }

  /**
   * Forgets every due time up to `t` (claimed, or found claimed elsewhere). Answers true when the
   * window must be read again now: the latest read was cut off at or before `t`, so nothing it
   * returned is left and the window knows nothing of what is due after the cut. Without the re-read,
   * the work due right after a backlog larger than the window (a burst) waited for the next poll, up
   * to `pollMs` late (measured: 0.3–0.8 s). Only when runs were claimed since that read: a window of
   * rows that are all due but claimed elsewhere (PostgreSQL, SKIP LOCKED) is left to the poll
   * instead of being re-read in a loop. Answers true once per cut. Ends the claim in flight, if
   * any: the times pushed since it began stay (at worst one claim more finds them already taken).
   */
  dropThrough(t: EpochMs): boolean {
    this.heap.dropThrough(t);
    for (const kept of this.pushedDuringClaim ?? []) if (kept <= t) this.heap.push(kept);
    this.pushedDuringClaim = undefined;
    const cut = this.cut;
    if (cut === undefined || cut > t || this.claimedSinceRead === 0) return false;
    this.cut = undefined;
    return true;
  }
}
