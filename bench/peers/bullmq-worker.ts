// Peer for the cluster benchmark: BullMQ on the machine's Redis. Adds N jobs due at DUE (delayed
// jobs), runs a worker whose processor POSTs to the sink over a keep-alive undici pool, exits when
// all N are done. argv: redisUrl queueName sinkUrl n dueMs concurrency
import { Queue, Worker } from 'bullmq';
import { Agent, request } from 'undici';

const [redisUrl, queueName, sinkUrl, nText, dueText, concText] = process.argv.slice(2);
const n = Number(nText);
const due = Number(dueText);
const u = new URL(redisUrl!);
const connection = { host: u.hostname, port: Number(u.port || 6379), maxRetriesPerRequest: null };
const dispatcher = new Agent({ connections: Number(concText), keepAliveTimeout: 60_000 });
const queue = new Queue(queueName!, { connection });
await queue.obliterate({ force: true }).catch(() => undefined);
for (let i = 0; i < n; i += 1000) {
  const batch: { name: string; data: unknown; opts: Record<string, unknown> }[] = [];
  const delay = Math.max(0, due - Date.now());
  for (let j = i; j < Math.min(n, i + 1000); j++) {
    batch.push({
      name: 'hit',
      data: { i: j, due },
      opts: { delay, removeOnComplete: true, removeOnFail: true },
    });
  }
  await queue.addBulk(batch);
}
let done = 0;
let finish: () => void = () => undefined;
const finished = new Promise<void>((r) => (finish = r));
const worker = new Worker(
  queueName!,
  async (job) => {
    const p = job.data as { i: number; due: number };
    const res = await request(sinkUrl!, {
      method: 'POST',
      dispatcher,
      headers: { 'x-due': String(p.due), 'x-tag': `b${p.i}` },
      body: 'x',
    });
    await res.body.dump();
    if (++done === n) finish();
  },
  { connection, concurrency: Number(concText) },
);
process.stdout.write('ready\n');
await finished;
await worker.close();
await queue.obliterate({ force: true }).catch(() => undefined);
await queue.close();
await dispatcher.close();
process.exit(0);
