// Peer for the cluster benchmark: graphile-worker (PostgreSQL). Runs `warm` jobs due at once
// through its worker first (untimed, as Takt's warm-up), then adds N jobs due `leadMs` from then,
// prints `due <ms>`, and exits when all N are done (peer-run.ts).
// argv: databaseUrl schema sinkUrl n leadMs concurrency warm
import { run, makeWorkerUtils } from 'graphile-worker';
import { PeerRun, type Hit } from './peer-run.js';

const [url, schema, sinkUrl, nText, leadText, concText, warmText] = process.argv.slice(2);
const utils = await makeWorkerUtils({ connectionString: url!, schema: schema! });
await utils.migrate();

/** Through graphile-worker's own add_jobs() SQL function (its fastest documented path). */
async function add(from: number, to: number, due: number, prefix: string): Promise<void> {
  const runAt = new Date(due).toISOString();
  for (let i = from; i < to; i += 1000) {
    const specs: { identifier: string; payload: Hit; run_at: string }[] = [];
    for (let j = i; j < Math.min(to, i + 1000); j++)
      specs.push({ identifier: 'hit', payload: { i: j, due, tag: `${prefix}${j}` }, run_at: runAt });
    await utils.withPgClient((client) =>
      client.query(
        `SELECT ${schema!}.add_jobs(array(SELECT json_populate_record(null::${schema!}.job_spec, x) FROM json_array_elements($1::json) x))`,
        [JSON.stringify(specs)],
      ),
    );
  }
}

const peer = new PeerRun(sinkUrl!, Number(concText));
const runner = await run({
  connectionString: url!,
  schema: schema!,
  concurrency: Number(concText),
  maxPoolSize: Number(concText) + 2,
  pollInterval: 1000,
  noHandleSignals: true,
  taskList: { hit: (payload) => peer.hit(payload as Hit) },
});
await peer.run(add, { warm: Number(warmText ?? 0), n: Number(nText), leadMs: Number(leadText), prefix: 'g' });
await utils.release();
await runner.stop();
await peer.close();
process.exit(0);
