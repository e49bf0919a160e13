/**
 * `takt jobs get` for people: what the job does, when, what happens on failure, and its counters.
 * The API hides a disabled job's `status` (counters, next and last run), so the view says so
 * instead of printing zeros.
 */
import { renderFields } from './table.js';
import { jobTarget, jobType, recurrenceText, statusFacts } from './job-summary.js';
import { obj, str } from './wire-values.js';

type Doc = Record<string, unknown>;

/** `fixed, 3 retries every 00:00:30`, `none`, or the implicit default. */
export function retryText(action: Doc | undefined): string {
  const p = obj(action?.['retryPolicy']);
  if (!p) return 'default (fixed, 4 retries every 30 s)';
  const type = str(p['retryType']).toLowerCase();
  if (type !== 'fixed') return type || 'none';
  const count = p['retryCount'] === undefined ? '4' : str(p['retryCount']);
  const every = p['retryInterval'] === undefined ? '00:00:30' : str(p['retryInterval']);
  return `fixed, ${count} ${count === '1' ? 'retry' : 'retries'} every ${every}`;
}

function headersText(action: Doc | undefined): string {
  const h = obj(obj(action?.['request'])?.['headers']);
  const entries = h ? Object.entries(h) : [];
  return entries.length === 0 ? '-' : entries.map(([k, v]) => `${k}: ${str(v)}`).join('; ');
}

function authText(action: Doc | undefined): string {
  const a = obj(obj(action?.['request'])?.['authentication']);
  return a ? str(a['type']) : '-';
}

/** The error action retries with its own policy, or else the main action's (docs/reference/scheduling-rules.md §5.3). */
function errorActionText(action: Doc | undefined): string {
  const e = obj(action?.['errorAction']);
  if (!e) return '-';
  const retry = obj(e['retryPolicy']) ? retryText(e) : `${retryText(action)}, the main action's`;
  return `${str(e['type'])} ${jobTarget({ action: e })} (retry: ${retry})`;
}

export function describeJob(j: Doc): string {
  const action = obj(j['action']);
  const recurrence = obj(j['recurrence']);
  const disabled = j['state'] === 'disabled';
  const s = statusFacts(j);
  const hidden = 'hidden while disabled';
  const fields: [string, string][] = [
    ['Id', str(j['id'])],
    ['State', str(j['state'])],
    ['Type', jobType(j)],
    ['Target', jobTarget(j)],
  ];
  if (obj(action?.['request'])) {
    fields.push(['Headers', headersText(action)]);
    fields.push(['Authentication', authText(action)]);
  }
  fields.push(
    ['Recurrence', recurrenceText(j)],
    ['Time zone', recurrence ? str(recurrence['timeZone']) || 'UTC' : '-'],
    ['Start time', str(j['startTime']) || '-'],
    ['Retry', retryText(action)],
    ['Error action', errorActionText(action)],
    ['Next run', disabled ? `- (${hidden})` : s.next],
    ['Last run', disabled ? `- (${hidden})` : s.last],
    ['Executions', disabled ? `- (the API hides counters while a job is disabled)` : s.executions],
    ['Failures', disabled ? '-' : s.failures],
    ['Faulted', disabled ? '-' : s.faulted],
  );
  return renderFields(fields);
}
