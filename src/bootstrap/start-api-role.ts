import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../api/api-deps.js';
import { buildApi } from '../api/build-api.js';
import { connectionGuard } from '../api/listener/connection-guard.js';
import type { AppDeps } from '../app/deps.js';
import { NodePfxInspector } from '../certificates/node-pfx-inspector.js';
import { registerDashboard } from '../dashboard/register-dashboard.js';
import type { EngineSignal } from '../ports/engine-signal.js';
import { watchServerCertificate } from './cert-reload.js';
import type { CleanupStack } from './cleanup-stack.js';
import { clusterSignal } from './cluster-link.js';
import { resolveConnectionLimits } from './connection-limits.js';
import { ensureAdmin, type AdminSetup } from './first-start/admin-setup.js';
import { writeConnection, type Connection } from './first-start/connection-file.js';
import { ensureTlsMaterial, type TlsMaterial } from './first-start/tls-material.js';
import type { NodeResources } from './node-resources.js';
import { startOperationPruner } from './operation-pruner.js';
import { listenError } from './listen-error.js';
import { registerOpsRoutes } from './ops-routes.js';
import { httpsServerOptions, plainServerTimeouts, withServerTimeouts } from './tls-options.js';
import { nodeIdLocked } from '../store/sqlite/node-lock.js';
import { TAKT_VERSION } from './version.js';

/** How often the server certificate files are checked for a replacement, ms (SIGHUP reloads at once). */
const CERT_POLL_MS = 2000;

export interface ApiRole {
  readonly url: string;
  readonly plainHttpUrl?: string;
  readonly connection: Connection;
  readonly admin: AdminSetup;
  readonly createdTls: { readonly ca: boolean; readonly serverCert: boolean };
}

/**
 * Starts the API of `--role api|all`: first-start material (CA, certificates, admin credentials),
 * the HTTPS listener with the dashboard and ops routes, the certificate watcher, the opt-in plain
 * HTTP listener and the operation-record pruner. Each registers its close on the stack.
 */
export async function startApiRole(
  node: NodeResources,
  engine: EngineSignal,
  stack: CleanupStack,
  isReady: () => boolean,
): Promise<ApiRole> {
  const { config, layout, store, clock, ids, metrics } = node;
  const tls = await ensureTlsMaterial(layout, config, clock.now());
  const app: AppDeps = {
    store,
    clock,
    ids,
    secrets: node.secrets,
    pfx: new NodePfxInspector(),
    engine: clusterSignal(engine, node.cluster),
    settings: {
      plans: config.plans,
      regions: config.regions,
      strictRegions: config.strictRegions,
      operationDelayMs: config.operationDelayMs,
      historyMaxEntries: config.engine.historyMaxEntries,
    },
  };
  // One set of connection caps for both listeners: they draw on the same file descriptors.
  const limits = resolveConnectionLimits(config.api, config.engine);
  const guard = connectionGuard(limits, { metrics, logger: node.logger, clock });
  node.logger.info({ ...limits }, 'api connection caps');
  // The deployment's definition rules: the API enforces them, the dashboard's preview checks them.
  const rules = { limits: config.limits, minRetryIntervalMs: config.engine.minRetryIntervalMs };
  const apiDeps: ApiDeps = {
    app,
    logger: node.logger.child({ role: 'api' }),
    version: TAKT_VERSION,
    isReady,
    ...rules,
    metrics,
    overload: config.api,
    connections: { maxConnections: limits.maxConnections, isReserve: (socket) => guard.isReserve(socket) },
    ...(config.api.publicBaseUrl !== undefined ? { publicBaseUrl: config.api.publicBaseUrl } : {}),
  };
  // Against slow clients (slow-loris): timeouts on the Node servers Takt creates.
  const tlsServer = withServerTimeouts(
    createHttpsServer(httpsServerOptions(tls.certPem, tls.keyPem, config.api)),
    config.api,
  );
  guard.attach(tlsServer);
  const https = buildApi(apiDeps, {
    createServer: (handler) => tlsServer.on('request', handler),
    // The web dashboard on the same port (HTTPS only: its session cookie is Secure).
    extend: (fastify) => {
      registerDashboard(fastify, { app, ...rules });
      registerOpsRoutes(fastify, { isReady, metrics });
    },
  });
  const url = await listen(https, config.host, config.port, 'https', stack, 'port');
  const stopWatching = watchServerCertificate(
    tlsServer,
    {
      certFile: config.tlsCertFile ?? layout.serverCert,
      keyFile: config.tlsKeyFile ?? layout.serverKey,
      pollMs: CERT_POLL_MS,
    },
    node.logger,
  );
  stack.push('certificate watcher', stopWatching, (stop) => stop());
  let plainHttpUrl: string | undefined;
  if (config.plainHttpPort !== undefined) {
    // Opt-in plain HTTP: there is no TLS, so only bearer tokens can authenticate on it.
    const plainServer: Server = withServerTimeouts(
      createHttpServer(plainServerTimeouts(config.api)),
      config.api,
    );
    guard.attach(plainServer);
    const plain = buildApi(apiDeps, { createServer: (handler) => plainServer.on('request', handler) });
    plainHttpUrl = await listen(plain, config.host, config.plainHttpPort, 'http', stack, 'plainHttpPort');
  }
  const pruner = startOperationPruner({ store, clock, logger: node.logger }, config.operationRetentionMs);
  stack.push('operation pruner', pruner, (p) => p.stop());
  const { admin, connection } = await adminProfile(node, tls, url, ownsConnectionFile(node));
  const createdTls = madeNow(tls.created, layout);
  return { url, ...(plainHttpUrl !== undefined ? { plainHttpUrl } : {}), connection, admin, createdTls };
}

/**
 * The admin's credentials and connection.json, last, once every listener is bound: a start that
 * fails before leaves none behind in the store (first-start/admin-setup.ts).
 */
async function adminProfile(
  { layout, store, clock, ids, logger }: NodeResources,
  tls: Pick<TlsMaterial, 'ca' | 'caCertPath'>,
  url: string,
  owns: boolean,
): Promise<{ admin: AdminSetup; connection: Connection }> {
  const admin = await ensureAdmin(layout, { store, clock, ids }, tls.ca, tls.caCertPath);
  const connection: Connection = { url, ...admin.connection };
  if (!owns && !admin.created) {
    logger.info(
      { connectionFile: layout.connectionFile },
      'connection.json left as the node serving this data directory wrote it (this process is API-only)',
    );
    return { admin, connection };
  }
  try {
    writeConnection(layout.connectionFile, connection);
  } catch (e) {
    await admin.undo();
    throw e;
  }
  return { admin, connection };
}

/**
 * Whether this process writes connection.json: not an API-only process beside the engine node of a
 * SQLite data directory (which holds the node lock), whose file the CLI's default profile follows;
 * rewritten with this process's port, it pointed at nothing once this process stopped.
 */
function ownsConnectionFile({ config, layout }: NodeResources): boolean {
  if (config.role !== 'api' || config.store.kind !== 'sqlite') return true;
  return !nodeIdLocked(config.dataDir, layout.nodeIdLock);
}

/** Listens and registers the close; answers the URL clients use. A failure names `portOption` or `host`. */
export async function listen(
  server: FastifyInstance,
  host: string,
  port: number,
  scheme: 'http' | 'https',
  stack: CleanupStack,
  portOption: 'port' | 'plainHttpPort',
): Promise<string> {
  try {
    await server.listen({ host, port });
  } catch (e) {
    throw listenError(e, host, port, portOption);
  }
  stack.push(`${scheme} listener`, server, (s) => s.close());
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

/** Which TLS files this start wrote (for the banner). */
function madeNow(created: readonly string[], layout: NodeResources['layout']): ApiRole['createdTls'] {
  return { ca: created.includes(layout.caCert), serverCert: created.includes(layout.serverCert) };
}
