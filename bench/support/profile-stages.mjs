// node bench/support/profile-stages.mjs EXECUTIONS PROFILE.cpuprofile [WORKER.cpuprofile ...] — CPU per
// execution by stage (docs/engine.md "Cost budget") for each thread of `takt serve`, from the
// .cpuprofile files written by cpu-profile.mjs (serve-<pid> = the engine's thread, worker-<pid>-<id>
// = the executor thread). Only the samples of the drain count: from the first to the last sample, on
// any of the given threads, that runs an attempt or records an outcome (the seeding through the API
// is left out; the profiles share one monotonic clock); of several drains (a warm-up first), the
// last. Each sample goes to the stage of the innermost frame on its stack that names one. Busy % = non-idle samples over the drain's wall time.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

const [executions, ...files] = process.argv.slice(2);
/** BENCH_PROFILE_TOP=N also lists each thread's N functions with the most self time in the drain. */
const TOP = Number(process.env.BENCH_PROFILE_TOP ?? 0);
if (!executions || files.length === 0 || !/^\d+$/.test(executions))
  throw new Error('usage: profile-stages.mjs EXECUTIONS PROFILE [PROFILE ...]');

/** Innermost match wins: a SQLite call under claimDue is the claim's, a JSON.parse under the executor HTTP's. */
const STAGES = [
  ['metrics', /prom-client|dist\/metrics\/(prom|noop)|countAttempt/],
  ['secrets', /\/secrets\/|job-secrets|mapBody/],
  ['plan', /domain\/occurrence\.js|domain\/recurrence\//],
  ['history message', /executors\/http\/messages|executors\/common\/(body-text|result|time-format)/],
  ['log', /pino|logAttempt/],
  ['claim', /engine-claim-verbs|claimDue|peekDue|rows\/job-rows|claimLoop|claim-loop|refresh/],
  [
    'outcome + history rows',
    /outcome-writer|recordOutcomes|engine-verbs|occurrence-outcome|outcomeOf|outcome-|writeBatch/,
  ],
  ['AbortSignal', /abort_controller|AbortSignal|deadline/],
  [
    'HTTP exchange',
    /executors\/|undici|node:net|node:_http|stream_base|writev|node:internal\/(stream|net|http)|llhttp/,
  ],
  [
    'thread messages',
    /worker-runner|executor-worker|worker-protocol|node:internal\/worker|MessagePort|postMessage|structuredClone/,
  ],
  ['gc', /\(garbage collector\)/],
  [
    'engine + promise plumbing',
    /dist\/engine\/|dist\/batching\/|runMicrotasks|processTicksAndRejections|processImmediate|\(program\)|node:internal\/timers|task_queues/,
  ],
];
/** Samples that belong to the drain: an attempt (either thread) or an outcome being recorded. */
const DRAIN = /runAttempt|http-executor|recordOutcomes/;

function load(file) {
  const p = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n);
  let t = p.startTime;
  const times = p.samples.map((_, i) => (t += p.timeDeltas[i] ?? 0));
  return { file, p, byId, parent, times };
}
const label = (n) => `${n.callFrame.functionName} ${n.callFrame.url}`;
function stackHas(prof, n, re) {
  for (let x = n; x; x = prof.parent.get(x.id)) if (re.test(label(x))) return true;
  return false;
}

const profiles = files.map(load);
// With a warm-up drain before the measured one (bench:engine's BENCH_WARM_JOBS), only the last
// drain counts: drain samples more than a second apart start a new one.
const GAP_US = 1_000_000;
const drainTimes = [];
for (const prof of profiles) {
  prof.p.samples.forEach((id, i) => {
    if (stackHas(prof, prof.byId.get(id), DRAIN)) drainTimes.push(prof.times[i]);
  });
}
if (drainTimes.length === 0) throw new Error('no attempt found in the profiles');
drainTimes.sort((a, b) => a - b);
let from = drainTimes[0];
for (let i = 1; i < drainTimes.length; i++)
  if (drainTimes[i] - drainTimes[i - 1] > GAP_US) from = drainTimes[i];
const to = drainTimes[drainTimes.length - 1];
const wall = to - from;
const n = Number(executions);
console.log(`drain window ${(wall / 1e6).toFixed(2)} s, ${n} executions`);

for (const prof of profiles) {
  const { p, byId, parent, times } = prof;
  const totals = new Map();
  const selfTimes = new Map();
  let busy = 0;
  for (let i = 0; i < p.samples.length; i++) {
    if (times[i] < from || times[i] > to) continue;
    const node = byId.get(p.samples[i]);
    if (node.callFrame.functionName === '(idle)') continue;
    const dt = p.timeDeltas[i + 1] ?? 0;
    busy += dt;
    let stage = 'other (API, timers, ...)';
    outer: for (let x = node; x; x = parent.get(x.id)) {
      for (const [name, re] of STAGES) {
        if (re.test(label(x))) {
          stage = name;
          break outer;
        }
      }
    }
    totals.set(stage, (totals.get(stage) ?? 0) + dt);
    const where = `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.replace(/^.*\/(dist|node_modules)\//, '$1/')}:${node.callFrame.lineNumber + 1}`;
    selfTimes.set(where, (selfTimes.get(where) ?? 0) + dt);
  }
  console.log(
    `\n${basename(prof.file)}: busy ${(busy / 1e6).toFixed(2)} s (${((100 * busy) / wall).toFixed(0)}% of the drain), ${(busy / n).toFixed(1)} µs per execution`,
  );
  for (const [name, us] of [...totals].sort((a, b) => b[1] - a[1]))
    console.log(
      `${name.padEnd(28)} ${(us / n).toFixed(1).padStart(7)} µs  ${((100 * us) / busy).toFixed(0).padStart(3)}%`,
    );
  if (TOP > 0) {
    console.log(`  top ${TOP} functions by self time:`);
    for (const [where, us] of [...selfTimes].sort((a, b) => b[1] - a[1]).slice(0, TOP))
      console.log(`  ${(us / n).toFixed(1).padStart(7)} µs  ${where}`);
  }
}
