// Recurrence micro-benchmark: next-occurrence calls per second (target ≥ 200,000 for each of the
// four required shapes). Run: npm run bench:recurrence   (node --import tsx bench/recurrence.bench.ts)
// Options: --rounds N (default 3), --seconds S per round and case (default 1), --no-write.
//
// Each call asks for the first occurrence after an instant drawn from a fixed pseudo-random set
// spread over five years, so the figures include long jumps (next month, next active week), not
// just the step to the neighbouring slot. The extra "scaling" cases use the largest intervals and
// the sparsest schedules: with no minute-by-minute scanning they cost about the same.
import { performance } from 'node:perf_hooks';
import { nextOccurrence, type Recurrence } from '../src/domain/recurrence/index.js';
import { machineLine, writeSection } from './support/results.js';

interface Case {
  readonly name: string;
  readonly required: boolean;
  readonly recurrence: Recurrence;
}

const QUARTERS = [0, 15, 30, 45];
const CASES: readonly Case[] = [
  { name: 'simple: day/1, no schedule', required: true, recurrence: { frequency: 'day', interval: 1 } },
  {
    name: 'weekly schedule: Mon–Fri, 09:00–16:45 every 15 min',
    required: true,
    recurrence: {
      frequency: 'week',
      interval: 1,
      schedule: {
        weekDays: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
        hours: [9, 10, 11, 12, 13, 14, 15, 16],
        minutes: QUARTERS,
      },
    },
  },
  {
    name: 'monthly occurrence: first and last Friday 05:15',
    required: true,
    recurrence: {
      frequency: 'month',
      interval: 1,
      schedule: {
        monthlyOccurrences: [
          { day: 'friday', occurrence: 1 },
          { day: 'friday', occurrence: -1 },
        ],
        hours: [5],
        minutes: [15],
      },
    },
  },
  {
    name: 'time zone: Pacific Standard Time, daily 02:30/09:30/17:30 (DST gap at 02:30)',
    required: true,
    recurrence: {
      frequency: 'day',
      interval: 1,
      timeZone: 'Pacific Standard Time',
      schedule: { hours: [2, 9, 17], minutes: [30] },
    },
  },
  // Scaling: pairs that differ only in interval length or in how far away the next slot is. With no
  // minute-by-minute scanning each pair costs about the same.
  {
    name: 'scaling: minute/1, no schedule',
    required: false,
    recurrence: { frequency: 'minute', interval: 1 },
  },
  // Beyond the API's limit of 1000 (the module does not validate): the grid is one division.
  {
    name: 'scaling: minute/1,000,000, no schedule',
    required: false,
    recurrence: { frequency: 'minute', interval: 1_000_000 },
  },
  {
    name: 'scaling: month/1, no schedule (anchor on the 31st)',
    required: false,
    recurrence: { frequency: 'month', interval: 1 },
  },
  {
    name: 'scaling: month/18, no schedule (anchor on the 31st)',
    required: false,
    recurrence: { frequency: 'month', interval: 18 },
  },
  {
    name: 'scaling: hour/1, hours [0] (next slot up to a day away)',
    required: false,
    recurrence: { frequency: 'hour', interval: 1, schedule: { hours: [0], minutes: [7] } },
  },
  {
    name: 'scaling: hour/1000, hours [0] (every 3000 h)',
    required: false,
    recurrence: { frequency: 'hour', interval: 1000, schedule: { hours: [0], minutes: [7] } },
  },
  {
    name: 'scaling: week/1, Sundays',
    required: false,
    recurrence: { frequency: 'week', interval: 1, schedule: { weekDays: ['sunday'] } },
  },
  {
    name: 'scaling: week/78, Sundays',
    required: false,
    recurrence: { frequency: 'week', interval: 78, schedule: { weekDays: ['sunday'] } },
  },
  {
    name: 'scaling: month/1, monthDays [31] (7 months a year)',
    required: false,
    recurrence: { frequency: 'month', interval: 1, schedule: { monthDays: [31] } },
  },
  {
    name: 'scaling: month/1, monthDays [31], months [12] (once a year)',
    required: false,
    recurrence: { frequency: 'month', interval: 1, schedule: { monthDays: [31], months: [12] } },
  },
  {
    name: 'scaling: month/1, fifth Friday, months [2] (leap years only: 28-40 years apart)',
    required: false,
    recurrence: {
      frequency: 'month',
      interval: 1,
      schedule: { monthlyOccurrences: [{ day: 'friday', occurrence: 5 }], months: [2] },
    },
  },
  {
    name: 'scaling: Australia/Lord_Howe, week/2, Sun 01:45 and 02:15',
    required: false,
    recurrence: {
      frequency: 'week',
      interval: 2,
      timeZone: 'Australia/Lord_Howe',
      schedule: { weekDays: ['sunday'], hours: [1, 2], minutes: [15, 45] },
    },
  },
];

const ANCHOR = Date.UTC(2026, 0, 31, 8, 25, 10, 500);
const SPAN = 5 * 365 * 86_400_000;

/** A fixed pseudo-random set of instants (xorshift32, seed fixed) spread over five years. */
function instants(n: number): Float64Array {
  const out = new Float64Array(n);
  let x = 0x9e3779b9;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = ANCHOR + Math.floor(((x >>> 0) / 2 ** 32) * SPAN);
  }
  return out;
}

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const AFTER = instants(1 << 14);
const MASK = AFTER.length - 1;
let sink = 0;

function batch(r: Recurrence, from: number, n: number): void {
  for (let i = 0; i < n; i++) sink += nextOccurrence(r, ANCHOR, AFTER[(from + i) & MASK] ?? ANCHOR) ?? 0;
}

/** Calls per second over about `seconds` seconds. */
function measure(r: Recurrence, seconds: number): number {
  let calls = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < seconds * 1000) {
    batch(r, calls, 20_000);
    calls += 20_000;
    elapsed = performance.now() - start;
  }
  return calls / (elapsed / 1000);
}

const rounds = arg('--rounds', 3);
const seconds = arg('--seconds', 1);
const fmt = (x: number): string => Math.round(x).toLocaleString('en-US');

const results: { c: Case; best: number; worst: number }[] = [];
for (const c of CASES) {
  batch(c.recurrence, 0, AFTER.length * 4); // warm-up: JIT, compiled plan, zone offset cache
  const rates: number[] = [];
  for (let k = 0; k < rounds; k++) rates.push(measure(c.recurrence, seconds));
  const best = Math.max(...rates);
  const worst = Math.min(...rates);
  results.push({ c, best, worst });
  console.log(
    `${c.name.padEnd(84)} best ${fmt(best).padStart(11)} /s   worst ${fmt(worst).padStart(11)} /s${c.required && worst < 200_000 ? '   BELOW TARGET' : ''}`,
  );
}
if (sink === 42) console.log(''); // keep the calls observable

if (!process.argv.includes('--no-write')) {
  const rows = results.map(
    ({ c, best, worst }) =>
      `| ${c.name} | ${c.required ? 'yes' : 'scaling'} | ${fmt(best)} | ${fmt(worst)} |`,
  );
  writeSection(
    'recurrence',
    [
      '## Recurrence: next-occurrence calls per second',
      '',
      '`npm run bench:recurrence` (`node --import tsx bench/recurrence.bench.ts`): one `nextOccurrence(recurrence, anchor, after)` call per',
      `iteration, \`after\` drawn from a fixed set of instants over five years; ${rounds} rounds of ~${seconds} s per case, best and worst round.`,
      'Target: ≥ 200,000 calls/s for each required case.',
      '',
      machineLine(),
      '',
      '| Case | Required | Best calls/s | Worst calls/s |',
      '|---|---|---:|---:|',
      ...rows,
    ].join('\n'),
  );
}
