/** The readable summary of a job: what it does, when, and how it copes with failure. */
import type { ComponentChildren } from 'preact';
import type { ActionDoc, JobDoc } from '../api/types.js';
import { useContext } from 'preact/hooks';
import { Time, ZoneContext } from '../components/ui.js';
import { actionLine } from '../lib/job-text.js';
import { scheduleOf } from '../lib/schedule-text.js';

function retryText(a: ActionDoc): string {
  const r = a.retryPolicy;
  if (!r) return 'default (4 retries, 30 s apart)';
  if (r.retryType === 'none') return 'none';
  const n = r.retryCount ?? 4;
  return `${n} ${n === 1 ? 'retry' : 'retries'}, ${r.retryInterval ?? 'PT30S'} apart`;
}

function authText(a: ActionDoc): string | undefined {
  const auth = a.request?.authentication;
  if (!auth) return undefined;
  if (auth.type === 'Basic') return `Basic (${auth.username ?? ''})`;
  if (auth.type === 'ActiveDirectoryOAuth') return `Active Directory OAuth (client ${auth.clientId ?? ''})`;
  return `client certificate ${auth.certificateSubjectName ?? ''}`;
}

export function JobSummary({ job }: { job: JobDoc }) {
  const { mode } = useContext(ZoneContext);
  const a = job.action;
  const zone = job.recurrence?.timeZone;
  const s = job.status;
  const headers = Object.entries(a.request?.headers ?? {});
  const rows: [string, ComponentChildren][] = [
    ['Schedule', scheduleOf(job, mode)],
    ['Action', actionLine(a)],
    ...(headers.length
      ? [['Headers', headers.map(([k, v]) => `${k}: ${v}`).join('; ')] as [string, string]]
      : []),
    ...(authText(a) ? [['Authentication', authText(a)] as [string, string]] : []),
    ['Retry', retryText(a)],
    // The error action is retried by its own policy, else by the main action's
    // (docs/reference/scheduling-rules.md §5.3).
    [
      'On failure',
      a.errorAction
        ? `${actionLine(a.errorAction)} (retries: ${a.errorAction.retryPolicy ? retryText(a.errorAction) : 'as the main action'})`
        : 'nothing more',
    ],
    ['Starts', job.startTime ? <Time iso={job.startTime} zone={zone} exact /> : 'at save'],
    ['Next run', <Time iso={s?.nextExecutionTime} zone={zone} exact />],
    ['Last run', <Time iso={s?.lastExecutionTime} zone={zone} exact />],
    [
      'Runs',
      s
        ? `${s.executionCount} ${s.executionCount === 1 ? 'run' : 'runs'}, ${s.failureCount} failed, ${s.faultedCount} faulted`
        : '— (shown while enabled)',
    ],
  ];
  return (
    <dl class="summary" id="job-summary">
      {rows.map(([k, v]) => [<dt key={`${k}-t`}>{k}</dt>, <dd key={`${k}-d`}>{v}</dd>])}
    </dl>
  );
}
