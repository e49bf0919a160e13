import { Worker } from 'node:worker_threads';

/**
 * Starts a worker thread on the module `name` that sits beside `base` (the caller's
 * `import.meta.url`): its compiled JavaScript from dist/ in production; under tsx (tests, which run
 * the TypeScript sources) the thread registers tsx first, as Node 20 does not pass the main
 * thread's `--import` loader hooks on to workers. Used by the executor thread
 * (bootstrap/executor-worker-data.ts) and the SQLite checkpointer (store/sqlite/wal-checkpointer.ts).
 */
export function startModuleWorker(base: string, name: string, workerData: unknown): Worker {
  if (!base.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, base), { workerData });
  const entry = JSON.stringify(new URL(`./${name}.ts`, base).href);
  const code = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${entry}); });`;
  return new Worker(code, { eval: true, workerData });
}
