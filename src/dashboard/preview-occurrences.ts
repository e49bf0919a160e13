/**
 * Next occurrences of a job definition that is being edited (the form's live preview): the
 * definition is parsed with the API's own wire parser, so its messages name the same fields.
 */
import type { Clock } from '../ports/clock.js';
import { DEFAULT_WIRE_LIMITS } from '../domain/limits.js';
import { preview } from '../domain/recurrence/index.js';
import { formatDateTime } from '../wire/datetime.js';
import { parseJobDefinition } from '../wire/job/index.js';

export function previewOccurrences(clock: Clock, body: unknown, n: number): string[] {
  const now = clock.now();
  const def = parseJobDefinition(body, {
    mode: 'create',
    limits: DEFAULT_WIRE_LIMITS,
    now,
    minRetryIntervalTicks: 0,
    endTimeWritten: true,
  });
  return preview(def, now, n).map((t) => formatDateTime(t));
}
