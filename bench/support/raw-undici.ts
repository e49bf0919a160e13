// The ceiling of the engine throughput benchmark: undici alone, in its own process (as takt serve
// is), `concurrency` requests in flight over a keep-alive Pool of as many connections, N POSTs to
// the sink. The rate is measured at the sink, as for Takt. argv: sinkUrl n concurrency
import { Pool } from 'undici';

const [sinkUrl, nText, concText] = process.argv.slice(2);
const n = Number(nText);
const concurrency = Number(concText);
const url = new URL(sinkUrl!);
const pool = new Pool(url.origin, { connections: concurrency, keepAliveTimeout: 60_000 });
const due = String(Date.now());
let next = 0;
const worker = async (): Promise<void> => {
  for (let i = next++; i < n; i = next++) {
    const res = await pool.request({
      path: url.pathname,
      method: 'POST',
      headers: { 'x-due': due, 'x-tag': `raw${i}` },
      body: 'bench',
    });
    await res.body.dump();
  }
};
await Promise.all(Array.from({ length: concurrency }, worker));
await pool.close();
