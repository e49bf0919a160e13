import { engineDefaults } from '../config/schema/engine-schema.js';
import { DomainError, badRequest } from '../domain/errors.js';
import { jsonSyntaxReason } from '../domain/json-syntax-reason.js';
import type { CollectionRef, JobRef } from '../domain/job.js';
import { DEFAULT_WIRE_LIMITS, type WireLimits } from '../domain/limits.js';
import { TICKS_PER_MS, type Ticks } from '../domain/time.js';
import { parseXmlDocument } from '../wire/xml/safe-parse.js';
import type { Call } from './handler.js';

/** Path parameter (always present when the route matched). */
export function param(call: Call, name: string): string {
  const v = call.params[name];
  if (v === undefined) throw new DomainError('InternalError', `route parameter ${name} missing`);
  return v;
}

export function collectionRef(call: Call): CollectionRef {
  return {
    subscriptionId: param(call, 'sub'),
    cloudService: param(call, 'cs'),
    collection: param(call, 'jc'),
  };
}

export function jobRef(call: Call): JobRef {
  // Written out, not `{ ...collectionRef(call) }`: the spread was a visible cost of every GET job.
  return {
    subscriptionId: param(call, 'sub'),
    cloudService: param(call, 'cs'),
    collection: param(call, 'jc'),
    jobId: param(call, 'job'),
  };
}

/** Step 5 of the check order: the body must be JSON (syntax only; validation comes later). */
export function readJson(body: string): unknown {
  const text = body.startsWith('\uFEFF') ? body.slice(1) : body;
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    // Asked only once the parse failed: trimming copies the body, on every request otherwise.
    if (text.trim() === '') throw badRequest('body: a JSON document is required');
    throw badRequest(`body: is not valid JSON (${jsonSyntaxReason(e)})`);
  }
}

/** Step 5 for XML routes: well-formed, with the expected root. The full parse happens later. */
export function checkXml(body: string, root: string): void {
  parseXmlDocument(body, root);
}

export function wireLimits(call: Pick<Call, 'deps'>): WireLimits {
  return call.deps.limits ?? DEFAULT_WIRE_LIMITS;
}

export function minRetryIntervalTicks(call: Pick<Call, 'deps'>): Ticks {
  return (call.deps.minRetryIntervalMs ?? engineDefaults.minRetryIntervalMs) * TICKS_PER_MS;
}

export function ifMatch(call: Call): string | undefined {
  const v = call.req.headers['if-match'];
  return Array.isArray(v) ? v.join(',') : v;
}
