import type { TaktConfig } from '../config/index.js';
import type { Logger } from '../ports/logger.js';

/**
 * The settings of the API's listeners that an engine-only node does not use (it serves only
 * /healthz, /readyz and /metrics, over plain HTTP on `port`: docs/operations.md, "Cluster"). Given
 * anyway — often one environment file shared by every node — they are named once at start, so
 * nobody takes the node for an HTTPS or plain-HTTP API listener.
 */
export function warnIgnoredApiSettings(
  config: Pick<TaktConfig, 'role' | 'plainHttpPort' | 'tlsCertFile' | 'tlsKeyFile'>,
  logger: Logger,
): void {
  if (config.role !== 'engine') return;
  const ignored = (
    [
      ['plainHttpPort', config.plainHttpPort],
      ['tlsCertFile', config.tlsCertFile],
      ['tlsKeyFile', config.tlsKeyFile],
    ] as const
  )
    .filter(([, value]) => value !== undefined)
    .map(([name]) => name);
  if (ignored.length > 0)
    logger.warn(
      { ignored },
      'an engine-only node serves no API: these settings are ignored (its /healthz, /readyz and /metrics answer plain HTTP on port)',
    );
}
