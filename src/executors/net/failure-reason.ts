import { EgressBlockedError } from '../egress/policy.js';
import { AttemptCancelledError, AttemptTimeoutError } from './deadline.js';
import { errorCode, findError, transportReason } from './reason.js';

/** Said when the connection pools were closed under a running (or later) request. */
export const SHUT_DOWN_REASON = 'The request was stopped because the executors were shut down.';

/** The `<reason>` of a "no response" history message: timeout, cancellation, egress block or the transport's own text. */
export function failureReason(err: unknown): string {
  const known =
    findError(err, AttemptTimeoutError) ??
    findError(err, AttemptCancelledError) ??
    findError(err, EgressBlockedError);
  if (known) return known.message;
  // undici's "The client is destroyed" would read like a fault of the target.
  const code = errorCode(err);
  if (code === 'UND_ERR_DESTROYED' || code === 'UND_ERR_CLOSED') return SHUT_DOWN_REASON;
  return transportReason(err);
}
