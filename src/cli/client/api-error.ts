/**
 * Errors the CLI reports without a stack trace: what the API answered (its Azure code and message),
 * a profile or flag problem (usage), or a failure to reach the server at all.
 */
import { childElement, parseXmlDocument } from '../../wire/xml/safe-parse.js';

/** The server answered with a status the operation does not accept; `code` is the Azure error code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId: string | undefined,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Bad flags, a bad profile or a bad input file: the message names the flag or the JSON path. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The server could not be reached or the TLS handshake failed. */
export class ConnectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConnectionError';
  }
}

/** Builds the ApiError of a non-success answer from its `<Error><Code/><Message/></Error>` body. */
export function apiErrorFrom(status: number, body: string, requestId: string | undefined): ApiError {
  try {
    const root = parseXmlDocument(body, 'Error');
    const code = childElement(root, 'Code')?.text.trim();
    const message = childElement(root, 'Message')?.text.trim();
    if (code) return new ApiError(status, code, message ?? '', requestId);
  } catch {
    // Not an Azure error document (a proxy, or not a Takt server): fall through to a generic one.
  }
  const snippet = body.trim().slice(0, 200);
  return new ApiError(
    status,
    `Http${status}`,
    snippet === '' ? `HTTP ${status}` : `HTTP ${status}: ${snippet}`,
    requestId,
  );
}
