/**
 * What the egress policy denies when nothing is configured (docs/security.md, Egress). Link-local
 * addresses are never a job's legitimate target but are where cloud hosts answer with instance
 * credentials (the metadata services), so they are denied by default; the well-known metadata
 * addresses outside link-local are listed one by one. Private ranges (RFC 1918, loopback,
 * unique-local) stay allowed: calling internal services is the main use of a self-hosted scheduler.
 * `metadata.google.internal` and similar names need no entry: the check runs on the resolved
 * address, and they resolve to 169.254.169.254.
 */
export const LINK_LOCAL_RANGES: readonly string[] = ['169.254.0.0/16', 'fe80::/10'];

export const METADATA_ADDRESSES: readonly string[] = [
  // AWS instance metadata over IPv6 (inside fd00::/8, which stays allowed otherwise).
  'fd00:ec2::254/128',
  // Alibaba Cloud metadata (inside the CGNAT range 100.64.0.0/10).
  '100.100.100.200/32',
  // Azure's host agent endpoint (WireServer), a public address only the host answers.
  '168.63.129.16/32',
];

/** Ranges denied unless `allowLinkLocal` opts out. */
export function defaultDeniedRanges(allowLinkLocal: boolean): readonly string[] {
  return allowLinkLocal ? [] : [...LINK_LOCAL_RANGES, ...METADATA_ADDRESSES];
}
