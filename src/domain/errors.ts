/**
 * One error taxonomy for the whole service. Domain and app code throw `DomainError` with a stable
 * code; the API has one table mapping each code to an HTTP status and an Azure `<Error>` body.
 * The codes are the Azure Scheduler wire codes themselves, so the mapping cannot drift.
 */
export type ErrorCode =
  | 'MissingOrIncorrectVersionHeader' // 400
  | 'InvalidXmlRequest' // 400
  | 'MissingOrInvalidRequiredQueryParameter' // 400
  | 'InvalidHttpVerb' // 400
  | 'BadRequest' // 400: any validation failure
  | 'AuthenticationFailed' // 403
  | 'ForbiddenError' // 403
  | 'ResourceNotFound' // 404
  | 'ConflictError' // 409: name taken, plan/quota violation, non-empty delete...
  | 'PreconditionFailed' // 412
  | 'UnsupportedMediaType' // 415: a request body in a content coding Takt does not decode
  | 'TooManyRequests' // 429 (rate limit)
  | 'InternalError' // 500
  | 'NotImplemented' // 501: a request body in a transfer coding other than chunked
  | 'ServerBusy' // 503
  // Codes only the ARM surface raises (docs/api.md, ARM errors); the classic table maps them too.
  | 'InvalidAuthenticationToken' // 401
  | 'AuthorizationFailed' // 403
  | 'DisabledSubscription' // 403
  | 'LocationRequired' // 400
  | 'LocationNotAvailableForResourceType' // 400
  | 'InvalidResourceName' // 400
  | 'InvalidResourceGroupName' // 400
  | 'InvalidTag' // 400
  | 'InvalidResourceLocation' // 409
  | 'InvalidResourceGroupLocation' // 409
  | 'MissingSubscriptionRegistration'; // 409

/** Which entity a ResourceNotFound is about, so each API can name it its own way. */
export interface MissingResource {
  readonly kind: 'cloudService' | 'collection' | 'job';
  readonly name: string;
}

export class DomainError extends Error {
  readonly code: ErrorCode;
  /** Seconds for Retry-After (ServerBusy / TooManyRequests). */
  readonly retryAfterSeconds: number | undefined;
  /** Set on ResourceNotFound raised by the existence checks. */
  readonly missing: MissingResource | undefined;

  constructor(code: ErrorCode, message: string, retryAfterSeconds?: number, missing?: MissingResource) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
    this.missing = missing;
  }
}

export const badRequest = (message: string): DomainError => new DomainError('BadRequest', message);
export const conflict = (message: string): DomainError => new DomainError('ConflictError', message);
export const notFound = (
  message = 'The specified resource does not exist.',
  missing?: MissingResource,
): DomainError => new DomainError('ResourceNotFound', message, undefined, missing);

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError;
}
