// Property tests over random valid recurrences (fixed seed, bounded number of runs): the series a
// job would get is strictly increasing, never before its start or save time, never after endTime,
// at most `count` long; every occurrence matches the schedule on the zone's wall clock (an
// independent reading, wall-oracle.ts); nothing is skipped in a scanned window; and the
// next-occurrence functions agree with each other wherever they are asked.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  nextAfter,
  nextOccurrence,
  nextOccurrences,
  preview,
  resumeAt,
  type Recurrence,
  type SeriesDefinition,
} from '../../../src/domain/recurrence/index.js';
import { endOffsetMs, instant, recurrence } from './arbitraries.js';
import { isOccurrence, isRepeatedWallTime } from './wall-oracle.js';

const SEED = 20_261_122;
const DAY = 86_400_000;
const N = 20;
const ZONES = [
  undefined,
  undefined,
  'Europe/Berlin',
  'America/Los_Angeles',
  'Pacific Standard Time',
  'Australia/Lord_Howe',
  'America/Santiago',
  'Asia/Kolkata',
];

interface Case {
  readonly def: SeriesDefinition;
  readonly r: Recurrence;
  readonly now: number;
}

const caseArb: fc.Arbitrary<Case> = fc
  .record({
    r: recurrence({ zones: ZONES, monthsFilter: true, endings: true }),
    now: instant(),
    startOffset: fc.option(fc.integer({ min: -90 * DAY, max: 90 * DAY }), { freq: 2 }),
    endOffset: endOffsetMs(),
  })
  .map(({ r, now, startOffset, endOffset }) => {
    const full: Recurrence = endOffset === null ? r : { ...r, endTime: { ms: now + endOffset, ticks: 0 } };
    const def: SeriesDefinition = {
      recurrence: full,
      ...(startOffset === null ? {} : { startTime: { ms: now + startOffset, ticks: 0 } }),
    };
    return { def, r: full, now };
  });

const label = (c: Case): string => JSON.stringify({ ...c.def, now: new Date(c.now).toISOString() });

describe('recurrence properties', () => {
  test('series: increasing, bounded by start, endTime and count; every run matches the pattern', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const out = preview(c.def, c.now, N);
        const start = c.def.startTime?.ms;
        const anchor = start ?? c.now;
        const end = c.r.endTime?.ms ?? Infinity;
        for (let i = 1; i < out.length; i++)
          assert.ok((out[i] ?? 0) > (out[i - 1] ?? 0), `not increasing at ${i}: ${label(c)}`);
        for (const t of out) {
          assert.ok(t >= c.now, `before the save time: ${label(c)}`);
          if (start !== undefined) assert.ok(t >= start, `before the start: ${label(c)}`);
          assert.ok(t <= end, `after endTime: ${label(c)}`);
        }
        if (c.r.count !== undefined) assert.ok(out.length <= c.r.count, `more than count: ${label(c)}`);
        // A job without a start time runs at once (§4.3); the pattern follows.
        if (start === undefined) assert.equal(out[0], c.now);
        const pattern = start === undefined ? out.slice(1) : out;
        for (const t of pattern)
          assert.ok(
            isOccurrence(c.r, anchor, t),
            `${new Date(t).toISOString()} is no occurrence: ${label(c)}`,
          );
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  test('completeness: inside a scanned window every wall-clock match is in the series', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const out = preview(c.def, c.now, N);
        const start = c.def.startTime?.ms;
        const anchor = start ?? c.now;
        const from = start === undefined ? c.now + 1 : Math.max(start, c.now);
        let to = Math.min(from + 2 * DAY, c.r.endTime?.ms ?? Infinity);
        const cut = out.length === N || (c.r.count !== undefined && out.length === c.r.count);
        if (cut) to = Math.min(to, out[out.length - 1] ?? from);
        const seen = new Set(out);
        // Candidates: every minute aligned to second 0 (schedules) or to the anchor's second (grids).
        const phase = c.r.schedule ? 0 : ((anchor % 60_000) + 60_000) % 60_000;
        let t = Math.ceil((from - phase) / 60_000) * 60_000 + phase;
        for (; t <= to; t += 60_000) {
          if (isOccurrence(c.r, anchor, t) && !isRepeatedWallTime(c.r.timeZone, t) && !seen.has(t)) {
            // A time right after a gap can be matched by a shifted slot that collapsed with it.
            assert.fail(`missed ${new Date(t).toISOString()}: ${label(c)}`);
          }
        }
      }),
      { seed: SEED + 1, numRuns: 250 },
    );
  });

  test('nextAfter, resumeAt and nextOccurrence agree: next(after) is consistent with next(next(after))', () => {
    fc.assert(
      fc.property(caseArb, fc.double({ min: 0, max: 1, noNaN: true }), (c, frac) => {
        const out = preview(c.def, c.now, 8);
        const anchor = c.def.startTime?.ms ?? c.now;
        for (let k = 0; k + 1 < out.length; k++) {
          const a = out[k] ?? 0;
          const b = out[k + 1] ?? 0;
          assert.equal(nextAfter(c.def, { anchor, seriesCount: k + 1 }, a), b, `nextAfter: ${label(c)}`);
          assert.equal(resumeAt(c.def, { anchor, seriesCount: 0 }, a + 1), b, `resumeAt(a+1): ${label(c)}`);
          const x = a + 1 + Math.floor(frac * (b - a - 1));
          assert.equal(resumeAt(c.def, { anchor, seriesCount: 0 }, x), b, `resumeAt(x): ${label(c)}`);
          if (k > 0 || c.def.startTime !== undefined) {
            // The pattern alone: from any instant in [a, b), the next one is b.
            assert.equal(nextOccurrence(c.r, anchor, a), b, `nextOccurrence(a): ${label(c)}`);
            assert.equal(nextOccurrence(c.r, anchor, x - 1), b, `nextOccurrence(x): ${label(c)}`);
          }
        }
        if (c.r.count !== undefined && out.length === c.r.count && out.length > 0) {
          assert.equal(
            nextAfter(c.def, { anchor, seriesCount: out.length }, out[out.length - 1] ?? 0),
            undefined,
            `count: ${label(c)}`,
          );
        }
        const after = anchor + Math.floor(frac * 40 * DAY);
        const [p, q] = nextOccurrences(c.r, anchor, after, 2);
        if (p !== undefined) {
          assert.ok(p > after);
          assert.equal(nextOccurrence(c.r, anchor, p), q, `next(next(after)): ${label(c)}`);
          if (q !== undefined)
            assert.equal(nextOccurrence(c.r, anchor, p + Math.floor(frac * (q - p - 1))), q);
        }
      }),
      { seed: SEED + 2, numRuns: 400 },
    );
  });
});
