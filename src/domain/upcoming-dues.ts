import { displayedDue } from './displayed-due.js';
import type { JobDefinition, JobSchedule, JobState } from './job.js';
import { nextAfter } from './recurrence/index.js';
import type { EpochMs, PreciseTime } from './time.js';

/**
 * A job's next `n` due times as its series stands (none unless enabled), each as nextExecutionTime
 * shows it (the start time's digits past the millisecond on its grid): the occurrences extension
 * and the dashboard's preview of an edit.
 */
export function upcomingDues(
  def: JobDefinition<unknown>,
  runtime: { readonly state: JobState; readonly schedule: JobSchedule },
  n: number,
): PreciseTime[] {
  const out: PreciseTime[] = [];
  let due: EpochMs | undefined = runtime.state === 'enabled' ? runtime.schedule.nextDueAt : undefined;
  let started = runtime.schedule.seriesCount;
  while (due !== undefined && out.length < n) {
    out.push(displayedDue(def, due));
    started += 1;
    due = nextAfter(def, { anchor: runtime.schedule.anchor, seriesCount: started }, due);
  }
  return out;
}
