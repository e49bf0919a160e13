import { BlockList, isIP } from 'node:net';
import { defaultDeniedRanges } from './default-deny.js';

/** Egress settings (docs/reference/scheduling-rules.md §10). */
export interface EgressOptions {
  /** IPv4/IPv6 CIDR ranges (`10.0.0.0/8`, `fd00::/8`) or single addresses that may not be contacted. */
  readonly deny?: readonly string[];
  /** `private` adds loopback, RFC 1918, link-local, unique-local, CGNAT and `0.0.0.0/8`. */
  readonly preset?: 'private';
  /**
   * Opt-out of the default denial of link-local addresses (169.254.0.0/16, fe80::/10) and the
   * well-known cloud metadata addresses (default-deny.ts). Default false: they are denied.
   */
  readonly allowLinkLocal?: boolean;
}

/** The ranges of the `private` preset. `::/128` is here because connecting to it reaches the local host. */
export const PRIVATE_RANGES: readonly string[] = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '::/128',
  '::1/128',
  'fc00::/7',
  'fe80::/10',
];

/** The effective policy in one sentence, for the start-up log line. */
export function describeEgressPolicy(options: EgressOptions = {}): string {
  const parts = [
    options.allowLinkLocal === true
      ? 'link-local and cloud metadata addresses ALLOWED (allowLinkLocal opt-out)'
      : `link-local and cloud metadata addresses denied (${defaultDeniedRanges(false).join(', ')})`,
    options.preset === 'private'
      ? `private ranges denied (${PRIVATE_RANGES.join(', ')})`
      : 'private ranges allowed',
  ];
  const extra = options.deny ?? [];
  parts.push(extra.length > 0 ? `also denied: ${extra.join(', ')}` : 'no other ranges denied');
  return `egress policy: ${parts.join('; ')}`;
}

/** Raised (never thrown to callers of the executor) when a resolved address is denied. */
export class EgressBlockedError extends Error {
  readonly code = 'ETAKT_EGRESS';
  constructor(readonly address: string) {
    super(`The destination address ${address} is blocked by the egress policy.`);
    this.name = 'EgressBlockedError';
  }
}

/** Parses `a.b.c.d/n`, `x::y/n` or a bare address into BlockList arguments; throws on anything else. */
export function parseCidr(text: string): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } {
  const [address = '', prefixText, extra] = text.trim().split('/');
  const version = isIP(address);
  if (version === 0 || extra !== undefined) throw new Error(`Invalid CIDR range '${text}'.`);
  const max = version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (!/^\d+$/.test(prefixText ?? String(max)) || prefix > max) {
    throw new Error(`Invalid CIDR range '${text}': the prefix must be 0..${max}.`);
  }
  return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

/** An IPv4-mapped IPv6 address (`::ffff:127.0.0.1`) reaches the IPv4 host, so it is judged as IPv4 too. */
function mappedIpv4(address: string): string | undefined {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return m?.[1];
}

/** Decides whether a resolved address may be contacted. Built once from the deployment settings. */
export class EgressPolicy {
  private readonly list = new BlockList();
  private readonly empty: boolean;

  constructor(options: EgressOptions = {}) {
    const ranges = [
      ...defaultDeniedRanges(options.allowLinkLocal === true),
      ...(options.preset === 'private' ? PRIVATE_RANGES : []),
      ...(options.deny ?? []),
    ];
    for (const range of ranges) {
      const { address, prefix, family } = parseCidr(range);
      this.list.addSubnet(address, prefix, family);
    }
    this.empty = ranges.length === 0;
  }

  /** True when `address` (an IP literal, brackets allowed) falls in a denied range. */
  blocks(address: string): boolean {
    if (this.empty) return false;
    const ip = address.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
    const version = isIP(ip);
    if (version === 0) return false;
    if (version === 4) return this.list.check(ip, 'ipv4');
    const v4 = mappedIpv4(ip);
    return this.list.check(ip, 'ipv6') || (v4 !== undefined && this.list.check(v4, 'ipv4'));
  }
}
