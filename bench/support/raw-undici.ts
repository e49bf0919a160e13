// The ceiling of the engine throughput benchmark: undici alone, in its own process (as takt serve
// is), `concurrency` requests in flight over a keep-alive Pool of as many connections, N POSTs to
// the sink. The rate is measured at the sink, as for Takt. argv: sinkUrl n concurrency
import { Pool } from 'undici';

const [sinkUrl, nText, concText, warmText] = process.argv.slice(2);
const n = Number(nText);
const concurrency = Number(concText);
/** Requests sent first, tagged warm…, and awaited before the measured ones (the JIT warm, as Takt's). */
const warm = Number(warmText ?? 0);
const url = new URL(sinkUrl!);
const pool = new Pool(url.origin, { connections: concurrency, keepAliveTimeout: 60_000 });
async function send(count: number, tag: string): Promise<void> {
  const due = String(Date.now());
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < count; i = next++) {
      const res = await pool.request({
        path: url.pathname,
        method: 'POST',
        headers: { 'x-due': due, 'x-tag': `${tag}${i}` },
        body: 'bench',
      });
      await res.body.dump();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}
if (warm > 0) await send(warm, 'warm');
const cpu0 = process.cpuUsage();
await send(n, 'raw');
const cpu = process.cpuUsage(cpu0);
// The harness reads this line: the client's CPU for the measured requests.
process.stdout.write(`cpuUs=${cpu.user + cpu.system}\n`);
await pool.close();
