/**
 * The table of every configuration option: its path in the config (and in the JSON config file),
 * its environment variable, its flag, its parser and its default. The loader walks this table, so
 * adding an option is one row here plus its JSDoc in types.ts.
 */
import { isIP } from 'node:net';
import { DEFAULT_PLANS, PLANS, type Plan } from '../domain/collection.js';
import { DEFAULT_WIRE_LIMITS, type WireLimits } from '../domain/limits.js';
import {
  ConfigError,
  base64Bytes,
  bool,
  duration,
  integer,
  list,
  oneOf,
  text,
  url,
  type Parser,
} from './values.js';

const DAY = 86_400_000;
const YEAR = 365 * DAY;

export interface OptionSpec {
  /** Dotted path in TaktConfig and in the config file, e.g. `engine.httpTimeoutMs`. */
  readonly path: string;
  readonly env?: string;
  /** Commander's camelCase name of the flag, e.g. `dataDir` for `--data-dir`. */
  readonly flag?: string;
  readonly parse: Parser<unknown>;
  /** A value, or a function of the options already resolved (rows are resolved in order). */
  readonly default: unknown;
  /** Resolved against the working directory (flags, env) or the config file's folder. */
  readonly isPath?: boolean;
  /** `null` (file) or `none` (env, flag) means "not set" and gives undefined. */
  readonly optional?: boolean;
}

/** Region list of docs/reference/behaviour.md §2. */
export const DEFAULT_REGIONS: readonly string[] = [
  'West US',
  'East US',
  'North Central US',
  'South Central US',
  'North Europe',
  'West Europe',
  'East Asia',
  'Southeast Asia',
  'Japan East',
  'Japan West',
  'Brazil South',
];

const pathText = text();
const cidrRule = 'must be `private` or an IPv4/IPv6 address or CIDR range';
const cidrish: Parser<string> = (raw, origin) => {
  const t = text()(raw, origin);
  if (t.toLowerCase() === 'private') return 'private';
  const [address = '', prefix, extra] = t.split('/');
  const version = isIP(address);
  const max = version === 4 ? 32 : 128;
  const ok =
    version !== 0 &&
    extra === undefined &&
    (prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= max));
  if (!ok) throw new ConfigError(`${origin}: ${cidrRule}, got '${t}'`);
  return t;
};
const hostname = text(/^[A-Za-z0-9._:[\]-]+$/, 'must be a host name or IP address');

const planRows = PLANS.flatMap((plan: Plan): OptionSpec[] => {
  const p = DEFAULT_PLANS[plan];
  const env = `TAKT_PLAN_${plan.toUpperCase()}`;
  return [
    {
      path: `plans.${plan}.maxJobCount`,
      env: `${env}_MAX_JOBS`,
      parse: integer(1, 1_000_000),
      default: p.maxJobCount,
    },
    {
      path: `plans.${plan}.minRecurrenceMs`,
      env: `${env}_MIN_RECURRENCE`,
      parse: duration(1000, YEAR),
      default: p.minRecurrenceMs,
    },
    {
      path: `plans.${plan}.maxCollectionsPerSubscription`,
      env: `${env}_MAX_COLLECTIONS`,
      parse: integer(1, 1_000_000),
      default: p.maxCollectionsPerSubscription,
      optional: true,
    },
    {
      path: `plans.${plan}.outboundAuthentication`,
      env: `${env}_OUTBOUND_AUTH`,
      parse: bool,
      default: p.outboundAuthentication,
    },
  ];
});

const limitEnv: Readonly<Record<keyof WireLimits, string>> = {
  maxDefinitionChars: 'TAKT_LIMIT_DEFINITION_CHARS',
  maxUriChars: 'TAKT_LIMIT_URI_CHARS',
  maxHeaders: 'TAKT_LIMIT_HEADERS',
  maxHeaderChars: 'TAKT_LIMIT_HEADER_CHARS',
  maxBodyChars: 'TAKT_LIMIT_BODY_CHARS',
  maxMessageChars: 'TAKT_LIMIT_MESSAGE_CHARS',
};
// Limits may only be raised (docs/reference/behaviour.md §7): the default is the minimum.
const limitRows = (Object.keys(limitEnv) as (keyof WireLimits)[]).map((key): OptionSpec => ({
  path: `limits.${key}`,
  env: limitEnv[key],
  parse: integer(DEFAULT_WIRE_LIMITS[key], 10_000_000),
  default: DEFAULT_WIRE_LIMITS[key],
}));

export function optionTable(): readonly OptionSpec[] {
  return [
    {
      path: 'dataDir',
      env: 'TAKT_DATA_DIR',
      flag: 'dataDir',
      parse: pathText,
      default: './data',
      isPath: true,
    },
    { path: 'host', env: 'TAKT_HOST', flag: 'host', parse: hostname, default: '127.0.0.1' },
    { path: 'port', env: 'TAKT_PORT', flag: 'port', parse: integer(0, 65535), default: 8443 },
    {
      path: 'databaseUrl',
      env: 'TAKT_DATABASE_URL',
      flag: 'databaseUrl',
      parse: text(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL'),
      default: undefined,
      optional: true,
    },
    {
      path: 'sqliteSynchronous',
      env: 'TAKT_SQLITE_SYNCHRONOUS',
      parse: oneOf(['full', 'normal'] as const),
      default: 'full',
    },
    {
      path: 'role',
      env: 'TAKT_ROLE',
      flag: 'role',
      parse: oneOf(['api', 'engine', 'all'] as const),
      default: 'all',
    },
    {
      path: 'nodeId',
      env: 'TAKT_NODE_ID',
      flag: 'nodeId',
      parse: text(/^[A-Za-z0-9._:-]{1,100}$/, 'must be 1-100 letters, digits, `.`, `_`, `:` or `-`'),
      // Absent = resolved at start (src/bootstrap/node-id.ts): kept in the data directory on SQLite.
      default: undefined,
      optional: true,
    },
    { path: 'secretKey', env: 'TAKT_SECRET_KEY', parse: base64Bytes(32), default: undefined, optional: true },
    {
      path: 'secretKeyFile',
      env: 'TAKT_SECRET_KEY_FILE',
      parse: pathText,
      default: (c: Record<string, unknown>) => `${String(c['dataDir'])}/secret.key`,
      isPath: true,
    },
    {
      path: 'tlsCertFile',
      env: 'TAKT_TLS_CERT_FILE',
      parse: pathText,
      default: undefined,
      isPath: true,
      optional: true,
    },
    {
      path: 'tlsKeyFile',
      env: 'TAKT_TLS_KEY_FILE',
      parse: pathText,
      default: undefined,
      isPath: true,
      optional: true,
    },
    {
      path: 'plainHttpPort',
      env: 'TAKT_HTTP_PORT',
      parse: integer(0, 65535),
      default: undefined,
      optional: true,
    },
    ...planRows,
    ...limitRows,
    { path: 'regions', env: 'TAKT_REGIONS', parse: list(text()), default: DEFAULT_REGIONS },
    { path: 'strictRegions', env: 'TAKT_STRICT_REGIONS', parse: bool, default: false },
    {
      path: 'operationRetentionMs',
      env: 'TAKT_OPERATION_RETENTION',
      parse: duration(60_000, YEAR),
      default: 7 * DAY,
    },
    { path: 'operationDelayMs', env: 'TAKT_OPERATION_DELAY', parse: duration(0, DAY), default: 0 },
    { path: 'engine.httpTimeoutMs', env: 'TAKT_HTTP_TIMEOUT', parse: duration(1000, DAY), default: 60_000 },
    {
      path: 'engine.minRetryIntervalMs',
      env: 'TAKT_MIN_RETRY_INTERVAL',
      parse: duration(1000, DAY),
      default: 15_000,
    },
    {
      path: 'engine.historyMaxEntries',
      env: 'TAKT_HISTORY_MAX_ENTRIES',
      parse: integer(1, 10_000_000),
      default: 1000,
    },
    {
      path: 'engine.historyMaxAgeMs',
      env: 'TAKT_HISTORY_MAX_AGE',
      parse: duration(60_000, 10 * YEAR),
      default: 60 * DAY,
    },
    {
      path: 'engine.finishedJobRetentionMs',
      env: 'TAKT_FINISHED_JOB_RETENTION',
      parse: duration(60_000, 10 * YEAR),
      default: 60 * DAY,
    },
    {
      path: 'engine.catchUp',
      env: 'TAKT_CATCH_UP',
      parse: oneOf(['coalesce', 'skip'] as const),
      default: 'coalesce',
    },
    {
      path: 'engine.latenessThresholdMs',
      env: 'TAKT_LATENESS_THRESHOLD',
      parse: duration(1000, DAY),
      default: 60_000,
    },
    {
      path: 'engine.leaseDurationMs',
      env: 'TAKT_LEASE_DURATION',
      parse: duration(3_000, DAY),
      default: 30_000,
    },
    {
      path: 'engine.maxConcurrentAttempts',
      env: 'TAKT_MAX_CONCURRENT_ATTEMPTS',
      parse: integer(1, 100_000),
      default: 256,
    },
    { path: 'engine.maxPerHost', env: 'TAKT_MAX_PER_HOST', parse: integer(1, 100_000), default: 32 },
    {
      path: 'engine.connectionsPerOrigin',
      env: 'TAKT_CONNECTIONS_PER_ORIGIN',
      parse: integer(1, 10_000),
      default: 64,
    },
    {
      path: 'api.rateLimitPerSecond',
      env: 'TAKT_API_RATE_LIMIT',
      parse: integer(0, 10_000_000),
      default: 2000,
    },
    { path: 'api.rateLimitBurst', env: 'TAKT_API_RATE_BURST', parse: integer(1, 10_000_000), default: 4000 },
    {
      path: 'api.maxInFlightRequests',
      env: 'TAKT_API_MAX_IN_FLIGHT',
      parse: integer(1, 1_000_000),
      default: 1000,
    },
    {
      path: 'api.headersTimeoutMs',
      env: 'TAKT_API_HEADERS_TIMEOUT',
      parse: duration(100, DAY),
      default: 10_000,
    },
    {
      path: 'api.requestTimeoutMs',
      env: 'TAKT_API_REQUEST_TIMEOUT',
      parse: duration(100, DAY),
      default: 30_000,
    },
    {
      path: 'api.keepAliveTimeoutMs',
      env: 'TAKT_API_KEEP_ALIVE_TIMEOUT',
      parse: duration(100, DAY),
      default: 5_000,
    },
    {
      path: 'api.connectionTimeoutMs',
      env: 'TAKT_API_CONNECTION_TIMEOUT',
      parse: duration(100, DAY),
      default: 60_000,
    },
    {
      path: 'api.publicBaseUrl',
      env: 'TAKT_PUBLIC_BASE_URL',
      parse: url(),
      default: undefined,
      optional: true,
    },
    {
      path: 'outbound.storageEndpointTemplate',
      env: 'TAKT_STORAGE_ENDPOINT',
      parse: url('{account}'),
      default: 'https://{account}.queue.core.windows.net',
    },
    {
      path: 'outbound.storageApiVersion',
      env: 'TAKT_STORAGE_VERSION',
      parse: text(/^\d{4}-\d{2}-\d{2}$/, 'must be a YYYY-MM-DD version'),
      default: '2020-10-02',
    },
    { path: 'outbound.storageBase64', env: 'TAKT_STORAGE_BASE64', parse: bool, default: false },
    {
      path: 'outbound.serviceBusEndpointTemplate',
      env: 'TAKT_SERVICE_BUS_ENDPOINT',
      parse: url('{namespace}'),
      default: 'https://{namespace}.servicebus.windows.net',
    },
    {
      path: 'outbound.oauthAuthority',
      env: 'TAKT_OAUTH_AUTHORITY',
      parse: url(),
      default: 'https://login.microsoftonline.com',
    },
    { path: 'outbound.egressDeny', env: 'TAKT_EGRESS_DENY', parse: list(cidrish), default: [] },
    {
      path: 'outbound.egressAllowLinkLocal',
      env: 'TAKT_EGRESS_ALLOW_LINK_LOCAL',
      parse: bool,
      default: false,
    },
    {
      path: 'outbound.extraCaFiles',
      env: 'TAKT_EXTRA_CA_FILES',
      parse: list(pathText),
      default: [],
      isPath: true,
    },
    {
      path: 'logLevel',
      env: 'TAKT_LOG_LEVEL',
      flag: 'logLevel',
      parse: oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const),
      default: 'info',
    },
  ];
}
