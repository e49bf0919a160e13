import { DomainError, type ErrorCode } from '../domain/errors.js';
import { StoreUnavailable } from '../ports/store.js';

/**
 * The one table mapping error codes to HTTP statuses (docs/reference/classic-operations.md §8.2). Everything thrown on
 * the way to a response passes through `toWireError`: domain errors keep their code and message;
 * anything unexpected becomes a 500 with a generic message (the real one is only logged).
 */
const STATUS: Readonly<Record<ErrorCode, number>> = {
  MissingOrIncorrectVersionHeader: 400,
  InvalidXmlRequest: 400,
  MissingOrInvalidRequiredQueryParameter: 400,
  InvalidHttpVerb: 400,
  BadRequest: 400,
  AuthenticationFailed: 403,
  ForbiddenError: 403,
  ResourceNotFound: 404,
  ConflictError: 409,
  PreconditionFailed: 412,
  UnsupportedMediaType: 415,
  TooManyRequests: 429,
  InternalError: 500,
  NotImplemented: 501,
  ServerBusy: 503,
  InvalidAuthenticationToken: 401,
  AuthorizationFailed: 403,
  DisabledSubscription: 403,
  LocationRequired: 400,
  LocationNotAvailableForResourceType: 400,
  InvalidResourceName: 400,
  InvalidResourceGroupName: 400,
  InvalidTag: 400,
  InvalidResourceLocation: 409,
  InvalidResourceGroupLocation: 409,
  MissingSubscriptionRegistration: 409,
};

export interface WireError {
  readonly status: number;
  readonly code: ErrorCode;
  readonly message: string;
  readonly retryAfterSeconds?: number;
  /** True when the cause was unexpected and must be logged. */
  readonly unexpected: boolean;
}

const GENERIC = 'The server encountered an internal error. Please retry the request.';

/** No name is longer (docs/reference/scheduling-rules.md §2); operation ids are shorter still. */
const MAX_NAME_CHARS = 100;
const LONG_QUOTED = new RegExp(`'([^']{${MAX_NAME_CHARS}})[^']+'`, 'g');

/**
 * A not-found message quotes the name from the path, which may be as long as the header limit
 * allows; one longer than any valid name is cut (the message is answered, logged and kept in the
 * operation record).
 */
export const clipQuotedNames = (message: string): string => message.replace(LONG_QUOTED, "'$1…'");
export const BODY_LIMIT_BYTES = 1024 * 1024;

/** Fastify's own request errors that are the client's fault. */
function frameworkError(e: unknown): WireError | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const code = (e as { code?: unknown }).code;
  const status = (e as { statusCode?: unknown }).statusCode;
  // The client hung up while its body was being read (Node's 'aborted'): its fault, not the server's;
  // nobody reads this answer, but it must not be logged as an unexpected failure.
  if (code === 'ECONNRESET' && (e as { message?: unknown }).message === 'aborted') {
    return {
      status: 400,
      code: 'BadRequest',
      message: 'The client closed the connection before the request body was complete.',
      unexpected: false,
    };
  }
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return {
      status: 400,
      code: 'BadRequest',
      message: `The request body exceeds the limit of ${BODY_LIMIT_BYTES} bytes.`,
      unexpected: false,
    };
  }
  if (
    typeof code === 'string' &&
    code.startsWith('FST_') &&
    typeof status === 'number' &&
    status >= 400 &&
    status < 500
  ) {
    return { status: 400, code: 'BadRequest', message: 'The request could not be read.', unexpected: false };
  }
  return undefined;
}

export function toWireError(e: unknown): WireError {
  if (e instanceof DomainError) {
    const status = STATUS[e.code];
    if (e.code === 'InternalError') return { status, code: e.code, message: GENERIC, unexpected: true };
    return {
      status,
      code: e.code,
      message: e.code === 'ResourceNotFound' ? clipQuotedNames(e.message) : e.message,
      ...(e.retryAfterSeconds !== undefined ? { retryAfterSeconds: e.retryAfterSeconds } : {}),
      unexpected: false,
    };
  }
  if (e instanceof StoreUnavailable) {
    return {
      status: 503,
      code: 'ServerBusy',
      message: 'The service is temporarily unavailable. Please retry the request.',
      retryAfterSeconds: 5,
      unexpected: true,
    };
  }
  return frameworkError(e) ?? { status: 500, code: 'InternalError', message: GENERIC, unexpected: true };
}
