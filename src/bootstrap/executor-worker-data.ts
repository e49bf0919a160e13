import { Worker } from 'node:worker_threads';
import type { ExecutorOptions } from '../executors/index.js';

/** The executor thread's settings (structured-cloneable: no clock, no lookup function). */
export interface ExecutorWorkerData {
  readonly executor: Omit<ExecutorOptions, 'clock' | 'lookup'>;
  /** The secret key given by configuration, or the key file (a key ring that may rotate). */
  /** Attempts at once per target host (`engine.maxPerHost`); the slots are held in this thread. */
  readonly maxPerHost?: number;
  readonly secretKey: { readonly keyBase64: string } | { readonly keyFile: string };
}

/**
 * Starts the executor thread: compiled JavaScript from dist/ in production; under tsx (tests, which
 * run the TypeScript sources) the thread registers tsx first, as Node 20 does not pass the main
 * thread's `--import` loader hooks on to workers.
 */
export function startExecutorThread(workerData: ExecutorWorkerData): Worker {
  if (!import.meta.url.endsWith('.ts')) {
    return new Worker(new URL('./executor-worker.js', import.meta.url), { workerData });
  }
  const entry = JSON.stringify(new URL('./executor-worker.ts', import.meta.url).href);
  const code = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${entry}); });`;
  return new Worker(code, { eval: true, workerData });
}
