// Peer for the cluster benchmark: graphile-worker (PostgreSQL). Runs `warm` jobs due at once
// through its worker first (untimed, as Takt's warm-up), then adds N jobs due `leadMs` from then,
// prints `due <ms>`, and exits when all N are done. The task POSTs to the sink over a keep-alive
// undici pool.
// argv: databaseUrl schema sinkUrl n leadMs concurrency warm
import { run, makeWorkerUtils } from 'graphile-worker';
import { Agent, request } from 'undici';

const [url, schema, sinkUrl, nText, leadText, concText, warmText] = process.argv.slice(2);
const n = Number(nText);
const warm = Number(warmText ?? 0);
const dispatcher = new Agent({ connections: Number(concText), keepAliveTimeout: 60_000 });
const utils = await makeWorkerUtils({ connectionString: url!, schema: schema! });
await utils.migrate();

/** Adds jobs [from, to) due at `due`, tagged with `prefix`, through graphile-worker's add_jobs() (its fastest documented path). */
async function add(from: number, to: number, due: number, prefix: string): Promise<void> {
  const runAt = new Date(due).toISOString();
  for (let i = from; i < to; i += 1000) {
    const specs: { identifier: string; payload: unknown; run_at: string }[] = [];
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

let done = 0;
let target = warm;
let reached: () => void = () => undefined;
const next = (): Promise<void> => new Promise<void>((r) => (reached = r));
let phase = next();
const runner = await run({
  connectionString: url!,
  schema: schema!,
  concurrency: Number(concText),
  maxPoolSize: Number(concText) + 2,
  pollInterval: 1000,
  noHandleSignals: true,
  taskList: {
    hit: async (payload) => {
      const p = payload as { i: number; due: number; tag: string };
      const res = await request(sinkUrl!, {
        method: 'POST',
        dispatcher,
        headers: { 'x-due': String(p.due), 'x-tag': p.tag },
        body: 'x',
      });
      await res.body.dump();
      if (++done === target) reached();
    },
  },
});
if (warm > 0) {
  await add(0, warm, Date.now(), 'w');
  await phase;
}
done = 0;
target = n;
phase = next();
const due = Date.now() + Number(leadText);
await add(0, n, due, 'g');
await utils.release();
process.stdout.write(`due ${due}\n`);
await phase;
await runner.stop();
await dispatcher.close();
process.exit(0);
