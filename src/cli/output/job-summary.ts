/**
 * One-line facts about a wire Job (docs/reference/classic-operations.md §6.2) for tables: type, schedule, status.
 */

import { displayTime } from './display-time.js';
import { obj, str } from './wire-values.js';

type Doc = Record<string, unknown>;

export function jobTarget(job: Doc): string {
  const action = obj(job['action']) ?? {};
  const type = str(action['type']);
  const req = obj(action['request']);
  if (req) return `${str(req['method'])} ${str(req['uri'])}`;
  const q = obj(action['queueMessage']);
  if (q) return `queue ${str(q['storageAccount'])}/${str(q['queueName'])}`;
  const sbq = obj(action['serviceBusQueueMessage']);
  if (sbq) return `sb queue ${str(sbq['namespace'])}/${str(sbq['queueName'])}`;
  const sbt = obj(action['serviceBusTopicMessage']);
  if (sbt) return `sb topic ${str(sbt['namespace'])}/${str(sbt['topicPath'])}`;
  return type;
}

export function jobType(job: Doc): string {
  return str(obj(job['action'])?.['type']);
}

/**
 * A wire time as people read it in a schedule: `2026-12-03 18:30 UTC` (seconds only when set), in
 * UTC whatever offset the job was written with; text that is not a time is shown as it is.
 */
export function scheduleTime(v: unknown): string {
  const text = str(v);
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) return text;
  const iso = new Date(ms).toISOString();
  const seconds = iso.slice(17, 19) === '00' ? '' : iso.slice(16, 19);
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}${seconds} UTC`;
}

/**
 * `every 1 day hours=2`, `every 15 minutes`, `every 1 month monthlyOccurrences=friday#-1`,
 * `once at 2026-12-03 18:30 UTC`, `once` (no start time: it ran when it was written).
 */
export function recurrenceText(job: Doc): string {
  const r = obj(job['recurrence']);
  if (!r) return job['startTime'] !== undefined ? `once at ${scheduleTime(job['startTime'])}` : 'once';
  const interval = str(r['interval']) || '1';
  const parts = [`every ${interval} ${str(r['frequency'])}${interval === '1' ? '' : 's'}`];
  const s = obj(r['schedule']);
  if (s) {
    for (const key of ['weekDays', 'monthDays', 'monthlyOccurrences', 'hours', 'minutes', 'months']) {
      const v = s[key];
      if (Array.isArray(v) && v.length > 0) parts.push(`${key}=${v.map(scheduleValue).join(',')}`);
    }
  }
  if (r['count'] !== undefined) parts.push(`count ${str(r['count'])}`);
  if (r['endTime'] !== undefined) parts.push(`until ${scheduleTime(r['endTime'])}`);
  return parts.join(' ');
}

/** A schedule list item: a number or day name, or a monthly occurrence `{ day, occurrence }` as `friday#-1`. */
function scheduleValue(v: unknown): string {
  const o = obj(v);
  return o ? `${str(o['day'])}${o['occurrence'] !== undefined ? `#${str(o['occurrence'])}` : ''}` : str(v);
}

export interface StatusFacts {
  readonly next: string;
  readonly last: string;
  readonly executions: string;
  readonly failures: string;
  readonly faulted: string;
}

export function statusFacts(job: Doc): StatusFacts {
  const s = obj(job['status']) ?? {};
  return {
    next: displayTime(s['nextExecutionTime']) || '-',
    last: displayTime(s['lastExecutionTime']) || '-',
    executions: str(s['executionCount']) || '0',
    failures: str(s['failureCount']) || '0',
    faulted: str(s['faultedCount']) || '0',
  };
}
