// Preload for counting a `takt serve`'s PostgreSQL statements under a benchmark
// (NODE_OPTIONS=--import=<this file>, BENCH_PG_COUNT_DIR=/tmp/dir; bench:cluster sets both with
// BENCH_CLUSTER_COUNT=1). Wraps the project's pg Client.query and counts, per prepared statement
// name (or text, for BEGIN/COMMIT), the statements sent and the rows they answered. On SIGUSR2 it
// writes the totals so far to <dir>/pg-<pid>.json ({ seq, counts }) synchronously, so the
// benchmark takes a snapshot before and after a case and reports the difference.
import { renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const dir = process.env.BENCH_PG_COUNT_DIR ?? '/tmp';
const pg = createRequire(join(process.cwd(), 'package.json'))('pg');
const counts = {};
let seq = 0;
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function (config, ...rest) {
  const name = typeof config === 'string' ? config : (config?.name ?? config?.text ?? '?');
  const c = (counts[name] ??= { calls: 0, rows: 0 });
  c.calls += 1;
  const answer = query.call(this, config, ...rest);
  if (answer instanceof Promise)
    answer.then(
      (r) => (c.rows += r?.rows?.length ?? 0),
      () => undefined,
    );
  return answer;
};
process.on('SIGUSR2', () => {
  seq += 1;
  // Written aside and renamed, so a reader never sees a half-written file.
  const file = join(dir, `pg-${process.pid}.json`);
  writeFileSync(`${file}.tmp`, JSON.stringify({ seq, counts }));
  renameSync(`${file}.tmp`, file);
});
