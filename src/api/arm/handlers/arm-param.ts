import { DomainError } from '../../../domain/errors.js';
import type { ArmCall } from '../arm-types.js';

/** Path parameter (always present when the route matched). */
export function armParam(call: ArmCall, name: string): string {
  const v = call.params[name];
  if (v === undefined) throw new DomainError('InternalError', `route parameter ${name} missing`);
  return v;
}
