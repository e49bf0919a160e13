// Runs one peer (graphile-worker or BullMQ) on the "N one-time jobs due at one instant" workload,
// in its own process, against the given sink; returns the sink's figures.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { figures, type BurstFigures, type Sink } from './sink.js';

export type Peer = 'graphile-worker' | 'bullmq';

export async function runPeer(
  peer: Peer,
  sink: Sink,
  n: number,
  opts: { databaseUrl: string; redisUrl: string; concurrency: number; leadMs?: number },
): Promise<BurstFigures> {
  sink.reset();
  // Every job is due at the same instant, far enough ahead that inserting them is over by then.
  const due = Date.now() + (opts.leadMs ?? Math.max(5_000, n / 2));
  const args =
    peer === 'graphile-worker'
      ? [
          'bench/peers/graphile-worker.ts',
          opts.databaseUrl,
          'gw_bench',
          sink.url,
          String(n),
          String(due),
          String(opts.concurrency),
        ]
      : [
          'bench/peers/bullmq-worker.ts',
          opts.redisUrl,
          'takt-bench',
          sink.url,
          String(n),
          String(due),
          String(opts.concurrency),
        ];
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await sink.waitFor(n, Math.max(60_000, due - Date.now() + 120_000));
  if (child.exitCode === null) {
    const exited = once(child, 'exit');
    setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
    await exited;
  }
  if (Date.now() < due) throw new Error(`${peer}: inserting ${n} jobs took longer than the lead time`);
  return figures(sink.arrivals, due);
}
