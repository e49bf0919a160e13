/**
 * The Job as returned by every job operation (docs/reference/classic-operations.md §6.2): member order of §6.2–§6.7,
 * never a secret (§11), no nulls, `status` omitted while the job is disabled.
 */
import type { Job } from '../../domain/job.js';
import { displayedDue } from '../../domain/displayed-due.js';
import { formatDateTime } from '../datetime.js';
import { formatDefinition } from './definition-doc.js';

export function formatJob(job: Job): Record<string, unknown> {
  const def = formatDefinition(job.definition, 'public', noSecret);
  const out: Record<string, unknown> = { id: job.ref.jobId, ...def, state: job.state };
  if (job.state !== 'disabled') out['status'] = formatStatus(job);
  return out;
}

function noSecret(): string {
  // The public form has no secret member; reaching this is a programming error, and the value must
  // not leak into the message.
  throw new Error('formatJob: a secret was about to be written');
}

function formatStatus(job: Job): Record<string, unknown> {
  const s = job.schedule;
  const out: Record<string, unknown> = {};
  if (s.lastExecutionTime !== undefined) out['lastExecutionTime'] = formatDateTime(s.lastExecutionTime);
  if (s.nextDueAt !== undefined)
    out['nextExecutionTime'] = formatDateTime(displayedDue(job.definition, s.nextDueAt));
  out['executionCount'] = job.counters.executionCount;
  out['failureCount'] = job.counters.failureCount;
  out['faultedCount'] = job.counters.faultedCount;
  return out;
}
