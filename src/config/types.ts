import type { PlanTable } from '../domain/collection.js';
import type { WireLimits } from '../domain/limits.js';
import type { CatchUpMode } from '../domain/occurrence.js';

export type { CatchUpMode };

/** The store of a node: the SQLite file in the data directory, or PostgreSQL at `databaseUrl`. */
export type StoreChoice = { readonly kind: 'sqlite' } | { readonly kind: 'postgres'; readonly url: string };

/** Which parts of Takt a process runs (`--role`). */
export type Role = 'api' | 'engine' | 'all';

/** SQLite durability of commits (docs/operations.md, Durability). */
export type SqliteSynchronous = 'full' | 'normal';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** Settings of the execution engine (docs/reference/behaviour.md §5, §8, §11). */
export interface EngineConfig {
  /** Per-attempt timeout of HTTP actions (and Storage/Service Bus sends), ms. Default 60 000. Env `TAKT_HTTP_TIMEOUT`. */
  readonly httpTimeoutMs: number;
  /** Shortest retry interval a job may ask for, ms. Default 15 000. Env `TAKT_MIN_RETRY_INTERVAL`. */
  readonly minRetryIntervalMs: number;
  /** History entries kept per job (newest first). Default 1000. Env `TAKT_HISTORY_MAX_ENTRIES`. */
  readonly historyMaxEntries: number;
  /** History entries older than this are pruned, ms. Default 60 days. Env `TAKT_HISTORY_MAX_AGE`. */
  readonly historyMaxAgeMs: number;
  /** Completed and faulted jobs are deleted this long after they finished, ms. Default 60 days. Env `TAKT_FINISHED_JOB_RETENTION`. */
  readonly finishedJobRetentionMs: number;
  /** Missed-occurrence mode. Default `coalesce`. Env `TAKT_CATCH_UP`. */
  readonly catchUp: CatchUpMode;
  /** An occurrence later than this past its due time counts as missed, ms. Default 60 000. Env `TAKT_LATENESS_THRESHOLD`. */
  readonly latenessThresholdMs: number;
  /** How long a claimed occurrence stays leased to this node before another node may redeliver it (renewed every third of it while the attempt runs), ms. Default 30 000. Env `TAKT_LEASE_DURATION`. */
  readonly leaseDurationMs: number;
  /** Attempts running at once in this process. Default 256. Env `TAKT_MAX_CONCURRENT_ATTEMPTS`. */
  readonly maxConcurrentAttempts: number;
  /** Attempts running at once against one target host (HTTP host, storage account, namespace). Default 32. Env `TAKT_MAX_PER_HOST`. */
  readonly maxPerHost: number;
  /** Keep-alive connections per outbound origin. Default 64. Env `TAKT_CONNECTIONS_PER_ORIGIN`. */
  readonly connectionsPerOrigin: number;
}

/** Outbound connection settings shared by the executors (docs/reference/behaviour.md §6, §10, §11). */
export interface OutboundConfig {
  /** Storage queue endpoint; `{account}` is replaced. Default `https://{account}.queue.core.windows.net`. Env `TAKT_STORAGE_ENDPOINT`. */
  readonly storageEndpointTemplate: string;
  /** `x-ms-version` sent to Storage. Default `2020-10-02`. Env `TAKT_STORAGE_VERSION`. */
  readonly storageApiVersion: string;
  /** Put queue messages as base64. Default false. Env `TAKT_STORAGE_BASE64`. */
  readonly storageBase64: boolean;
  /** Service Bus endpoint; `{namespace}` is replaced. Default `https://{namespace}.servicebus.windows.net`. Env `TAKT_SERVICE_BUS_ENDPOINT`. */
  readonly serviceBusEndpointTemplate: string;
  /** Authority of ActiveDirectoryOAuth token requests. Default `https://login.microsoftonline.com`. Env `TAKT_OAUTH_AUTHORITY`. */
  readonly oauthAuthority: string;
  /** CIDR ranges or addresses that may not be contacted; the word `private` adds the private preset. Default none. Env `TAKT_EGRESS_DENY` (comma-separated). */
  readonly egressDeny: readonly string[];
  /** Opt out of the default denial of link-local addresses (169.254.0.0/16, fe80::/10) and the well-known cloud metadata addresses. Default false (denied). Env `TAKT_EGRESS_ALLOW_LINK_LOCAL`. */
  readonly egressAllowLinkLocal: boolean;
  /** PEM files of CAs trusted for outbound TLS besides the system store. Default none. Env `TAKT_EXTRA_CA_FILES` (comma-separated). */
  readonly extraCaFiles: readonly string[];
}

/** Protection of the API listener against floods and slow clients (docs/operations.md, Overload). */
export interface ApiServerConfig {
  /** Requests per second one subscription may make, refilled continuously; 0 = no limit. Default 2000. Env `TAKT_API_RATE_LIMIT`. */
  readonly rateLimitPerSecond: number;
  /** Token-bucket size: how many requests a subscription may send at once after being idle. Default 4000. Env `TAKT_API_RATE_BURST`. */
  readonly rateLimitBurst: number;
  /** Requests handled at once by this listener; more are answered 503 ServerBusy. Default 1000. Env `TAKT_API_MAX_IN_FLIGHT`. */
  readonly maxInFlightRequests: number;
  /** Time a client has to send the request headers, ms. Default 10 000. Env `TAKT_API_HEADERS_TIMEOUT`. */
  readonly headersTimeoutMs: number;
  /** Time a client has to send the whole request, ms (at least headersTimeoutMs). Default 30 000. Env `TAKT_API_REQUEST_TIMEOUT`. */
  readonly requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this, ms. Default 5 000. Env `TAKT_API_KEEP_ALIVE_TIMEOUT`. */
  readonly keepAliveTimeoutMs: number;
  /** A socket with no traffic at all (e.g. a TLS handshake that stalls) is closed after this, ms. Default 60 000. Env `TAKT_API_CONNECTION_TIMEOUT`. */
  readonly connectionTimeoutMs: number;
  /** The deployment's public base URL (e.g. behind a TLS-terminating proxy), the start of ARM `nextLink`s; default: the listener's scheme and the request's Host. Env `TAKT_PUBLIC_BASE_URL`. */
  readonly publicBaseUrl?: string;
}

/** The one validated, frozen configuration of a Takt process. Precedence: flags > env > file > defaults. */
export interface TaktConfig {
  /** Where the SQLite file, keys, certificates and connection.json live. Default `./data`. Flag `--data-dir`, env `TAKT_DATA_DIR`. Absolute after loading. */
  readonly dataDir: string;
  /** Address of the HTTPS listener. Default `127.0.0.1`. Flag `--host`, env `TAKT_HOST`. */
  readonly host: string;
  /** Port of the HTTPS listener (0 = any free port). Default 8443. Flag `--port`, env `TAKT_PORT`. */
  readonly port: number;
  /** PostgreSQL URL; absent = the SQLite file `takt.db` in the data directory. Flag `--database-url`, env `TAKT_DATABASE_URL`. */
  readonly databaseUrl: string | undefined;
  /** Which store `databaseUrl` selects, decided once when the configuration is loaded. */
  readonly store: StoreChoice;
  /**
   * SQLite's `synchronous` setting (WAL mode). `full` (default): every commit — each acknowledged API
   * write, each engine batch — is fsynced before it is acknowledged, so it survives a power loss.
   * `normal`: commits survive a process crash but the last ones may be lost on power loss; faster
   * single writes. Env `TAKT_SQLITE_SYNCHRONOUS`.
   */
  readonly sqliteSynchronous: SqliteSynchronous;
  /** What this process runs. Default `all`. Flag `--role`, env `TAKT_ROLE`. */
  readonly role: Role;
  /**
   * This node's name in leases and logs. Absent = resolved at start: on SQLite a random id kept in
   * `<dataDir>/node-id`, on PostgreSQL `<hostname>-<pid>`. Flag `--node-id`, env `TAKT_NODE_ID`.
   */
  readonly nodeId: string | undefined;
  /** The 32-byte secret key as base64; absent = the key file. Env `TAKT_SECRET_KEY` (not a flag: flags show in `ps`). */
  readonly secretKey: string | undefined;
  /** File holding the secret key, created (0600) on first start if missing. Default `<dataDir>/secret.key`. Env `TAKT_SECRET_KEY_FILE`. */
  readonly secretKeyFile: string;
  /** Server certificate PEM supplied by the deployment; absent = issued by the local CA. Env `TAKT_TLS_CERT_FILE`. */
  readonly tlsCertFile: string | undefined;
  /** Private key of `tlsCertFile`. Env `TAKT_TLS_KEY_FILE`. */
  readonly tlsKeyFile: string | undefined;
  /** Port of the opt-in plain-HTTP listener (bearer tokens only); absent = off. Env `TAKT_HTTP_PORT`. */
  readonly plainHttpPort: number | undefined;
  /** Plan limits (docs/reference/behaviour.md §7), including per-subscription collection caps. Config file only (`plans`). */
  readonly plans: PlanTable;
  /** Size limits of job definitions; may only be raised. Config file only (`limits`). */
  readonly limits: WireLimits;
  /** Regions offered and, when strict, allowed. Default the §2 list. Env `TAKT_REGIONS` (comma-separated). */
  readonly regions: readonly string[];
  /** Require a cloud service's GeoRegion to be in `regions`. Default false. Env `TAKT_STRICT_REGIONS`. */
  readonly strictRegions: boolean;
  /** Operation records are kept this long, ms. Default 7 days. Env `TAKT_OPERATION_RETENTION`. */
  readonly operationRetentionMs: number;
  /** Asynchronous operations report InProgress this long, ms. Default 0. Env `TAKT_OPERATION_DELAY`. */
  readonly operationDelayMs: number;
  readonly engine: EngineConfig;
  readonly api: ApiServerConfig;
  readonly outbound: OutboundConfig;
  /** Log level. Default `info`. Env `TAKT_LOG_LEVEL`. */
  readonly logLevel: LogLevel;
}
