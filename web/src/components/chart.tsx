/** A uPlot time-series chart that follows its container's width. */
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';

export interface ChartProps {
  readonly label: string;
  readonly data: uPlot.AlignedData;
  readonly series: uPlot.Series[];
  readonly axes?: uPlot.Axis[];
  readonly height?: number;
  readonly bars?: boolean;
}

export function Chart({ label, data, series, axes, height = 220 }: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return undefined;
    const plot = new uPlot(
      {
        width: Math.max(280, el.clientWidth),
        height,
        series: [{}, ...series],
        axes: axes ?? [{}, {}],
        legend: { live: true },
        cursor: { drag: { x: true, y: false } },
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
  }, [data, series, axes, height]);
  return <div class="chart" role="img" aria-label={label} ref={box} />;
}
