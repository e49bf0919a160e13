/**
 * Month schedules whose slot-bearing months are years apart (a fifth Friday in February exists only
 * in leap years whose February starts on a Friday: 28 to 40 years apart) would otherwise cost one
 * search step per skipped month. The Gregorian calendar repeats every 400 years (4800 months, and
 * 146,097 days is a whole number of weeks), so whether an active month carries a slot repeats too:
 * one table over that cycle gives, for each active month, how many periods ahead the next
 * slot-bearing one lies. It is built once per plan, only when a search has skipped many months.
 */
import { floorDiv, mod } from './calendar.js';
import { monthDayMask, type Plan } from './plan.js';

const CYCLE_MONTHS = 4800;
/** Consecutive empty months in one search before the table pays for itself (a fifth weekday without a months filter skips at most a few). */
export const SPARSE_AFTER_SKIPS = 6;

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** True when active month index `mi` (interval-aligned) has at least one slot. */
function bears(p: Plan, mi: number): boolean {
  const y = floorDiv(mi, 12);
  const m = mi - y * 12 + 1;
  return (p.monthsMask & (1 << (m - 1))) !== 0 && monthDayMask(p, y, m) !== 0;
}

function build(p: Plan): Int32Array {
  // Active months are anchorMonthIndex + j × interval; whether they bear repeats every `period` steps.
  const period = CYCLE_MONTHS / gcd(CYCLE_MONTHS, p.interval);
  const bearing = new Uint8Array(period);
  for (let j = 0; j < period; j++) bearing[j] = bears(p, p.anchorMonthIndex + j * p.interval) ? 1 : 0;
  const gaps = new Int32Array(period); // 0 = no bearing month in the whole cycle: never
  let next = -1; // the nearest bearing step after j, scanning backwards over two cycles
  for (let j = 2 * period - 1; j >= 0; j--) {
    if (j < period) gaps[j] = next < 0 ? 0 : next - j;
    if (bearing[j % period]) next = j;
  }
  return gaps;
}

/**
 * How many active months after the active month `mi` the next one with a slot lies, or 0 when no
 * active month ever has one.
 */
export function periodsToNextBearingMonth(p: Plan, mi: number): number {
  p.sparseMonths ??= build(p);
  const j = floorDiv(mi - p.anchorMonthIndex, p.interval);
  return p.sparseMonths[mod(j, p.sparseMonths.length)] ?? 0;
}
