/**
 * The ARM error form (docs/api.md, ARM errors): `{"error":{"code","message"}}`. Errors raised by
 * the shared use cases carry classic codes; this table names them the ARM way. Errors only the ARM
 * request parsing raises (routing, api-version, query, content) are `ArmError`s.
 */
import { DomainError, type ErrorCode } from '../../domain/errors.js';
import { armSpelling } from '../../wire/arm/arm-spelling.js';
import { clipQuotedNames, toWireError } from '../to-wire-error.js';
import { BodyNotUtf8 } from '../utf8-body.js';

export class ArmError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** `Allow` header of a 405. */
    readonly allow?: string,
  ) {
    super(message);
    this.name = 'ArmError';
  }
}

export interface ArmWireError {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  readonly retryAfterSeconds?: number;
  readonly allow?: string;
  readonly unexpected: boolean;
}

const ARM_CODES: Partial<Record<ErrorCode, readonly [number, string]>> = {
  InvalidXmlRequest: [400, 'InvalidRequestContent'],
  MissingOrInvalidRequiredQueryParameter: [400, 'InvalidQueryParameterValue'],
  InvalidHttpVerb: [405, 'MethodNotAllowed'],
  AuthenticationFailed: [401, 'AuthenticationFailed'],
  ForbiddenError: [403, 'AuthorizationFailed'],
  ConflictError: [409, 'Conflict'],
  InternalError: [500, 'InternalServerError'],
};

export function toArmWireError(e: unknown): ArmWireError {
  if (e instanceof ArmError) {
    return {
      status: e.status,
      code: e.code,
      // Query errors are the classic parser's messages (armQuery in arm-request.ts).
      message: armSpelling(e.message),
      ...(e.allow !== undefined ? { allow: e.allow } : {}),
      unexpected: false,
    };
  }
  const w = toWireError(e);
  if (e instanceof DomainError && e.code === 'ResourceNotFound' && e.missing?.kind === 'cloudService') {
    return {
      status: 404,
      code: 'ResourceGroupNotFound',
      message: clipQuotedNames(`Resource group '${e.missing.name}' could not be found.`),
      unexpected: false,
    };
  }
  // Fastify's own refusals (body over 1 MiB, unreadable body) and a body that is not UTF-8 (so not
  // JSON) are about the content.
  if ((!(e instanceof DomainError) && w.status === 400) || e instanceof BodyNotUtf8) {
    return { status: 400, code: 'InvalidRequestContent', message: w.message, unexpected: false };
  }
  const mapped = ARM_CODES[w.code];
  return {
    status: mapped?.[0] ?? w.status,
    code: mapped?.[1] ?? w.code,
    // The shared use cases and parsers write classic enum spellings.
    message: w.unexpected ? w.message : armSpelling(w.message),
    ...(w.retryAfterSeconds !== undefined ? { retryAfterSeconds: w.retryAfterSeconds } : {}),
    unexpected: w.unexpected,
  };
}

export const invalidContent = (message: string): ArmError =>
  new ArmError(400, 'InvalidRequestContent', message);
export const badArmQuery = (message: string): ArmError =>
  new ArmError(400, 'InvalidQueryParameterValue', message);
