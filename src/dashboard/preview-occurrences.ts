/**
 * Next occurrences of a job definition that is being edited (the form's live preview): the
 * definition is parsed with the API's own wire parser, so its messages name the same fields. A new
 * job is previewed as a new series saved now; an edit of an existing job as the PATCH that saving
 * it makes (docs/dashboard.md): the series goes on from where it stands — no run at save time,
 * the runs already made count toward `count`, the periods count from its anchor.
 */
import type { Clock } from '../ports/clock.js';
import type { WireLimits } from '../domain/limits.js';
import type { Ticks } from '../domain/time.js';
import type { Job, PlainJobDefinition } from '../domain/job.js';
import { applyUpdate } from '../domain/job-lifecycle.js';
import { displayedDue } from '../domain/displayed-due.js';
import { preview } from '../domain/recurrence/index.js';
import { upcomingDues } from '../domain/upcoming-dues.js';
import { formatDateTime } from '../wire/datetime.js';
import { parseJobDefinition } from '../wire/job/index.js';

/** The rules of the deployment the API enforces on a save, so the preview says what the save will. */
export interface PreviewRules {
  readonly limits: WireLimits;
  readonly minRetryIntervalTicks: Ticks;
}

export function previewOccurrences(clock: Clock, body: unknown, n: number, rules: PreviewRules): string[] {
  const now = clock.now();
  const def = parseJobDefinition(body, {
    mode: 'create',
    limits: rules.limits,
    now,
    minRetryIntervalTicks: rules.minRetryIntervalTicks,
    endTimeWritten: true,
  });
  return preview(def, now, n).map((t) => formatDateTime(displayedDue(def, t)));
}

/** The occurrences `job` would have after a PATCH that leaves it with the definition `body`. */
export function previewEditOccurrences(
  clock: Clock,
  body: unknown,
  job: Job,
  n: number,
  rules: PreviewRules,
): string[] {
  const now = clock.now();
  const parse = (written: { schedule: boolean; endTime: boolean }): PlainJobDefinition =>
    parseJobDefinition(body, {
      mode: 'replace',
      pathJobId: job.ref.jobId,
      limits: rules.limits,
      now,
      minRetryIntervalTicks: rules.minRetryIntervalTicks,
      endTimeWritten: written.endTime,
      scheduleWritten: written.schedule,
      seriesAnchor: job.schedule.seriesStartedAt,
    });
  // What the edit changes decides what the PATCH checks (a past endTime it leaves alone is fine).
  const loose = parse({ schedule: false, endTime: false });
  const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
  const stored = job.definition;
  const startTimeTouched = !same(loose.startTime, stored.startTime);
  const scheduleTouched = startTimeTouched || !same(loose.recurrence, stored.recurrence);
  const endTime = !same(loose.recurrence?.endTime, stored.recurrence?.endTime);
  const def = scheduleTouched ? parse({ schedule: true, endTime }) : loose;
  const runtime = applyUpdate(job, def, { scheduleTouched, startTimeTouched }, now);
  return upcomingDues(def, runtime, n).map((t) => formatDateTime(t));
}
