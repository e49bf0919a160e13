import { badRequest } from '../../domain/errors.js';
import type { RequestedState } from '../../domain/job.js';
import { parseEnum } from '../json-object.js';

const SETTABLE: readonly RequestedState[] = ['enabled', 'disabled'];

/**
 * A job state a client writes (PUT, POST, PATCH of a job or of every job): enabled or disabled. The
 * two the service sets itself are named as such, anything else is listed against the two allowed.
 */
export function settableState(value: unknown, path: string): RequestedState {
  if (typeof value === 'string' && /^(completed|faulted)$/i.test(value))
    throw badRequest(`${path}: only enabled or disabled can be set, got '${value.toLowerCase()}'`);
  return parseEnum(value, path, SETTABLE);
}
