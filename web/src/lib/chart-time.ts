/**
 * The charts' time axis and legend, written as the rest of the page writes times (24-hour, "7 Dec")
 * in the zone "Times in" picked. uPlot's own defaults are US-style ("12/7/26 2:36pm") and, for runs
 * a few seconds apart, ticks such as ":27.500" that say neither the hour nor the day.
 */
import type uPlot from 'uplot';

const DAY = 86_400;

/** An en-GB formatter in `timeZone` (absent: the browser's own zone), 24-hour. */
function formatter(timeZone: string | undefined, options: Intl.DateTimeFormatOptions) {
  const f = new Intl.DateTimeFormat('en-GB', {
    ...options,
    hourCycle: 'h23',
    ...(timeZone ? { timeZone } : {}),
  });
  return (seconds: number) => f.format(seconds * 1000);
}

/** The clock part a tick needs for its step: milliseconds only when ticks are under a second apart. */
function clockOf(timeZone: string | undefined, step: number) {
  const digits = step >= 1 ? 0 : step >= 0.1 ? 1 : step >= 0.01 ? 2 : 3;
  return formatter(timeZone, {
    hour: '2-digit',
    minute: '2-digit',
    ...(step < 60 ? { second: '2-digit' } : {}),
    ...(digits > 0 ? { fractionalSecondDigits: digits as 1 | 2 | 3 } : {}),
  });
}

export interface ChartTime {
  /** The x axis's tick labels: the clock, with the date under the first tick of each day. */
  readonly axis: uPlot.Axis.DynamicValues;
  /** The legend's time: the full date and clock of the point under the cursor (uPlot's `--` for none). */
  readonly legend: (self: uPlot, seconds: number | null) => string;
}

export function chartTime(timeZone: string | undefined): ChartTime {
  const day = formatter(timeZone, { day: 'numeric', month: 'short' });
  const dayKey = formatter(timeZone, { year: 'numeric', month: '2-digit', day: '2-digit' });
  const year = formatter(timeZone, { year: 'numeric' });
  const full = formatter(timeZone, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  const axis: uPlot.Axis.DynamicValues = (_u, splits, _axis, _space, step) => {
    // Ticks a day or more apart are dates, with the year under the first one and where it changes.
    const clock = step >= DAY ? undefined : clockOf(timeZone, step);
    return splits.map((t, i) => {
      const prev = splits[i - 1];
      if (!clock) {
        const newYear = prev === undefined || year(prev) !== year(t);
        return newYear ? `${day(t)}\n${year(t)}` : day(t);
      }
      const newDay = prev === undefined || dayKey(prev) !== dayKey(t);
      return newDay ? `${clock(t)}\n${day(t)}` : clock(t);
    });
  };
  return { axis, legend: (_u, seconds) => (seconds === null ? '--' : full(seconds)) };
}
