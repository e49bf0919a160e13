/**
 * "Run now, and once more if asked meanwhile": at most one run of `round` is in progress; a request
 * during it makes one more run after it (however many requests came), never a second concurrent
 * one. `round` answers true when it left work undone (a full claim batch): it then runs again at
 * once. The engine's window refresh and its claims are single flights.
 */
export class SingleFlight {
  private flight: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly round: () => Promise<boolean>,
    /** Checked before every further round (the engine stops between rounds). */
    private readonly keepGoing: () => boolean,
    /** Called once the flight ends, when a new request starts a new flight. */
    private readonly after: () => void = () => undefined,
  ) {}

  /** Starts a flight, or asks the one in progress for one more round. Answers that flight. */
  request(): Promise<void> {
    if (this.flight) {
      this.again = true;
      return this.flight;
    }
    this.flight = this.fly();
    return this.flight;
  }

  /** The flight in progress (resolved when none). */
  get current(): Promise<void> {
    return this.flight ?? Promise.resolve();
  }

  private async fly(): Promise<void> {
    try {
      let more: boolean;
      do {
        this.again = false;
        more = await this.round();
      } while ((more || this.again) && this.keepGoing());
    } finally {
      this.flight = undefined;
    }
    this.after();
  }
}
