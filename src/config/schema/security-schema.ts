import { isIP } from 'node:net';
import { section } from '../config-option.js';
import { base64Bytes, bool, integer, invalid, list, text, type Parser } from '../values.js';

const { option, maybe } = section('security');

const cidrRule = '`private` or an IPv4/IPv6 address or CIDR range';
const cidrish: Parser<string> = Object.assign(
  (raw: unknown, origin: string): string => {
    const t = text(undefined, cidrRule)(raw, origin);
    if (t.toLowerCase() === 'private') return 'private';
    const [address = '', prefix, extra] = t.split('/');
    const version = isIP(address);
    const max = version === 4 ? 32 : 128;
    const ok =
      version !== 0 &&
      extra === undefined &&
      (prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= max));
    if (!ok) throw invalid(origin, cidrRule, t);
    return t;
  },
  { rule: cidrRule },
);

/** The secret key, the server certificate and the plain-HTTP listener. */
export const securitySchema = {
  secretKey: maybe({
    env: 'TAKT_SECRET_KEY',
    parse: base64Bytes(32),
    doc:
      'the secret key; wins over the key file. Environment ' +
      'or file only, never a flag (flags are visible in `ps`).',
  }),
  secretKeyFile: option({
    env: 'TAKT_SECRET_KEY_FILE',
    parse: text(undefined, 'a file path'),
    default: (c) => `${String(c['dataDir'])}/secret.key`,
    defaultDoc: '`<dataDir>/secret.key`',
    isPath: true,
    doc: 'key file; generated (0600) at first start when missing',
  }),
  allowNewSecretKey: option({
    env: 'TAKT_ALLOW_NEW_SECRET_KEY',
    parse: bool,
    default: false,
    doc:
      'opt-in: `true` lets a node that has just generated its key file start although the store ' +
      'holds job secrets sealed with keys it does not have (a lost key: those jobs fail until they ' +
      'are replaced with their secrets); by default such a start is refused (docs/security.md, ' +
      '"A new key on a store with secrets")',
  }),
  tlsCertFile: maybe({
    env: 'TAKT_TLS_CERT_FILE',
    parse: text(undefined, 'a file path'),
    isPath: true,
    doc:
      "the HTTPS server certificate (PEM) instead of the local CA's; needs `tlsKeyFile`. " +
      '`connection.json` then has no `caCertPath`.',
  }),
  tlsKeyFile: maybe({
    env: 'TAKT_TLS_KEY_FILE',
    parse: text(undefined, 'a file path'),
    isPath: true,
    doc: 'the private key (PEM, unencrypted) of `tlsCertFile`; both or neither. A pair that does not match is refused at start',
  }),
  plainHttpPort: maybe({
    env: 'TAKT_HTTP_PORT',
    parse: integer(0, 65535),
    defaultDoc: 'unset (off)',
    doc:
      'opt-in plain-HTTP listener on `host` (a port other than `port`); only bearer tokens ' +
      'authenticate there (there is no TLS ' +
      'client certificate). Use it only behind a TLS-terminating proxy or on a trusted network.',
  }),
};

/** Where jobs may connect to and which CAs they trust (under `outbound` in the configuration). */
export const egressSchema = {
  egressDeny: option({
    env: 'TAKT_EGRESS_DENY',
    parse: list(cidrish),
    default: [],
    doc:
      'CIDR ranges / addresses jobs may not contact; the word `private` adds loopback, RFC 1918, ' +
      'link-local (incl. 169.254.169.254), unique-local, CGNAT and `0.0.0.0/8` ' +
      '(docs/reference/scheduling-rules.md §10)',
  }),
  egressAllowLinkLocal: option({
    env: 'TAKT_EGRESS_ALLOW_LINK_LOCAL',
    parse: bool,
    default: false,
    doc:
      'opt-out: `true` allows link-local addresses (`169.254.0.0/16`, `fe80::/10`) and the cloud ' +
      'metadata addresses (`fd00:ec2::254`, `100.100.100.200`, `168.63.129.16`), which are denied by ' +
      'default (docs/security.md, Egress)',
  }),
  extraCaFiles: option({
    env: 'TAKT_EXTRA_CA_FILES',
    parse: list(text(undefined, 'a file path')),
    default: [],
    isPath: true,
    doc: 'PEM files of CAs trusted for outbound TLS besides the system store; a file without a certificate in it is refused at start',
  }),
};
