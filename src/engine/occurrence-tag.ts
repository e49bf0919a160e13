import { hash } from 'node:crypto';
import type { Job } from '../domain/job.js';

/**
 * The execution tag of the occurrence a claim is about to start for `job`: the same every time
 * that occurrence is planned. A claim is an engine write, which is not flushed to disk before its
 * attempt starts (docs/store.md, "Engine writes without a flush"); should the database lose it (a
 * crash of the PostgreSQL server, a power cut under SQLite), the next claim plans the same
 * occurrence again and its target sees the same `x-ms-execution-tag`, as for any redelivery
 * (docs/engine.md, "Delivery guarantee"). Distinct per occurrence: the job's names and creation
 * time tell its rows apart; the occurrences it has started (`repeatCount`, which no replace resets
 * and run-now advances too), the series' start and the occurrences counted in it tell its
 * occurrences apart. 32 lower-case hex characters, as a random tag.
 */
export function occurrenceTag(job: Job): string {
  const { ref, createdAt, schedule: s } = job;
  const key = `${ref.subscriptionId}\n${ref.cloudService}\n${ref.collection}\n${ref.jobId}\n${createdAt}\n${s.repeatCount}\n${s.seriesStartedAt}\n${s.seriesCount}`;
  // The one-shot hash (no Hash object, no stream): 0.76 against 1.12 µs a tag on Node 20.
  return hash('sha256', key, 'hex').slice(0, 32);
}
