import type { AttemptOrder, AttemptReport } from './attempt.js';

/**
 * Messages between the engine and its executor thread (worker-runner.ts, bootstrap/executor-worker.ts).
 * Batched: one message carries every attempt started (or finished) in one event-loop turn.
 * Secrets in `order.action` are sealed; they are opened in the executor thread.
 */
export type ToExecutorThread =
  | { readonly t: 'start'; readonly items: readonly { readonly id: number; readonly order: AttemptOrder }[] }
  | { readonly t: 'cancel'; readonly ids: readonly number[] }
  | { readonly t: 'close' };

export type FromExecutorThread = {
  readonly t: 'done';
  readonly items: readonly { readonly id: number; readonly report: AttemptReport }[];
};
