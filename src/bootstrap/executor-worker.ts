// The executor thread (docs/engine.md "Both cores"): runs the attempts the engine posts
// (engine/worker-runner.ts) with its own executors (undici pools, egress checks, OAuth token cache)
// and its own secret box, so the sealed secrets of an attempt are opened only here, next to the
// request that sends them. Holds the per-host slots (host-queue.ts), so a finished attempt's slot
// passes to the next at once. Answers started and finished attempts in one message per turn.
import { parentPort, workerData } from 'node:worker_threads';
import {
  startAttempt,
  type AttemptDeps,
  type AttemptReport,
  type RunningAttempt,
} from '../engine/attempt.js';
import { HostQueue } from '../engine/host-queue.js';
import type { FromExecutorThread, ToExecutorThread } from '../engine/worker-protocol.js';
import { engineDefaults } from '../config/schema/engine-schema.js';
import { createExecutors } from '../executors/index.js';
import { warmUpHttp } from '../executors/net/warm-up.js';
import type { SecretBox } from '../ports/secret-box.js';
import { AesGcmSecretBox, KeyringSecretBox } from '../secrets/index.js';
import { CryptoIdSource } from './crypto-id-source.js';
import type { ExecutorWorkerData } from './executor-worker-data.js';
import { SystemClock } from './system-clock.js';

const data = workerData as ExecutorWorkerData;
const port = parentPort;
if (!port) throw new Error('executor-worker: must run as a worker thread');
const clock = new SystemClock();
const executors = createExecutors({ ...data.executor, clock });
const secrets: SecretBox =
  'keyBase64' in data.secretKey
    ? new AesGcmSecretBox(Buffer.from(data.secretKey.keyBase64, 'base64'))
    : new KeyringSecretBox({ keyFile: data.secretKey.keyFile, clock });
const deps: AttemptDeps = { clock, executor: executors, secrets, ids: new CryptoIdSource() };
// Before the first due attempt, not during it (warm-up.ts); attempts posted meanwhile run at once.
void warmUpHttp();

const hosts = new HostQueue(data.maxPerHost ?? engineDefaults.maxPerHost);
const running = new Map<number, RunningAttempt>();
let done: { id: number; report: AttemptReport | null }[] = [];
let started: number[] = [];
let flushQueued = false;

function queueFlush(): void {
  if (flushQueued) return;
  flushQueued = true;
  setImmediate(() => {
    flushQueued = false;
    const message: FromExecutorThread = { t: 'done', started, items: done };
    done = [];
    started = [];
    port?.postMessage(message);
  });
}

function finished(id: number, report: AttemptReport | undefined): void {
  running.delete(id);
  // null: interrupted before it started (cancelled or dropped while waiting for its host slot).
  done.push({ id, report: report ?? null });
  queueFlush();
}

port.on('message', (m: ToExecutorThread) => {
  switch (m.t) {
    case 'start':
      for (const { id, order } of m.items) {
        const attempt = hosts.submit(
          order,
          () => startAttempt(deps, order),
          () => {
            started.push(id);
            queueFlush();
          },
        );
        running.set(id, attempt);
        void attempt.report.then((r) => finished(id, r));
      }
      return;
    case 'drop':
      hosts.dropWaiting();
      return;
    case 'cancel':
      for (const id of m.ids) running.get(id)?.cancel();
      return;
    case 'close':
      // The engine stopped first: its attempts were answered or cancelled. Exits this thread only.
      for (const a of running.values()) a.cancel();
      void executors.close().finally(() => process.exit(0));
      return;
  }
});
