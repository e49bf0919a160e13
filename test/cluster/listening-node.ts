// A `takt serve` node's store as the cached-reads tests need it (docs/store.md, "Cached
// credentials", "Cached collections"): a fresh PostgreSQL database, the node's store with a tenant
// feed fed by its real cluster link (LISTEN), and the admin CLI's store beside it (no feed, no
// LISTEN connection; its writes notify through the database's triggers).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openClusterLink, type ClusterLink } from '../../src/bootstrap/cluster-link.js';
import { resolveNodeId } from '../../src/bootstrap/node-id.js';
import { openConfiguredStore } from '../../src/bootstrap/open-store.js';
import { createLogger } from '../../src/bootstrap/pino-logger.js';
import { SystemClock } from '../../src/bootstrap/system-clock.js';
import { loadConfig } from '../../src/config/index.js';
import type { Store } from '../../src/ports/store.js';
import { openPostgresStore, TenantChangeFeed } from '../../src/store/open-store.js';
import { freshDatabase, type PgDatabase } from '../../support/postgres.js';

/** A feed whose next notification can be awaited. */
export class WatchedFeed extends TenantChangeFeed {
  private waiting: (() => void)[] = [];
  notifications = 0;
  override changed(): void {
    super.changed();
    this.notifications += 1;
    for (const resolve of this.waiting.splice(0)) resolve();
  }
  next(): Promise<void> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }
  /** Resolves once `n` notifications arrived in all. */
  async reached(n: number): Promise<void> {
    while (this.notifications < n) await this.next();
  }
}

export interface ListeningNode {
  readonly db: PgDatabase;
  readonly node: Store;
  readonly admin: Store;
  readonly feed: WatchedFeed;
  close(): Promise<void>;
}

export async function openListeningNode(prefix: string): Promise<ListeningNode> {
  const db = await freshDatabase(prefix);
  const config = resolveNodeId(
    loadConfig({ cwd: mkdtempSync(join(tmpdir(), `${prefix}-`)), env: { TAKT_DATABASE_URL: db.url } }),
  );
  const { logger } = createLogger({ level: 'silent', nodeId: config.nodeId });
  const feed = new WatchedFeed();
  const node = await openConfiguredStore(config, { tenantFeed: feed });
  const link: ClusterLink = (await openClusterLink(config, new SystemClock(), logger, undefined, feed))!;
  const admin = await openPostgresStore({ url: db.url });
  return {
    db,
    node,
    admin,
    feed,
    close: async () => {
      await link.close();
      await node.close();
      await admin.close();
      await db.drop();
    },
  };
}
