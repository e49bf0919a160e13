import { X509Certificate } from 'node:crypto';
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
    extraCaPem: o.extraCaFiles.map(readCaFile),
    oauthAuthority: o.oauthAuthority,
    storageEndpointTemplate: o.storageEndpointTemplate,
    storageApiVersion: o.storageApiVersion,
    storageBase64: o.storageBase64,
    serviceBusEndpointTemplate: o.serviceBusEndpointTemplate,
  };
}

/**
 * One of `outbound.extraCaFiles`: it must hold at least one PEM certificate. Node's TLS ignores a
 * file without one in silence, and every connection to the servers it was meant for would then fail
 * with "unable to get local issuer certificate".
 */
function readCaFile(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    throw new Error(
      `outbound.extraCaFiles: cannot read ${file}${typeof code === 'string' ? ` (${code})` : ''}`,
    );
  }
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) throw new Error(`outbound.extraCaFiles: ${file} holds no PEM certificate`);
  for (const block of blocks) {
    try {
      new X509Certificate(block);
    } catch {
      throw new Error(`outbound.extraCaFiles: ${file} holds a PEM certificate that does not parse`);
    }
  }
  return text;
}
