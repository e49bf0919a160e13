import type { LookupFunction } from 'node:net';
import { engineDefaults, type EngineConfig } from '../config/schema/engine-schema.js';
import { outboundDefaults, type OutboundEndpoints } from '../config/schema/outbound-schema.js';
import type { Clock } from '../ports/clock.js';
import type { EgressOptions } from './egress/policy.js';

/**
 * The configuration options the executors use, under their configuration names and with the
 * schema's defaults (src/config/schema/; docs/operations.md, Engine and Outbound endpoints).
 */
export type ExecutorSettings = Pick<EngineConfig, 'httpTimeoutMs' | 'connectionsPerOrigin'> &
  OutboundEndpoints;

/**
 * What the executors are built from: the clock, Takt's version, and the settings (each defaulting to
 * the schema's), plus what the composition root derives from the configuration (egress policy, CA
 * certificates read from `outbound.extraCaFiles`) and an optional resolver for tests.
 */
export interface ExecutorOptions extends Partial<ExecutorSettings> {
  /** Source of attempt timestamps and of the attempt deadline timer. */
  readonly clock: Clock;
  /** Takt's version, sent as `User-Agent: Takt/<version>`. */
  readonly version: string;
  /** Destinations that may not be contacted (from `outbound.egressDeny` / `egressAllowLinkLocal`). */
  readonly egress?: EgressOptions;
  /** PEM certificates trusted for outbound TLS in addition to the system store. Default none. */
  readonly extraCaPem?: readonly string[];
  /** Name resolver (Node's `dns.lookup` signature). Default `dns.lookup`; the egress check runs on its answer. */
  readonly lookup?: LookupFunction;
}

/** The settings with the schema's default for each one not given. */
export function executorSettings(o: Partial<ExecutorSettings>): ExecutorSettings {
  return {
    httpTimeoutMs: o.httpTimeoutMs ?? engineDefaults.httpTimeoutMs,
    connectionsPerOrigin: o.connectionsPerOrigin ?? engineDefaults.connectionsPerOrigin,
    storageEndpointTemplate: o.storageEndpointTemplate ?? outboundDefaults.storageEndpointTemplate,
    storageApiVersion: o.storageApiVersion ?? outboundDefaults.storageApiVersion,
    storageBase64: o.storageBase64 ?? outboundDefaults.storageBase64,
    serviceBusEndpointTemplate: o.serviceBusEndpointTemplate ?? outboundDefaults.serviceBusEndpointTemplate,
    oauthAuthority: o.oauthAuthority ?? outboundDefaults.oauthAuthority,
  };
}
