// Peer for the cluster benchmark: BullMQ on the machine's Redis. Runs `warm` jobs due at once
// through its worker first (untimed, as Takt's warm-up), then adds N jobs due `leadMs` from then
// (delayed jobs), prints `due <ms>`, and exits when all N are done (peer-run.ts).
// argv: redisUrl queueName sinkUrl n leadMs concurrency warm
import { Queue, Worker } from 'bullmq';
import { PeerRun, type Hit } from './peer-run.js';

const [redisUrl, queueName, sinkUrl, nText, leadText, concText, warmText] = process.argv.slice(2);
const u = new URL(redisUrl!);
const connection = { host: u.hostname, port: Number(u.port || 6379), maxRetriesPerRequest: null };
const queue = new Queue(queueName!, { connection });
await queue.obliterate({ force: true }).catch(() => undefined);

async function add(from: number, to: number, due: number, prefix: string): Promise<void> {
  for (let i = from; i < to; i += 1000) {
    const batch: { name: string; data: Hit; opts: Record<string, unknown> }[] = [];
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

const peer = new PeerRun(sinkUrl!, Number(concText));
const worker = new Worker(queueName!, (job) => peer.hit(job.data as Hit), {
  connection,
  concurrency: Number(concText),
});
await peer.run(add, { warm: Number(warmText ?? 0), n: Number(nText), leadMs: Number(leadText), prefix: 'b' });
await worker.close();
await queue.obliterate({ force: true }).catch(() => undefined);
await queue.close();
await peer.close();
process.exit(0);
