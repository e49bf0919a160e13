/** One row of the jobs table. */
import type { CollectionRef } from '../api/types.js';
import { useContext } from 'preact/hooks';
import { StateBadge, Time, ZoneContext } from '../components/ui.js';
import { targetText } from '../lib/job-text.js';
import { scheduleOf } from '../lib/schedule-text.js';
import { href } from '../router.js';
import type { JobWithLast } from './jobs.js';

interface Props {
  readonly c: CollectionRef;
  readonly job: JobWithLast;
  readonly selected: boolean;
  readonly onSelect: (on: boolean) => void;
}

export function JobRow({ c, job: j, selected, onSelect }: Props) {
  const { mode } = useContext(ZoneContext);
  const zone = j.recurrence?.timeZone;
  const last = j.last;
  const target = targetText(j.action);
  return (
    <tr data-job={j.id} class={selected ? 'selected' : ''}>
      <td>
        <input
          type="checkbox"
          aria-label={`Select ${j.id}`}
          checked={selected}
          onChange={(e) => onSelect(e.currentTarget.checked)}
        />
      </td>
      <td>
        <a href={href.job(c, j.id)}>{j.id}</a>
      </td>
      <td>
        <StateBadge state={j.state} />
      </td>
      <td class="schedule">{scheduleOf(j, mode)}</td>
      <td>
        <Time iso={j.status?.nextExecutionTime} zone={zone} />
      </td>
      <td>
        {last?.actionName === 'ErrorAction' ? (
          // The error action runs only after the main action's last attempt failed: the run failed,
          // whatever the error action's own outcome.
          <span class="st-failed">
            failed, error action {last.status ?? 'completed'} <Time iso={last.startTime} zone={zone} />
          </span>
        ) : last ? (
          <span class={`st-${last.status ?? 'completed'}`}>
            {last.status ?? 'completed'} <Time iso={last.startTime} zone={zone} />
          </span>
        ) : (
          <span class="muted">never ran</span>
        )}
      </td>
      <td>
        {j.status ? `${j.status.executionCount} / ${j.status.failureCount}` : <span class="muted">—</span>}
      </td>
      <td class="target" title={target}>
        <span class="one-line">{target}</span>
      </td>
    </tr>
  );
}
