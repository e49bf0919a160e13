import { nextTurn } from './next-turn.js';

/** What a write asks of the engine: its window re-read from the store, or only its timer re-armed. */
export type ChangeNeed = 'refresh' | 'arm';

/**
 * The writes of one event-loop turn answered once, in the next turn, however many landed in it: each
 * re-read of the window costs a store read of up to `windowLimit` due times, which was half the
 * server's work when the API created jobs in parallel; with due times given, a turn of creates
 * reads nothing (docs/engine-measurements.md, "What each statement of a drain costs on SQLite"). A re-read
 * outranks a re-arm (it re-arms too).
 */
export class ChangeCoalescer {
  private pending: ChangeNeed | undefined;

  constructor(
    private readonly act: (need: ChangeNeed) => void,
    /** The engine's work tracker (`settled()` awaits what it holds). */
    private readonly track: (work: Promise<void>) => void,
  ) {}

  request(need: ChangeNeed): void {
    if (this.pending !== undefined) {
      if (need === 'refresh') this.pending = 'refresh';
      return;
    }
    this.pending = need;
    this.track(
      nextTurn().then(() => {
        const pending = this.pending ?? need;
        this.pending = undefined;
        this.act(pending);
      }),
    );
  }
}
