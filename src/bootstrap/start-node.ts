import { suppliedServerPair } from './first-start/tls-material.js';
import type { TaktConfig } from '../config/index.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import { CleanupStack } from './cleanup-stack.js';
import { dataDirLayout, ensureDir } from './data-dir.js';
import { privateFiles, tightenPrivateFiles, warnOpenStore } from './private-files.js';
import { warnIgnoredApiSettings } from './role-settings.js';
import type { Connection } from './first-start/connection-file.js';
import { resolveNodeId } from './node-id.js';
import { lockNodeId } from '../store/sqlite/node-lock.js';
import { openNodeResources } from './node-resources.js';
import { describeStore } from './open-store.js';
import { buildOpsServer } from './ops-routes.js';
import { createLogger } from './pino-logger.js';
import { listen, startApiRole, type ApiRole } from './start-api-role.js';
import { startEngineRole } from './start-engine-role.js';
import { TAKT_VERSION } from './version.js';

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
  /** What this start made of the TLS material: the local CA, a (new) server certificate. */
  readonly createdTls: { readonly ca: boolean; readonly serverCert: boolean };
  readonly secretKeySource: 'config' | 'file' | 'generated';
}

export interface RunningNode {
  readonly info: StartedInfo;
  readonly logger: Logger;
  /** Stops accepting requests, stops the engine gracefully, closes the store. Idempotent. */
  stop(): Promise<void>;
}

/**
 * The composition root of a `takt serve` process: the shared resources (store, clock, secrets,
 * metrics, cluster link), then the roles the config asks for — the engine, then the API (or, on an
 * engine-only node, the ops listener). Everything registers its close on one cleanup stack as it
 * opens, so stopping (or a failure half-way) closes in exactly the reverse order.
 */
export async function startNode(given: TaktConfig, options: StartOptions = {}): Promise<RunningNode> {
  // Checked before anything is written: a broken pair must not leave a half-made data directory.
  if (given.role !== 'engine') suppliedServerPair(given);
  ensureDir(given.dataDir);
  const config = resolveNodeId(given);
  const { logger, pino } = createLogger({
    level: config.logLevel,
    nodeId: config.nodeId,
    ...(options.logDestination ? { destination: options.logDestination } : {}),
  });
  const stack = new CleanupStack(logger);
  let ready = false;
  const isReady = (): boolean => ready;
  try {
    // On SQLite the node id is the data directory's: one engine per directory (store/sqlite/node-lock.ts).
    const layout = dataDirLayout(config.dataDir);
    if (given.nodeId === undefined && config.store.kind === 'sqlite' && config.role !== 'api')
      stack.push('node id lock', lockNodeId(config.dataDir, layout.nodeIdLock), (lock) => lock.release());
    tightenPrivateFiles(privateFiles(layout, config.secretKeyFile), logger);
    warnIgnoredApiSettings(config, logger);
    if (config.store.kind === 'sqlite') warnOpenStore(layout.sqliteFile, logger);
    const node = await openNodeResources(config, logger, stack, options.clock);
    const engine = startEngineRole(node, stack);
    let api: ApiRole | undefined;
    let opsUrl: string | undefined;
    if (config.role !== 'engine') api = await startApiRole(node, engine, stack, isReady);
    else
      opsUrl = await listen(
        buildOpsServer({ isReady, metrics: node.metrics }),
        config.host,
        config.port,
        'http',
        stack,
        'port',
      );
    ready = true;
    const info: StartedInfo = {
      version: TAKT_VERSION,
      role: config.role,
      nodeId: config.nodeId,
      store: describeStore(config),
      ...(api ? { url: api.url, connection: api.connection } : {}),
      ...(api?.plainHttpUrl !== undefined ? { plainHttpUrl: api.plainHttpUrl } : {}),
      ...(opsUrl !== undefined ? { opsUrl } : {}),
      connectionFile: node.layout.connectionFile,
      firstStart: api?.admin.created ?? false,
      createdSubscription: api?.admin.createdSubscription ?? false,
      createdTls: api?.createdTls ?? { ca: false, serverCert: false },
      secretKeySource: node.secretKeySource,
    };
    logger.info(
      { url: api?.url, role: config.role, store: info.store, version: TAKT_VERSION },
      'takt started',
    );
    let stopping: Promise<void> | undefined;
    return {
      info,
      logger,
      stop: () => {
        ready = false;
        stopping ??= stack.close().then(() => {
          logger.info({}, 'takt stopped');
          pino.flush();
        });
        return stopping;
      },
    };
  } catch (e) {
    await stack.close();
    pino.flush();
    throw e;
  }
}
