import { rmSync } from 'node:fs';
import type { Clock } from '../ports/clock.js';
import type { IdSource } from '../ports/ids.js';
import type { Logger } from '../ports/logger.js';
import type { SecretBox } from '../ports/secret-box.js';
import type { Store } from '../ports/store.js';
import { PromMetrics, timedStore } from '../metrics/index.js';
import {
  AesGcmSecretBox,
  KeyringSecretBox,
  loadOrCreateSecretKey,
  type LoadedKey,
} from '../secrets/index.js';
import type { CleanupStack } from './cleanup-stack.js';
import { openClusterLink, type ClusterLink } from './cluster-link.js';
import { CryptoIdSource } from './crypto-id-source.js';
import { dataDirLayout, type DataDirLayout } from './data-dir.js';
import type { NodeConfig } from './node-id.js';
import { openConfiguredStore } from './open-store.js';
import { TenantChangeFeed } from '../store/open-store.js';
import { SystemClock } from './system-clock.js';
import { refuseNewKeyOverForeignSecrets, warnOfForeignSecrets } from './new-key-check.js';

/** What both roles of a node share: configuration, store, clock, secrets, metrics, cluster link. */
export interface NodeResources {
  readonly config: NodeConfig;
  readonly layout: DataDirLayout;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly store: Store;
  readonly metrics: PromMetrics;
  readonly secrets: SecretBox;
  readonly secretKeySource: 'config' | 'file' | 'generated';
  /** PostgreSQL only: wake-ups between nodes and the database clock. */
  readonly cluster: ClusterLink | undefined;
}

/** Opens the shared resources; each registers its close on the stack as it opens. */
export async function openNodeResources(
  config: NodeConfig,
  logger: Logger,
  stack: CleanupStack,
  givenClock: Clock | undefined,
): Promise<NodeResources> {
  const secretKey = loadOrCreateSecretKey({ keyBase64: config.secretKey, keyFile: config.secretKeyFile });
  try {
    return await openWithKey(config, logger, stack, givenClock, secretKey);
  } catch (err) {
    // A key this start made, which nothing has used yet: left behind, the next start would take it
    // for a key it was given and only warn of secrets sealed with another (docs/security.md, "A new
    // key on a store with secrets").
    if (secretKey.source === 'generated') rmSync(config.secretKeyFile, { force: true });
    throw err;
  }
}

async function openWithKey(
  config: NodeConfig,
  logger: Logger,
  stack: CleanupStack,
  givenClock: Clock | undefined,
  secretKey: LoadedKey,
): Promise<NodeResources> {
  if (config.store.kind === 'postgres' && secretKey.source !== 'config') {
    logger.warn(
      { keyFile: config.secretKeyFile },
      'with PostgreSQL every node must use the same secret key: set TAKT_SECRET_KEY (or copy the key file) on all nodes',
    );
  }
  // Per-node series: every node of a cluster exposes its own /metrics with its node id.
  const metrics = new PromMetrics({
    defaultLabels: { node: config.nodeId },
    cluster: config.store.kind === 'postgres',
    engine: config.role !== 'api',
  });
  // PostgreSQL: authentication's reads are cached while the cluster link listens for tenant changes.
  const tenantFeed = config.store.kind === 'postgres' ? new TenantChangeFeed() : undefined;
  const rawStore = stack.push(
    'store',
    await openConfiguredStore(config, {
      migrate: true,
      logger,
      metrics,
      ...(tenantFeed ? { tenantFeed } : {}),
    }),
    (s) => s.close(),
  );
  const store = timedStore(rawStore, metrics, () => performance.now());
  // PostgreSQL: wake-ups between nodes, and the database server's clock (an injected test clock stays as it is).
  const ownClock = givenClock ?? new SystemClock();
  const link = await openClusterLink(config, ownClock, logger, metrics, tenantFeed);
  const cluster = link ? stack.push('cluster link', link, (l) => l.close()) : undefined;
  const clock = givenClock ?? cluster?.clock ?? ownClock;
  // A key file is a key ring that `takt keys rotate` may change while the node runs; a key given
  // by configuration is fixed for the life of the process.
  const secrets =
    secretKey.source === 'config'
      ? new AesGcmSecretBox(secretKey.key)
      : new KeyringSecretBox({ keyFile: config.secretKeyFile, clock });
  if (secretKey.source === 'generated') {
    if (!config.allowNewSecretKey) await refuseNewKeyOverForeignSecrets(store, secrets, config.secretKeyFile);
  } else {
    const keySource = secretKey.source === 'config' ? 'TAKT_SECRET_KEY / secretKey' : config.secretKeyFile;
    await warnOfForeignSecrets(store, secrets, keySource, logger);
  }
  return {
    config,
    layout: dataDirLayout(config.dataDir),
    logger,
    clock,
    ids: new CryptoIdSource(),
    store,
    metrics,
    secrets,
    secretKeySource: secretKey.source,
    cluster,
  };
}
