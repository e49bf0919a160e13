import type { FastifyRequest } from 'fastify';
import type { Subscription } from '../../domain/tenant.js';
import type { QueryParams } from '../query.js';
import type { ApiDeps } from '../types.js';

/** One ARM call after authentication, routing and the api-version check. */
export interface ArmCall {
  readonly deps: ApiDeps;
  readonly req: FastifyRequest;
  /** Path parameters, percent-decoded. */
  readonly params: Readonly<Record<string, string>>;
  readonly query: QueryParams;
  /** The raw request body ('' when none). */
  readonly body: string;
  readonly subscription: Subscription;
  /** The request's api-version, lower case (a `nextLink` repeats it). */
  readonly apiVersion: string;
}

/** What an ARM handler answers: a JSON body, or none (`Content-Length: 0`). */
export interface ArmOutcome {
  readonly status: number;
  readonly json?: unknown;
}

export type ArmHandler = (call: ArmCall) => Promise<ArmOutcome>;
