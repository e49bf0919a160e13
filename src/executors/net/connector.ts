import { lookup as dnsLookup } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { buildConnector } from 'undici';
import { EgressBlockedError, type EgressPolicy } from '../egress/policy.js';

export interface ConnectorOptions {
  readonly policy: EgressPolicy;
  readonly lookup?: LookupFunction;
  /** Trusted CAs; absent = Node's default store. */
  readonly ca?: readonly string[];
  /** Client certificate for mutual TLS. */
  readonly pfx?: Buffer;
  readonly passphrase?: string;
  readonly connectTimeoutMs: number;
}

/**
 * Wraps the resolver so that the egress check sees the address the socket will really use: the
 * check happens inside the connect, after resolution, so a name that re-binds to a denied address
 * between two look-ups cannot slip through. Denied answers are dropped; if none is left the
 * connection fails with EgressBlockedError.
 */
export function guardedLookup(policy: EgressPolicy, lookup: LookupFunction = dnsLookup): LookupFunction {
  return (hostname, options, callback) => {
    lookup(hostname, options, (err, address, family) => {
      if (err) return callback(err, address, family);
      if (Array.isArray(address)) {
        const list = address;
        const allowed = list.filter((a) => !policy.blocks(a.address));
        const first = list[0];
        if (allowed.length === 0 && first) return callback(new EgressBlockedError(first.address), []);
        return callback(null, allowed);
      }
      const single = address;
      if (policy.blocks(single)) return callback(new EgressBlockedError(single), '', family);
      return callback(null, single, family);
    });
  };
}

/** An undici connector that applies the egress policy to IP literals and to every resolved name. */
export function guardedConnector(options: ConnectorOptions): buildConnector.connector {
  const base = buildConnector({
    lookup: guardedLookup(options.policy, options.lookup),
    timeout: options.connectTimeoutMs,
    ...(options.ca ? { ca: [...options.ca] } : {}),
    ...(options.pfx ? { pfx: options.pfx, passphrase: options.passphrase ?? '' } : {}),
  });
  return (connectOptions, callback) => {
    // net.connect skips the resolver for IP literals, so they are checked here.
    const host = connectOptions.hostname.replace(/^\[(.*)\]$/, '$1');
    if (isIP(host) !== 0 && options.policy.blocks(host)) {
      callback(new EgressBlockedError(host), null);
      return;
    }
    base(connectOptions, callback);
  };
}
