import type { AttemptOrder, AttemptReport } from './attempt.js';

/**
 * Messages between the engine and its executor thread (worker-runner.ts, bootstrap/executor-worker.ts).
 * Batched: one message carries every attempt posted (or started, or finished) in one event-loop
 * turn — a claim's runs in one, as the thread holds the per-host slots (host-queue.ts).
 * Secrets in `order.action` are sealed; they are opened in the executor thread.
 */
export type ToExecutorThread =
  | { readonly t: 'start'; readonly items: readonly { readonly id: number; readonly order: AttemptOrder }[] }
  | { readonly t: 'cancel'; readonly ids: readonly number[] }
  /** Stop: the attempts still waiting for their host slot end as interrupted. */
  | { readonly t: 'drop' }
  | { readonly t: 'close' };

export type FromExecutorThread = {
  readonly t: 'done';
  /** Attempts that took their host slot and started since the last message. */
  readonly started: readonly number[];
  /** Finished attempts; `report` null for one interrupted before it started. */
  readonly items: readonly { readonly id: number; readonly report: AttemptReport | null }[];
};
