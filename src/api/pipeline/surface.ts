import type { FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app/deps.js';
import type { PresentedIdentity } from '../../app/authenticate.js';
import type { Subscription } from '../../domain/tenant.js';
import type { Handler } from '../handler.js';
import type { QueryParams } from '../query-params.js';

/** A request routed to one operation of a surface. */
export interface Routed {
  readonly handler: Handler;
  /** Metrics label, e.g. `PUT job` (a template, never the raw path: it carries tenant names). */
  readonly name: string;
  /** Path parameters, percent-decoded; `sub` is the authenticated subscription id. */
  readonly params: Readonly<Record<string, string>>;
}

/** A failure in a surface's wire form; `code` and `message` also go to the operation record. */
export interface RenderedError {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  readonly contentType: string;
  readonly body: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** The cause was unexpected: logged with the request id (never answered). */
  readonly unexpected: boolean;
}

/**
 * One API surface on the shared listener: which paths it owns, its route table, its version rule
 * and its error format. The pipeline (pipeline.ts) runs every surface through the same stages, so
 * authentication, rate limits, operation records and metrics exist once (docs/architecture.md,
 * "How a surface plugs in").
 */
export interface Surface {
  readonly name: string;
  /** True when the request path (without query) belongs to this surface. */
  matches(path: string): boolean;
  /** The path's subscription id as sent (authentication decides whether it is valid). */
  subscriptionOf(path: string): string;
  /** Whether the presented credentials are valid for that subscription (the surface's error codes). */
  authenticate(
    deps: Pick<AppDeps, 'store' | 'clock'>,
    subscriptionPathValue: string,
    who: PresentedIdentity,
  ): Promise<Subscription>;
  /** Checks made after authentication and before routing (classic: `x-ms-version`). */
  checkVersion(req: FastifyRequest): void;
  /** Finds the operation, or throws the surface's not-found / wrong-method error. */
  route(method: string, path: string, query: QueryParams): Routed;
  /** Any failure on the way (thrown by a stage, a handler or Fastify) in the surface's wire form. */
  renderError(err: unknown): RenderedError;
}
