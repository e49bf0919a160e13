/**
 * Next occurrences of a job definition that is being edited (the form's live preview): the
 * definition is parsed with the API's own wire parser, so its messages name the same fields.
 */
import type { Clock } from '../ports/clock.js';
import type { WireLimits } from '../domain/limits.js';
import type { Ticks } from '../domain/time.js';
import { preview } from '../domain/recurrence/index.js';
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
  return preview(def, now, n).map((t) => formatDateTime(t));
}
