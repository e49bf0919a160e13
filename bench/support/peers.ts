// Runs one peer (graphile-worker or BullMQ) on the "N one-time jobs due at one instant" workload,
// in its own process, against the given sink, after a warm-up of its own; returns the sink's figures.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { figures, type BurstFigures, type Sink } from './sink.js';

export type Peer = 'graphile-worker' | 'bullmq';

export async function runPeer(
  peer: Peer,
  sink: Sink,
  n: number,
  opts: { databaseUrl: string; redisUrl: string; concurrency: number; leadMs?: number; warm?: number },
): Promise<BurstFigures> {
  sink.reset();
  // Every job is due at the same instant, far enough ahead that inserting them is over by then. The
  // peer first runs `warm` jobs due at once through the same worker (untimed, as Takt's warm-up),
  // then adds the measured ones and prints `due <ms>`.
  const leadMs = opts.leadMs ?? Math.max(5_000, n / 2);
  const common = [sink.url, String(n), String(leadMs), String(opts.concurrency), String(opts.warm ?? 0)];
  const args =
    peer === 'graphile-worker'
      ? ['bench/peers/graphile-worker.ts', opts.databaseUrl, 'gw_bench', ...common]
      : ['bench/peers/bullmq-worker.ts', opts.redisUrl, 'takt-bench', ...common];
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const due = await dueLine(child, peer);
  // The warm-up's arrivals are over (the peer prints the line after them): count only the measured.
  sink.reset();
  await sink.waitFor(n, Math.max(60_000, due - Date.now() + 120_000));
  if (child.exitCode === null) {
    const exited = once(child, 'exit');
    setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
    await exited;
  }
  return figures(sink.arrivals, due);
}

/** The due instant the peer announces once its warm-up ran and its measured jobs are in. */
async function dueLine(child: ChildProcess, peer: Peer): Promise<number> {
  const stdout = child.stdout;
  if (!stdout) throw new Error(`${peer}: no output to read`);
  for await (const line of createInterface({ input: stdout })) {
    const m = /^due (\d+)$/.exec(line);
    if (!m) continue;
    const due = Number(m[1]);
    if (Date.now() > due) throw new Error(`${peer}: inserting the jobs took longer than the lead time`);
    return due;
  }
  throw new Error(`${peer} exited (${String(child.exitCode)}) before its jobs were in`);
}
