import { readFileSync } from 'node:fs';
import type { TaktConfig } from '../config/index.js';
import type { ExecutorOptions } from '../executors/index.js';
import type { Clock } from '../ports/clock.js';

/** The executors' settings from the config; reads the extra CA files (failing with the option's name). */
export function executorOptions(config: TaktConfig, clock: Clock, version: string): ExecutorOptions {
  const o = config.outbound;
  const deny = o.egressDeny.filter((d) => d.toLowerCase() !== 'private');
  const preset = o.egressDeny.some((d) => d.toLowerCase() === 'private');
  return {
    clock,
    version,
    httpTimeoutMs: config.engine.httpTimeoutMs,
    connectionsPerOrigin: config.engine.connectionsPerOrigin,
    egress: {
      deny,
      ...(preset ? { preset: 'private' as const } : {}),
      allowLinkLocal: o.egressAllowLinkLocal,
    },
    extraCaPem: o.extraCaFiles.map((f) => {
      try {
        return readFileSync(f, 'utf8');
      } catch (e) {
        const code = (e as { code?: unknown }).code;
        throw new Error(
          `outbound.extraCaFiles: cannot read ${f}${typeof code === 'string' ? ` (${code})` : ''}`,
        );
      }
    }),
    oauthAuthority: o.oauthAuthority,
    storageEndpointTemplate: o.storageEndpointTemplate,
    storageApiVersion: o.storageApiVersion,
    storageBase64: o.storageBase64,
    serviceBusEndpointTemplate: o.serviceBusEndpointTemplate,
  };
}
