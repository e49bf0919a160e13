import type { FastifyRequest } from 'fastify';
import type { ApiDeps } from './api-deps.js';
import type { QueryParams } from './query-params.js';

/** One API call after authentication, version check and routing: what a handler is given. */
export interface Call {
  readonly deps: ApiDeps;
  readonly req: FastifyRequest;
  /** Path parameters, percent-decoded (`sub` lower-cased). */
  readonly params: Readonly<Record<string, string>>;
  readonly query: QueryParams;
  /** The raw request body ('' when none). */
  readonly body: string;
  readonly requestId: string;
}

/** What a handler answers; the reply stage turns it into the wire response. */
export interface Outcome {
  readonly status: number;
  readonly json?: unknown;
  /** The JSON body already serialized (json-once.ts); sent as is instead of `json`. */
  readonly jsonText?: string;
  readonly xml?: string;
  readonly etag?: string;
  /** Extra response headers (lower-case names). */
  readonly headers?: Readonly<Record<string, string>>;
  /** The operation is asynchronous (202): its record honours the artificial completion delay. */
  readonly asynchronous?: boolean;
  /**
   * The handler's write did not wait for its fsync (WriteOptions.deferSync): the operation record's
   * durable write covers it before the answer leaves (pipeline/write-operation-record.ts).
   */
  readonly syncOwed?: boolean;
}

/** One operation of a surface: named `<verb><Resource>Handler` (e.g. `putJobHandler`). */
export type Handler = (call: Call) => Promise<Outcome>;
