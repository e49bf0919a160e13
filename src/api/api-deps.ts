import type { Socket } from 'node:net';
import type { AppDeps } from '../app/deps.js';
import type { WireLimits } from '../domain/limits.js';
import type { Logger } from '../ports/logger.js';
import type { Metrics } from '../ports/metrics.js';
import type { CredentialSource } from './credentials.js';

/** What the API needs; built by the composition root. */
export interface ApiDeps {
  readonly app: AppDeps;
  readonly logger: Logger;
  /** Written as `Server: Takt/<version>`. */
  readonly version: string;
  /** How credentials are read off a request (default: TLS peer certificate and bearer token). */
  readonly credentials?: CredentialSource;
  /** `/healthz` answers 503 while this returns false (default: always ready). */
  readonly isReady?: () => boolean;
  /** Size limits of job definitions (default: docs/reference/scheduling-rules.md §7). */
  readonly limits?: WireLimits;
  /** Shortest retry interval a job may ask for, ms (default: the schema's `engine.minRetryIntervalMs`). */
  readonly minRetryIntervalMs?: number;
  /** Requests by route template and status (default: none). */
  readonly metrics?: Metrics;
  /**
   * The public base URL of the deployment (e.g. behind a TLS-terminating proxy): ARM `nextLink`s
   * start with it; default: the listener's scheme and the request's Host.
   */
  readonly publicBaseUrl?: string;
  /** Flood protection (default: none, for in-process tests). */
  readonly overload?: OverloadLimits;
  /** The connection caps' reserve (default: none): which sockets may only reach the monitoring paths. */
  readonly connections?: ReserveConnections;
}

/** What the pipeline needs of the connection guard (src/api/listener/connection-guard.ts). */
export interface ReserveConnections {
  readonly maxConnections: number;
  isReserve(socket: Socket): boolean;
}

/** Limits that answer 503 ServerBusy with Retry-After (docs/operations.md, Overload). */
export interface OverloadLimits {
  /** Average requests per second per authenticated subscription; 0 = unlimited. */
  readonly rateLimitPerSecond: number;
  /** Requests a subscription may send at once after being idle. */
  readonly rateLimitBurst: number;
  /** Requests handled at once by one listener. */
  readonly maxInFlightRequests: number;
}
