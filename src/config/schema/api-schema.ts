import { section } from '../config-option.js';
import { duration, integer, url } from '../values.js';

const { option, maybe } = section('api');
const DAY = 86_400_000;

/** Protection of the API listener against floods and slow clients (docs/operations.md, Overload). */
export const apiSchema = {
  rateLimitPerSecond: option({
    env: 'TAKT_API_RATE_LIMIT',
    parse: integer(0, 10_000_000),
    default: 2000,
    doc:
      'requests per second one subscription may make on average (token bucket, refilled ' +
      'continuously); `0` = no limit',
  }),
  rateLimitBurst: option({
    env: 'TAKT_API_RATE_BURST',
    parse: integer(1, 10_000_000),
    default: 4000,
    doc: 'bucket size: requests a subscription may send at once after being idle',
  }),
  maxInFlightRequests: option({
    env: 'TAKT_API_MAX_IN_FLIGHT',
    parse: integer(1, 1_000_000),
    default: 1000,
    doc: 'requests handled at once by one listener; more are answered `503 ServerBusy`',
  }),
  headersTimeoutMs: option({
    env: 'TAKT_API_HEADERS_TIMEOUT',
    parse: duration(100, DAY),
    default: 10_000,
    doc: 'time a client has to send the request line and headers; at most `api.requestTimeoutMs`',
  }),
  requestTimeoutMs: option({
    env: 'TAKT_API_REQUEST_TIMEOUT',
    parse: duration(100, DAY),
    default: 30_000,
    doc: 'time a client has to send the whole request (headers and body)',
  }),
  keepAliveTimeoutMs: option({
    env: 'TAKT_API_KEEP_ALIVE_TIMEOUT',
    parse: duration(100, DAY),
    default: 5_000,
    doc: 'an idle keep-alive connection is closed after this',
  }),
  connectionTimeoutMs: option({
    env: 'TAKT_API_CONNECTION_TIMEOUT',
    parse: duration(100, DAY),
    default: 60_000,
    doc: 'a socket with no traffic at all (a stalled TLS handshake, a silent client) is closed after this',
  }),
  maxConnections: maybe({
    env: 'TAKT_API_MAX_CONNECTIONS',
    parse: integer(1, 1_000_000),
    // Decided at start from the file-descriptor limit (src/bootstrap/connection-limits.ts).
    defaultDoc: 'derived at start from the soft fd limit (Connection caps below; 248 at `ulimit -n 1024`)',
    doc:
      'open connections to the API listeners (HTTPS and plain HTTP together); beyond it and its ' +
      'monitoring reserve a new connection is closed before TLS',
  }),
  maxConnectionsPerAddress: maybe({
    env: 'TAKT_API_MAX_CONNECTIONS_PER_ADDRESS',
    parse: integer(1, 1_000_000),
    defaultDoc: 'a quarter of `api.maxConnections`',
    doc:
      'open connections from one client address (IPv6: one /64); more are closed before TLS. ' +
      "Behind a TCP proxy every client has the proxy's address: raise it to `api.maxConnections`",
  }),
  publicBaseUrl: maybe({
    env: 'TAKT_PUBLIC_BASE_URL',
    parse: url(),
    defaultDoc: "unset: the listener's scheme and the request's `Host`",
    doc:
      "the deployment's public base URL (e.g. `https://scheduler.example.com` behind a " +
      'TLS-terminating proxy): ARM list `nextLink`s start with it',
  }),
};
