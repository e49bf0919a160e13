import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../threads/module-worker.js';
import type { ExecutorOptions } from '../executors/index.js';

/** The executor thread's settings (structured-cloneable: no clock, no lookup function). */
export interface ExecutorWorkerData {
  readonly executor: Omit<ExecutorOptions, 'clock' | 'lookup'>;
  /** The secret key given by configuration, or the key file (a key ring that may rotate). */
  /** Attempts at once per target host (`engine.maxPerHost`); the slots are held in this thread. */
  readonly maxPerHost?: number;
  readonly secretKey: { readonly keyBase64: string } | { readonly keyFile: string };
}

/** Starts the executor thread (executor-worker.ts). */
export function startExecutorThread(workerData: ExecutorWorkerData): Worker {
  return startModuleWorker(import.meta.url, 'executor-worker', workerData);
}
