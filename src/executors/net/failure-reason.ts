import { EgressBlockedError } from '../egress/policy.js';
import { AttemptCancelledError, AttemptTimeoutError } from './deadline.js';
import { findError, transportReason } from './reason.js';

/** The `<reason>` of a "no response" history message: timeout, cancellation, egress block or the transport's own text. */
export function failureReason(err: unknown): string {
  const known =
    findError(err, AttemptTimeoutError) ?? findError(err, AttemptCancelledError) ?? findError(err, EgressBlockedError);
  return known ? known.message : transportReason(err);
}
