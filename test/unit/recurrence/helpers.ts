// Shared helpers for the recurrence tests: wire-shaped inputs, ISO outputs.
import { preview, type SeriesDefinition } from '../../../src/domain/recurrence/index.js';
import { parseRecurrence } from '../../../src/wire/recurrence-json.js';
import { parsePreciseTime } from '../../../src/wire/datetime.js';

/** ISO text (Z optional) → epoch ms. */
export const at = (iso: string): number => Date.parse(/Z$|[+-]\d\d:\d\d$/.test(iso) ? iso : `${iso}Z`);

/** Epoch ms → compact ISO (`.000` dropped) for readable expectations. */
export const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

/** A series definition from wire-shaped parts (startTime resolved in the recurrence's zone). */
export function def(recurrence?: Record<string, unknown>, startTime?: string): SeriesDefinition {
  const r = recurrence ? parseRecurrence(recurrence) : undefined;
  const s = startTime ? parsePreciseTime(startTime, 'startTime', r?.timeZone) : undefined;
  return { ...(s ? { startTime: s } : {}), ...(r ? { recurrence: r } : {}) };
}

/** The first n due times (ISO) of a job saved at `now`. */
export function runs(
  now: string,
  recurrence: Record<string, unknown> | undefined,
  n: number,
  startTime?: string,
): string[] {
  return preview(def(recurrence, startTime), at(now), n).map(iso);
}
