import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { FastifyInstance } from 'fastify';
import { buildApi } from '../api/build-api.js';
import type { AppDeps } from '../app/deps.js';
import { NodePfxInspector } from '../certificates/pfx-inspector.js';
import { registerDashboard } from '../dashboard/register-dashboard.js';
import type { TaktConfig } from '../config/index.js';
import { createExecutors, describeEgressPolicy, type Executors } from '../executors/index.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { Store } from '../ports/store.js';
import { PromMetrics, timedStore } from '../metrics/index.js';
import { AesGcmSecretBox, KeyringSecretBox, loadOrCreateSecretKey } from '../secrets/index.js';
import { watchServerCertificate } from './cert-reload.js';
import { clusterSignal, openClusterLink } from './cluster-link.js';
import { CryptoIdSource } from './crypto-ids.js';
import { dataDirLayout, ensureDir } from './data-dir.js';
import { createEngineRole, type EngineRole } from './engine-role.js';
import { executorOptions } from './executor-options.js';
import { ensureAdmin, type AdminSetup } from './first-start/admin-setup.js';
import { writeConnection, type Connection } from './first-start/connection-file.js';
import { ensureTlsMaterial, type TlsMaterial } from './first-start/tls-material.js';
import { describeStore, openConfiguredStore } from './open-store.js';
import { startOperationPruner } from './operation-pruner.js';
import { buildOpsServer, registerOpsRoutes } from './ops-routes.js';
import { createLogger } from './pino-logger.js';
import { resolveNodeId } from './node-id.js';
import { SystemClock } from './system-clock.js';
import { httpsServerOptions, plainServerTimeouts, withServerTimeouts } from './tls-options.js';
import { TAKT_VERSION } from './version.js';

/** How often the server certificate files are checked for a replacement, ms (SIGHUP reloads at once). */
const CERT_POLL_MS = 2000;

export interface StartOptions {
  /** Default: the system clock. */
  readonly clock?: Clock;
  /** Where JSON log lines go; default standard error. */
  readonly logDestination?: NodeJS.WritableStream;
}

/** What `takt serve` reports once a node is up. */
export interface StartedInfo {
  readonly version: string;
  readonly role: TaktConfig['role'];
  readonly nodeId: string;
  readonly store: string;
  /** Base URL of the HTTPS API (absent for `--role engine`). */
  readonly url?: string;
  readonly plainHttpUrl?: string;
  /** `--role engine`: the plain-HTTP listener of /healthz, /readyz and /metrics. */
  readonly opsUrl?: string;
  readonly connection?: Connection;
  readonly connectionFile: string;
  /** This start created the admin credentials (first start). */
  readonly firstStart: boolean;
  readonly createdSubscription: boolean;
  readonly secretKeySource: 'config' | 'file' | 'generated';
}

export interface RunningNode {
  readonly info: StartedInfo;
  readonly logger: Logger;
  /** Stops accepting requests, stops the engine gracefully, closes the store. Idempotent. */
  stop(): Promise<void>;
}

/**
 * The composition root of a `takt serve` process: builds every adapter from the config, runs first
 * start, and starts the roles the config asks for. Anything that fails on the way is closed again.
 */
export async function startNode(given: TaktConfig, options: StartOptions = {}): Promise<RunningNode> {
  let clock = options.clock ?? new SystemClock();
  const ids = new CryptoIdSource();
  const layout = dataDirLayout(given.dataDir);
  ensureDir(given.dataDir);
  const config = resolveNodeId(given);
  const { logger, pino } = createLogger({
    level: config.logLevel,
    nodeId: config.nodeId,
    ...(options.logDestination ? { destination: options.logDestination } : {}),
  });
  const cleanups: (() => Promise<void>)[] = [];
  const closeAll = async (): Promise<void> => {
    for (const c of cleanups.splice(0).reverse()) {
      try {
        await c();
      } catch (e) {
        logger.warn({ err: e instanceof Error ? e.message : String(e) }, 'error while stopping');
      }
    }
    pino.flush();
  };

  try {
    const secretKey = loadOrCreateSecretKey({ keyBase64: config.secretKey, keyFile: config.secretKeyFile });
    if (config.databaseUrl !== undefined && secretKey.source !== 'config') {
      logger.warn(
        { keyFile: config.secretKeyFile },
        'with PostgreSQL every node must use the same secret key: set TAKT_SECRET_KEY (or copy the key file) on all nodes',
      );
    }
    const rawStore = await openConfiguredStore(config, { migrate: true, logger });
    cleanups.push(() => rawStore.close());
    // Per-node series: every node of a cluster exposes its own /metrics with its node id.
    const metrics = new PromMetrics({ defaultLabels: { node: config.nodeId } });
    const store = timedStore(rawStore, metrics, () => performance.now());
    // PostgreSQL: wake-ups between nodes, and the database server's clock (an injected test clock stays as it is).
    const cluster = await openClusterLink(config, clock, logger, metrics);
    if (cluster) {
      cleanups.push(() => cluster.close());
      if (!options.clock) clock = cluster.clock;
    }

    const serveApi = config.role !== 'engine';
    const runEngine = config.role !== 'api';
    let tls: TlsMaterial | undefined;
    let admin: AdminSetup | undefined;
    if (serveApi) {
      tls = await ensureTlsMaterial(layout, config, clock.now());
      admin = await ensureAdmin(layout, { store, clock, ids }, tls.ca, tls.caCertPath);
    }

    let executors: Executors | undefined;
    if (runEngine) {
      const executorSettings = executorOptions(config, clock, TAKT_VERSION);
      executors = createExecutors(executorSettings);
      logger.info({ egress: describeEgressPolicy(executorSettings.egress) }, 'egress policy');
      const ex = executors;
      cleanups.push(() => ex.close());
    }
    // A key file is a key ring that `takt keys rotate` may change while the node runs; a key given
    // by configuration is fixed for the life of the process.
    const secrets =
      secretKey.source === 'config'
        ? new AesGcmSecretBox(secretKey.key)
        : new KeyringSecretBox({ keyFile: config.secretKeyFile, clock });
    const engine: EngineRole = createEngineRole({
      config,
      store,
      clock,
      ids,
      secrets,
      logger,
      executors,
      metrics,
    });
    cluster?.onWake(() => engine.wake());
    const app: AppDeps = {
      store,
      clock,
      ids,
      secrets,
      pfx: new NodePfxInspector(),
      engine: clusterSignal(engine.signal, cluster),
      settings: {
        plans: config.plans,
        regions: config.regions,
        strictRegions: config.strictRegions,
        operationDelayMs: config.operationDelayMs,
      },
    };
    // The engine stops before the store closes (cleanups run in reverse order).
    cleanups.push(() => engine.stop());

    let ready = false;
    let url: string | undefined;
    let plainHttpUrl: string | undefined;
    if (serveApi && tls) {
      const apiDeps = {
        app,
        logger: logger.child({ role: 'api' }),
        version: TAKT_VERSION,
        isReady: () => ready,
        limits: config.limits,
        minRetryIntervalMs: config.engine.minRetryIntervalMs,
        metrics,
        overload: config.api,
      };
      // Against slow clients (slow-loris): timeouts on the Node servers Takt creates.
      const tlsServer = withServerTimeouts(
        createHttpsServer(httpsServerOptions(tls.certPem, tls.keyPem, config.api)),
        config.api,
      );
      const https = buildApi(apiDeps, {
        createServer: (handler) => tlsServer.on('request', handler),
        // The web dashboard on the same port (HTTPS only: its session cookie is Secure).
        extend: (fastify) => {
          registerDashboard(fastify, { app });
          registerOpsRoutes(fastify, { isReady: () => ready, metrics });
        },
      });
      url = await listen(https, config.host, config.port, 'https', cleanups);
      const stopWatching = watchServerCertificate(
        tlsServer,
        {
          certFile: config.tlsCertFile ?? layout.serverCert,
          keyFile: config.tlsKeyFile ?? layout.serverKey,
          pollMs: CERT_POLL_MS,
        },
        logger,
      );
      cleanups.push(() => Promise.resolve(stopWatching()));
      if (config.plainHttpPort !== undefined) {
        // Opt-in plain HTTP: there is no TLS, so only bearer tokens can authenticate on it.
        const plainServer = withServerTimeouts(createHttpServer(plainServerTimeouts(config.api)), config.api);
        const plain = buildApi(apiDeps, { createServer: (handler) => plainServer.on('request', handler) });
        plainHttpUrl = await listen(plain, config.host, config.plainHttpPort, 'http', cleanups);
      }
    }

    let opsUrl: string | undefined;
    if (!serveApi)
      opsUrl = await listen(
        buildOpsServer({ isReady: () => ready, metrics }),
        config.host,
        config.port,
        'http',
        cleanups,
      );

    if (serveApi) {
      const pruner = startOperationPruner({ store, clock, logger }, config.operationRetentionMs);
      cleanups.push(() => pruner.stop());
    }

    let connection: Connection | undefined;
    if (admin && url !== undefined) {
      connection = { url, ...admin.connection };
      writeConnection(layout.connectionFile, connection);
    }
    await engine.start();
    ready = true;
    const info: StartedInfo = {
      version: TAKT_VERSION,
      role: config.role,
      nodeId: config.nodeId,
      store: describeStore(config),
      ...(url !== undefined ? { url } : {}),
      ...(plainHttpUrl !== undefined ? { plainHttpUrl } : {}),
      ...(opsUrl !== undefined ? { opsUrl } : {}),
      ...(connection ? { connection } : {}),
      connectionFile: layout.connectionFile,
      firstStart: admin?.created ?? false,
      createdSubscription: admin?.createdSubscription ?? false,
      secretKeySource: secretKey.source,
    };
    logger.info({ url, role: config.role, store: info.store, version: TAKT_VERSION }, 'takt started');
    let stopping: Promise<void> | undefined;
    return {
      info,
      logger,
      stop: () => {
        ready = false;
        stopping ??= closeAll().then(() => logger.info({}, 'takt stopped'));
        return stopping;
      },
    };
  } catch (e) {
    await closeAll();
    throw e;
  }
}

async function listen(
  server: FastifyInstance,
  host: string,
  port: number,
  scheme: 'http' | 'https',
  cleanups: (() => Promise<void>)[],
): Promise<string> {
  await server.listen({ host, port });
  cleanups.push(() => server.close());
  const address = server.server.address();
  const bound = typeof address === 'object' && address !== null ? address.port : port;
  return `${scheme}://${urlHost(host)}:${bound}`;
}

/** A wildcard address is reached through the loopback; IPv6 literals need brackets in a URL. */
function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::' || host === '[::]') return '[::1]';
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

export type { Store };
