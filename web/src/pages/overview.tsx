/** Overview across all collections (loaded by overview-data.ts), refreshed every 15 s. */
import { useContext, useMemo } from 'preact/hooks';
import type uPlot from 'uplot';
import { Chart } from '../components/chart.js';
import { Empty, ErrorBox, Loading, StateBadge, Time, ZoneContext } from '../components/ui.js';
import { useData } from '../components/use-data.js';
import type { JobState } from '../api/types.js';
import { targetText } from '../lib/job-text.js';
import { scheduleOf } from '../lib/schedule-text.js';
import { href } from '../router.js';
import { loadOverview } from './overview-data.js';

const STATES: JobState[] = ['enabled', 'disabled', 'completed', 'faulted'];
const SERIES: uPlot.Series[] = [
  { label: 'Executions', stroke: '#2563eb', fill: 'rgba(37,99,235,0.12)', width: 2 },
  { label: 'Failures', stroke: '#dc2626', fill: 'rgba(220,38,38,0.15)', width: 2 },
];

export function OverviewPage() {
  const { mode } = useContext(ZoneContext);
  const data = useData(() => loadOverview(), [], 15_000);
  const o = data.value;
  const chartData = useMemo(() => (o ? (o.hourly as uPlot.AlignedData) : undefined), [o]);
  if (data.error && !o) return <ErrorBox error={data.error} />;
  if (!o) return <Loading />;
  if (o.collections.length === 0)
    return (
      <>
        <h1>Overview</h1>
        <Empty title="No job collections yet">
          <p>
            Create a cloud service and a collection on the <a href={href.collections()}>Collections</a> page
            (or with <code>takt collections create</code>), then add jobs to it.
          </p>
        </Empty>
      </>
    );
  return (
    <>
      <h1>Overview</h1>
      <section class="tiles" aria-label="Jobs by state">
        <div class="tile">
          <span class="tile-n">{o.jobs.length}</span>
          <span>
            {o.jobs.length === 1 ? 'job' : 'jobs'} in {o.collections.length}{' '}
            {o.collections.length === 1 ? 'collection' : 'collections'}
          </span>
        </div>
        {STATES.map((s) => (
          <div class={`tile tile-${s}`} key={s}>
            <span class="tile-n" data-state-count={s}>
              {o.byState[s]}
            </span>
            <StateBadge state={s} />
          </div>
        ))}
      </section>
      <section>
        <h2>Executions and failures, last 24 hours</h2>
        {chartData && (
          <Chart
            label={`Executions and failures per hour, last 24 hours: ${o.totals.executions} ${
              o.totals.executions === 1 ? 'execution' : 'executions'
            }, ${o.totals.failures} failed`}
            data={chartData}
            series={SERIES}
          />
        )}
        {o.skipped > 0 && <p class="muted">{o.skipped} more jobs ran lately; their runs are not counted.</p>}
      </section>
      <div class="grid2">
        <section>
          <h2>Recent failures</h2>
          {o.failures.length === 0 ? (
            <Empty title="No failures in the last 24 hours" />
          ) : (
            <ul class="list" id="recent-failures">
              {o.failures.map((f) => (
                <li key={`${f.c.cloudService}/${f.c.collection}/${f.jobId}/${f.timestamp}`}>
                  <a href={href.job(f.c, f.jobId)}>{f.jobId}</a> <Time iso={f.startTime} />
                  <span class="msg one-line" title={f.message}>
                    {f.message}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section>
          <h2>Next runs</h2>
          {o.nextRuns.length === 0 ? (
            <Empty title="Nothing scheduled" />
          ) : (
            <ul class="list" id="next-runs">
              {o.nextRuns.map((j) => (
                <li key={`${j.c.cloudService}/${j.c.collection}/${j.id}`}>
                  <a href={href.job(j.c, j.id)}>{j.id}</a>{' '}
                  <Time iso={j.status?.nextExecutionTime} zone={j.recurrence?.timeZone} />
                  <span class="muted one-line">
                    {scheduleOf(j, mode)} · {targetText(j.action)}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </>
  );
}
