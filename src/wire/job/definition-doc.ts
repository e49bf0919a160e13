/**
 * The full wire document of a definition, secrets included (PATCH merge input, and the measure of
 * the 16,000-character limit). Never sent to anyone: responses use `formatJob`.
 */
import type { JobDefinition, PlainJobDefinition } from '../../domain/job.js';
import { formatDateTime } from '../datetime.js';
import { formatRecurrence } from '../recurrence-json.js';
import { formatJobAction } from './action-json.js';
import type { FormatMode } from './context.js';

export function definitionToWireDoc(def: PlainJobDefinition): Record<string, unknown> {
  return formatDefinition(def, 'internal', (s) => String(s));
}

/** startTime, action, recurrence, state (docs/reference/classic-operations.md §6.2 order, without id and status). */
export function formatDefinition(
  def: JobDefinition<unknown>,
  mode: FormatMode,
  secret: (s: unknown) => string,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // With `Z`: re-parsing the document must give the same instant whatever the recurrence zone.
  if (def.startTime) out['startTime'] = formatDateTime(def.startTime);
  out['action'] = formatJobAction(def.action, mode, secret);
  if (def.recurrence) out['recurrence'] = formatRecurrence(def.recurrence);
  out['state'] = def.state;
  return out;
}
