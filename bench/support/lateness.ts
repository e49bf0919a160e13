// Lateness of sink arrivals against their due times, for the engine benchmarks.
import { writeFileSync } from 'node:fs';
import { pct } from './results.js';
import type { Arrival } from './sink.js';

export interface Lateness {
  readonly count: number;
  readonly unique: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly early: number;
}

export function lateness(arrivals: readonly Arrival[]): Lateness {
  // Diagnosis: BENCH_DUMP=<file> writes every arrival (due, at, lateness) as CSV.
  const dump = process.env['BENCH_DUMP'];
  if (dump) writeFileSync(dump, arrivals.map((a) => `${a.due},${a.at},${a.at - a.due}`).join('\n'));
  const late = arrivals.map((a) => a.at - a.due).sort((a, b) => a - b);
  return {
    count: arrivals.length,
    unique: new Set(arrivals.map((a) => a.tag)).size,
    p50: pct(late, 50),
    p99: pct(late, 99),
    max: late.length ? late[late.length - 1]! : NaN,
    early: late.filter((l) => l < 0).length,
  };
}
