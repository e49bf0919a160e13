// node bench/support/profile-stages.mjs PROFILE.cpuprofile EXECUTIONS — CPU per execution by stage
// (docs/engine.md "Cost budget") from a .cpuprofile of `takt serve` written by cpu-profile.mjs.
// Only the samples from the first to the last engine attempt count (seeding through the API is
// left out); each sample goes to the stage of the innermost frame on its stack that names one.
import { readFileSync } from 'node:fs';

const [file, executions] = process.argv.slice(2);
if (!file || !executions) throw new Error('usage: profile-stages.mjs PROFILE EXECUTIONS');
const p = JSON.parse(readFileSync(file, 'utf8'));

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
  ['gc', /\(garbage collector\)/],
  [
    'engine + promise plumbing',
    /dist\/engine\/|dist\/batching\/|runMicrotasks|processTicksAndRejections|processImmediate|\(program\)|node:internal\/timers|task_queues/,
  ],
];

const byId = new Map(p.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n);
const label = (n) => `${n.callFrame.functionName} ${n.callFrame.url}`;
const stackHas = (n, re) => {
  for (let x = n; x; x = parent.get(x.id)) if (re.test(label(x))) return true;
  return false;
};
const isAttempt = (n) => stackHas(n, /runAttempt|http-executor/);

let t = p.startTime;
const times = p.samples.map((_, i) => (t += p.timeDeltas[i] ?? 0));
let first = -1;
let last = -1;
p.samples.forEach((id, i) => {
  if (!isAttempt(byId.get(id))) return;
  if (first < 0) first = i;
  last = i;
});
const totals = new Map();
let busy = 0;
for (let i = first; i <= last; i++) {
  const n = byId.get(p.samples[i]);
  if (n.callFrame.functionName === '(idle)') continue;
  const dt = p.timeDeltas[i + 1] ?? 0;
  busy += dt;
  let stage = 'other (API, timers, ...)';
  outer: for (let x = n; x; x = parent.get(x.id)) {
    for (const [name, re] of STAGES) {
      if (re.test(label(x))) {
        stage = name;
        break outer;
      }
    }
  }
  totals.set(stage, (totals.get(stage) ?? 0) + dt);
}
const wall = times[last] - times[first];
const n = Number(executions);
console.log(
  `window ${(wall / 1e6).toFixed(2)} s, busy ${(busy / 1e6).toFixed(2)} s (${((100 * busy) / wall).toFixed(0)}% of one core)`,
);
console.log(`CPU per execution: ${(busy / n).toFixed(1)} µs`);
for (const [name, us] of [...totals].sort((a, b) => b[1] - a[1]))
  console.log(
    `${name.padEnd(28)} ${(us / n).toFixed(1).padStart(7)} µs  ${((100 * us) / busy).toFixed(0).padStart(3)}%`,
  );
