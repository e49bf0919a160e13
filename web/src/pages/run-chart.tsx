/**
 * Lateness (start − due, first attempts only) and duration of a job's recent runs over time; failed
 * runs marked in red.
 */
import { useMemo } from 'preact/hooks';
import type uPlot from 'uplot';
import { showsLateness } from '../../../src/domain/history.js';
import type { HistoryEntry } from '../api/types.js';
import { Chart } from '../components/chart.js';
import { Empty } from '../components/ui.js';

const SERIES: uPlot.Series[] = [
  { label: 'Lateness (s)', stroke: '#d97706', width: 2, points: { show: true, size: 5 } },
  { label: 'Duration (s)', stroke: '#2563eb', width: 2, points: { show: true, size: 5 } },
  {
    label: 'Failed',
    stroke: '#dc2626',
    width: 0,
    paths: () => null,
    points: { show: true, size: 10, fill: '#dc2626', stroke: '#dc2626' },
  },
];
/** Seconds with as many decimals as the tick step needs (0.0005 s steps read 0.0005, not 0.001 twice). */
const seconds = (_u: uPlot, splits: number[], _axis: number, _space: number, step: number): string[] => {
  const digits = step > 0 && step < 1 ? Math.min(6, Math.ceil(-Math.log10(step) - 1e-9)) : 0;
  return splits.map((v) => v.toFixed(digits));
};
const AXES: uPlot.Axis[] = [{}, { label: 'seconds', size: 60, values: seconds }];

export function RunChart({ entries, zone }: { entries: readonly HistoryEntry[]; zone?: string | undefined }) {
  const data = useMemo(() => {
    const runs = entries
      .filter((e) => e.status !== 'postponed')
      .slice()
      .reverse();
    const x: number[] = [];
    const late: (number | null)[] = [];
    const dur: number[] = [];
    const failed: (number | null)[] = [];
    for (const e of runs) {
      const start = Date.parse(e.startTime);
      // uPlot needs strictly increasing x: runs within the same millisecond are nudged apart.
      const t = Math.max(start / 1000, (x[x.length - 1] ?? 0) + 0.001);
      x.push(t);
      // A retry's or the error action's start minus the occurrence's due time is the retry policy's
      // wait, not lateness: no lateness point for them (showsLateness).
      late.push(showsLateness(e) ? Math.max(0, start - Date.parse(e.expectedExecutionTime)) / 1000 : null);
      const d = Math.max(0, Date.parse(e.endTime) - start) / 1000;
      dur.push(d);
      failed.push(e.status === 'failed' ? d : null);
    }
    return [x, late, dur, failed] as uPlot.AlignedData;
  }, [entries]);
  if (data[0].length === 0) return <Empty title="No runs yet" />;
  return (
    <Chart
      label="Lateness and duration of recent runs, failures marked"
      data={data}
      series={SERIES}
      axes={AXES}
      jobZone={zone}
    />
  );
}
