import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Outcome } from '../handler.js';
import type { QueryParams } from '../query-params.js';
import type { RenderedError, Routed, Surface } from './surface.js';

/** What the stages learn about one request, in the order they learn it. */
export interface RequestContext {
  readonly req: FastifyRequest;
  readonly reply: FastifyReply;
  /** The request path without its query, as sent. */
  readonly path: string;
  /** The query string without `?` ('' when none). */
  readonly rawQuery: string;
  surface: Surface | undefined;
  /** Set once authenticated: a mutating request then leaves an operation record. */
  subscriptionId: string | undefined;
  routed: Routed | undefined;
  query: QueryParams | undefined;
  outcome: Outcome | undefined;
  failure: RenderedError | undefined;
  /** The store's failed fsyncs when the handler began (Store.syncFailures, Outcome.syncOwed). */
  syncFailuresBefore: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Takt's pipeline state, set by the first listener stage (src/api/pipeline/pipeline.ts). */
    taktContext: RequestContext | undefined;
  }
}

export function newRequestContext(req: FastifyRequest, reply: FastifyReply): RequestContext {
  const url = req.raw.url ?? '/';
  const q = url.indexOf('?');
  return {
    req,
    reply,
    path: q >= 0 ? url.slice(0, q) : url,
    rawQuery: q >= 0 ? url.slice(q + 1) : '',
    surface: undefined,
    subscriptionId: undefined,
    routed: undefined,
    query: undefined,
    outcome: undefined,
    failure: undefined,
    syncFailuresBefore: 0,
  };
}
