import type { JobRef } from '../domain/job.js';

/** At most as many hints as the job cache holds jobs (read-cache.ts). */
const MAX_HINTS = 10_000;

/**
 * Row ids of jobs read through SQLite's job cache, by job cache key, with the read job's ref object:
 * a replace or PATCH keeps that ref, so its update goes by id instead of looking the job up by name
 * again (job-verbs.ts updateOne). Answered only for that very ref object, whose names are spelled as
 * stored. A hint: cleared when full, and a missing one costs a lookup by name. Not a WeakMap keyed
 * by the ref: every PUT's write-through makes a new ref, and a WeakMap insert for such short-lived
 * keys cost 1.3–3 µs (docs/store.md, "What the SqlStore does for API speed").
 */
export class JobPkHints {
  private readonly hints = new Map<string, { readonly ref: JobRef; readonly pk: number }>();

  note(key: string, ref: JobRef, pk: number): void {
    if (this.hints.size >= MAX_HINTS && !this.hints.has(key)) this.hints.clear();
    this.hints.set(key, { ref, pk });
  }

  /** The row id noted under `key` for this very `ref` object, else undefined. */
  pkOf(key: string, ref: JobRef): number | undefined {
    const hint = this.hints.get(key);
    return hint?.ref === ref ? hint.pk : undefined;
  }
}
