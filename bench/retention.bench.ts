// npm run bench:retention — what the history retention sweep costs per execution in the steady
// state (docs/engine.md, "Retention"): BENCH_RETENTION_JOBS minute jobs on a fresh SQLite file,
// each already holding the count rule's 1,000 entries (seeded in SQL), then BENCH_RETENTION_MINUTES
// simulated minutes: each records one entry per job (one execution each) and runs the engine's
// sweep (`sweepRetention`, its memory kept between sweeps, a full walk every hour as in the engine).
// Reported: the sweeps' CPU (process.cpuUsage: the whole process, the WAL checkpointer's thread
// included) per execution, over all minutes and for the incremental sweeps alone, and the entries
// each job holds at the end. No engine, no HTTP.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { HistoryEntry } from '../src/domain/history.js';
import { sweepRetention, type SweepMemory } from '../src/engine/retention.js';
import { openSqliteStore } from '../src/store/open-store.js';
import { envNumber } from './support/env.js';
import { fmt, machineLine, writeSection } from './support/results.js';
import { seedSqliteJobs } from './support/sqlite-seed.js';
import { SUB } from './support/store-seed.js';

const JOBS = envNumber('BENCH_RETENTION_JOBS', 1_000, true);
const MINUTES = envNumber('BENCH_RETENTION_MINUTES', 120, true);
const MAX = 1_000;
const MINUTE = 60_000;
const options = {
  historyMaxEntries: MAX,
  historyMaxAgeMs: 60 * 24 * 60 * MINUTE,
  finishedJobRetentionMs: 60 * 24 * 60 * MINUTE,
  historyFullSweepMs: 60 * MINUTE,
};

const cpuUs = (): number => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

const dir = mkdtempSync(join(tmpdir(), 'takt-retention-'));
try {
  const path = join(dir, 'takt.db');
  const t0 = Date.now();
  await seedSqliteJobs(path, JOBS, 1, t0);
  const db = new Database(path);
  // MAX entries per job, one a minute before t0 (the job's past minutes), in recording order.
  db.prepare(
    `WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i + 1 < ?)
     INSERT INTO history (job_id, timestamp, start_time, end_time, expected_execution_time, state, status,
                          message, retry_count, repeat_count, action_name, execution_tag)
     SELECT j.id, ? - (? - k.i) * ?, ? - (? - k.i) * ?, ? - (? - k.i) * ?, ? - (? - k.i) * ?, 'enabled', 'completed',
            'Http Action - Response from host ''127.0.0.1'': ''OK'' Headers: Body: ok', 0, k.i + 1,
            'MainAction', lower(hex(randomblob(16)))
       FROM k CROSS JOIN jobs j WHERE j.name <> 'template' ORDER BY k.i, j.id`,
  ).run(MAX, ...Array.from({ length: 4 }, () => [t0, MAX, MINUTE]).flat());
  db.close();
  const store = await openSqliteStore({ path });
  const refs = Array.from({ length: JOBS }, (_, i) => ({
    subscriptionId: SUB,
    cloudService: 'bench',
    collection: 'c0',
    jobId: `j${i}`,
  }));
  const memory: SweepMemory = {};
  // The first sweep after a start is a full walk: not timed (it is the hourly walk's cost, below).
  await sweepRetention(store, t0, options, () => true, memory);
  let all = 0;
  let incremental = 0;
  let incrementalMinutes = 0;
  let fullUs = 0;
  for (let m = 1; m <= MINUTES; m++) {
    const now = t0 + m * MINUTE;
    const entries: HistoryEntry[] = refs.map((job) => ({
      job,
      timestamp: now,
      startTime: now - 5,
      endTime: now,
      expectedExecutionTime: now - 5,
      state: 'enabled',
      status: 'completed',
      message: "Http Action - Response from host '127.0.0.1': 'OK' Headers: Body: ok",
      retryCount: 0,
      repeatCount: MAX + m,
      actionName: 'MainAction',
      executionTag: `t${m}`,
    }));
    await store.appendHistory(entries);
    const c = cpuUs();
    const report = await sweepRetention(store, now, options, () => true, memory);
    const used = cpuUs() - c;
    all += used;
    if (report.full) fullUs += used;
    else {
      incremental += used;
      incrementalMinutes++;
    }
  }
  const held = await store.listHistory(refs[0]!, {}, {});
  const shown = await store.listHistory(refs[0]!, {}, {}, MAX);
  await store.close();
  const perExec = (us: number, minutes: number): string => fmt(us / (minutes * JOBS), 1);
  const load = loadavg().map((l) => l.toFixed(1));
  writeSection(
    'retention',
    `## History retention sweep, steady state (\`npm run bench:retention\`)

${machineLine()} SQLite store. ${fmt(JOBS)} minute jobs, each holding the count rule's ${fmt(MAX)} entries, then ${MINUTES} simulated minutes: each records one entry per job (one execution) and runs the engine's retention sweep (\`sweepRetention\`, memory kept, a full walk every hour). CPU of the sweeps (process.cpuUsage, the WAL checkpointer thread included) per execution.

| | value |
|---|---|
| sweep CPU per execution, all minutes | ${perExec(all, MINUTES)} µs |
| incremental sweeps only (${incrementalMinutes} minutes) | ${perExec(incremental, incrementalMinutes)} µs |
| full walks (${MINUTES - incrementalMinutes}), per job walked | ${fmt(fullUs / Math.max(1, MINUTES - incrementalMinutes) / JOBS, 1)} µs |
| entries one job holds at the end / lists | ${held.length} / ${shown.length} |

Command: \`npm run bench:retention\` (BENCH_RETENTION_JOBS=${JOBS}, BENCH_RETENTION_MINUTES=${MINUTES}). Run at ${new Date().toISOString()}, load average ${load.join(' / ')} at the end.`,
  );
  console.log(
    `jobs ${JOBS}, minutes ${MINUTES}: sweep CPU per execution ${perExec(all, MINUTES)} µs (incremental ${perExec(incremental, incrementalMinutes)} µs), job holds ${held.length}, lists ${shown.length}`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
