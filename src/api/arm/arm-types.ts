import type { Call, Outcome } from '../handler.js';

/**
 * One ARM call after the pipeline's gate: a classic-style call (its `params.sub` is the
 * authenticated subscription id) plus the request's api-version, lower case (a `nextLink` repeats
 * it; collection answers depend on it).
 */
export interface ArmCall extends Call {
  readonly apiVersion: string;
}

/** An ARM operation: a JSON body, or none (`Content-Length: 0`). */
export type ArmHandler = (call: ArmCall) => Promise<Outcome>;
