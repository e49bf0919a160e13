import type { LookupFunction } from 'node:net';
import type { Clock } from '../ports/clock.js';
import type { EgressOptions } from './egress/policy.js';

/**
 * Deployment settings of the executors (docs/reference/behaviour.md §11). Every field but `clock` and
 * `version` is optional.
 */
export interface ExecutorOptions {
  /** Source of attempt timestamps and of the attempt deadline timer. */
  readonly clock: Clock;
  /** Takt's version, sent as `User-Agent: Takt/<version>`. */
  readonly version: string;
  /** Per-attempt timeout covering connect, TLS, redirects, headers and the captured body. Default 60 000 ms. */
  readonly timeoutMs?: number;
  /** Destinations that may not be contacted. Default: everything allowed. */
  readonly egress?: EgressOptions;
  /** PEM certificates trusted for outbound TLS in addition to the system store. Default none. */
  readonly extraCaPem?: readonly string[];
  /** OAuth authority for ActiveDirectoryOAuth. Default `https://login.microsoftonline.com`. */
  readonly oauthAuthority?: string;
  readonly storage?: {
    /** `{account}` is replaced. Default `https://{account}.queue.core.windows.net`. */
    readonly endpointTemplate?: string;
    /** `x-ms-version` of Put Message. Default `2020-10-02`. */
    readonly apiVersion?: string;
    /** Put the wrapper on the queue as base64 of its UTF-8 bytes. Default false (plain text). */
    readonly base64Messages?: boolean;
  };
  readonly serviceBus?: {
    /** `{namespace}` is replaced. Default `https://{namespace}.servicebus.windows.net`. */
    readonly endpointTemplate?: string;
  };
  /** Keep-alive connections per origin. Default 64. */
  readonly connectionsPerOrigin?: number;
  /** Name resolver (Node's `dns.lookup` signature). Default `dns.lookup`; the egress check runs on its answer. */
  readonly lookup?: LookupFunction;
}

export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_OAUTH_AUTHORITY = 'https://login.microsoftonline.com';
export const DEFAULT_STORAGE_ENDPOINT = 'https://{account}.queue.core.windows.net';
export const DEFAULT_STORAGE_API_VERSION = '2020-10-02';
export const DEFAULT_SERVICE_BUS_ENDPOINT = 'https://{namespace}.servicebus.windows.net';
export const DEFAULT_CONNECTIONS_PER_ORIGIN = 64;
