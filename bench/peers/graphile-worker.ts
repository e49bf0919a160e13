// Peer for the cluster benchmark: graphile-worker (PostgreSQL). Adds N jobs due at DUE, runs a worker
// whose task POSTs to the sink over a keep-alive undici pool, exits when all N are done.
// argv: databaseUrl schema sinkUrl n dueMs concurrency
import { run, makeWorkerUtils } from 'graphile-worker';
import { Agent, request } from 'undici';

const [url, schema, sinkUrl, nText, dueText, concText] = process.argv.slice(2);
const n = Number(nText);
const due = Number(dueText);
const dispatcher = new Agent({ connections: Number(concText), keepAliveTimeout: 60_000 });
const utils = await makeWorkerUtils({ connectionString: url!, schema: schema! });
await utils.migrate();
const runAt = new Date(due);
// Bulk insert through graphile-worker's own add_jobs() SQL function (its fastest documented path).
for (let i = 0; i < n; i += 1000) {
  const specs: { identifier: string; payload: unknown; run_at: string }[] = [];
  for (let j = i; j < Math.min(n, i + 1000); j++)
    specs.push({ identifier: 'hit', payload: { i: j, due }, run_at: runAt.toISOString() });
  await utils.withPgClient((client) =>
    client.query(
      `SELECT ${schema!}.add_jobs(array(SELECT json_populate_record(null::${schema!}.job_spec, x) FROM json_array_elements($1::json) x))`,
      [JSON.stringify(specs)],
    ),
  );
}
await utils.release();
let done = 0;
const runner = await run({
  connectionString: url!,
  schema: schema!,
  concurrency: Number(concText),
  maxPoolSize: Number(concText) + 2,
  pollInterval: 1000,
  noHandleSignals: true,
  taskList: {
    hit: async (payload) => {
      const p = payload as { i: number; due: number };
      const res = await request(sinkUrl!, {
        method: 'POST',
        dispatcher,
        headers: { 'x-due': String(p.due), 'x-tag': `g${p.i}` },
        body: 'x',
      });
      await res.body.dump();
      if (++done === n) setImmediate(() => void runner.stop());
    },
  },
});
process.stdout.write('ready\n');
await runner.promise;
await dispatcher.close();
process.exit(0);
