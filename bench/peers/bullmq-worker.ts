// Peer for the cluster benchmark: BullMQ on the machine's Redis. Runs `warm` jobs due at once
// through its worker first (untimed, as Takt's warm-up), then adds N jobs due `leadMs` from then
// (delayed jobs), prints `due <ms>`, and exits when all N are done. The worker's processor POSTs to
// the sink over a keep-alive undici pool.
// argv: redisUrl queueName sinkUrl n leadMs concurrency warm
import { Queue, Worker } from 'bullmq';
import { Agent, request } from 'undici';

const [redisUrl, queueName, sinkUrl, nText, leadText, concText, warmText] = process.argv.slice(2);
const n = Number(nText);
const warm = Number(warmText ?? 0);
const u = new URL(redisUrl!);
const connection = { host: u.hostname, port: Number(u.port || 6379), maxRetriesPerRequest: null };
const dispatcher = new Agent({ connections: Number(concText), keepAliveTimeout: 60_000 });
const queue = new Queue(queueName!, { connection });
await queue.obliterate({ force: true }).catch(() => undefined);

/** Adds jobs [from, to) due at `due`, tagged with `prefix`. */
async function add(from: number, to: number, due: number, prefix: string): Promise<void> {
  for (let i = from; i < to; i += 1000) {
    const batch: { name: string; data: unknown; opts: Record<string, unknown> }[] = [];
    const delay = Math.max(0, due - Date.now());
    for (let j = i; j < Math.min(to, i + 1000); j++) {
      batch.push({
        name: 'hit',
        data: { i: j, due, tag: `${prefix}${j}` },
        opts: { delay, removeOnComplete: true, removeOnFail: true },
      });
    }
    await queue.addBulk(batch);
  }
}

let done = 0;
let target = warm;
let reached: () => void = () => undefined;
const next = (): Promise<void> => new Promise<void>((r) => (reached = r));
let phase = next();
const worker = new Worker(
  queueName!,
  async (job) => {
    const p = job.data as { i: number; due: number; tag: string };
    const res = await request(sinkUrl!, {
      method: 'POST',
      dispatcher,
      headers: { 'x-due': String(p.due), 'x-tag': p.tag },
      body: 'x',
    });
    await res.body.dump();
    if (++done === target) reached();
  },
  { connection, concurrency: Number(concText) },
);
if (warm > 0) {
  await add(0, warm, Date.now(), 'w');
  await phase;
}
done = 0;
target = n;
phase = next();
const due = Date.now() + Number(leadText);
await add(0, n, due, 'b');
process.stdout.write(`due ${due}\n`);
await phase;
await worker.close();
await queue.obliterate({ force: true }).catch(() => undefined);
await queue.close();
await dispatcher.close();
process.exit(0);
