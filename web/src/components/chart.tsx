/**
 * A uPlot time-series chart that follows its container's width. Its time axis and legend follow the
 * header's "Times in" switch, as every other time on the page does, and say which zone they are in.
 */
import { useContext, useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import { chartTime } from '../lib/chart-time.js';
import { zoneFor } from '../lib/time.js';
import { ZoneContext } from './ui.js';

export interface ChartProps {
  readonly label: string;
  readonly data: uPlot.AlignedData;
  readonly series: uPlot.Series[];
  readonly axes?: uPlot.Axis[];
  readonly height?: number;
  readonly bars?: boolean;
  /** The job's own recurrence time zone, for "Times in: each job's zone". */
  readonly jobZone?: string | undefined;
}

/** The zone's name as the page writes it (`UTC`, `CET`, `GMT-5`), for the chart's caption. */
function zoneName(timeZone: string | undefined): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZoneName: 'short',
    ...(timeZone ? { timeZone } : {}),
  }).formatToParts(Date.now());
  return parts.find((p) => p.type === 'timeZoneName')?.value ?? timeZone ?? 'local time';
}

export function Chart({ label, data, series, axes, height = 220, jobZone }: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const { mode } = useContext(ZoneContext);
  const timeZone = zoneFor(mode, jobZone);
  useEffect(() => {
    const el = box.current;
    if (!el) return undefined;
    const time = chartTime(timeZone);
    const [xAxis = {}, ...yAxes] = axes ?? [{}, {}];
    const plot = new uPlot(
      {
        width: Math.max(280, el.clientWidth),
        height,
        series: [{ value: time.legend }, ...series],
        // Wider spacing than uPlot's 50 px: a tick may read "14:36:27.25".
        axes: [{ space: 80, ...xAxis, values: time.axis }, ...yAxes],
        legend: { live: true },
        cursor: { drag: { x: true, y: false } },
        // Absent: the browser's own zone, uPlot's default.
        ...(timeZone ? { tzDate: (ts: number) => uPlot.tzDate(new Date(ts * 1e3), timeZone) } : {}),
      },
      data,
      el,
    );
    const ro = new ResizeObserver(() => plot.setSize({ width: Math.max(280, el.clientWidth), height }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      plot.destroy();
    };
  }, [data, series, axes, height, timeZone]);
  const zone = zoneName(timeZone);
  return (
    <figure class="chart-figure">
      <div class="chart" role="img" aria-label={label} ref={box} />
      <figcaption class="muted chart-zone">Times in {zone}</figcaption>
    </figure>
  );
}
