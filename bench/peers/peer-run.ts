// The part both peers share (bullmq-worker.ts, graphile-worker.ts): the task each job runs (one POST
// to the sink on a keep-alive undici pool) and the two phases of a run — the warm-up jobs due at
// once, then the measured ones due `leadMs` later, announced as `due <ms>` on stdout
// (bench/support/peers.ts waits for that line).
import { Agent, request } from 'undici';

/** A job's payload: its index, its due time and the tag the sink counts it by. */
export interface Hit {
  readonly i: number;
  readonly due: number;
  readonly tag: string;
}

/** Adds the jobs [from, to) due at `due`, tagged `${prefix}${i}`. */
export type AddJobs = (from: number, to: number, due: number, prefix: string) => Promise<void>;

export class PeerRun {
  private readonly dispatcher: Agent;
  private done = 0;
  private target = 0;
  private reached: () => void = () => undefined;

  constructor(
    private readonly sinkUrl: string,
    connections: number,
  ) {
    this.dispatcher = new Agent({ connections, keepAliveTimeout: 60_000 });
  }

  /** The worker's task for one job. */
  readonly hit = async (p: Hit): Promise<void> => {
    const res = await request(this.sinkUrl, {
      method: 'POST',
      dispatcher: this.dispatcher,
      headers: { 'x-due': String(p.due), 'x-tag': p.tag },
      body: 'x',
    });
    await res.body.dump();
    if (++this.done === this.target) this.reached();
  };

  /**
   * `warm` jobs due now, all done; then `n` jobs due `leadMs` from then (`prefix`), announced;
   * resolves when those are done. The worker must be running.
   */
  async run(add: AddJobs, opts: { warm: number; n: number; leadMs: number; prefix: string }): Promise<void> {
    if (opts.warm > 0) await this.phase(opts.warm, () => add(0, opts.warm, Date.now(), 'w'));
    const due = Date.now() + opts.leadMs;
    await this.phase(opts.n, async () => {
      await add(0, opts.n, due, opts.prefix);
      process.stdout.write(`due ${due}\n`);
    });
  }

  close(): Promise<void> {
    return this.dispatcher.close();
  }

  /** Counts `target` finished jobs from now on; `start` adds them. */
  private async phase(target: number, start: () => Promise<void>): Promise<void> {
    this.done = 0;
    this.target = target;
    const finished = new Promise<void>((resolve) => (this.reached = resolve));
    await start();
    await finished;
  }
}
