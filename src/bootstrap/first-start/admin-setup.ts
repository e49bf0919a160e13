import { extend } from '../../domain/extend.js';
import { addCertificate, removeCertificate } from '../../app/admin/certificates.js';
import { certificateFacts } from '../../app/admin/credentials.js';
import { defaultSubscription } from '../../app/admin/subscriptions.js';
import { issueToken, revokeToken } from '../../app/admin/tokens.js';
import type { Clock } from '../../ports/clock.js';
import type { IdSource } from '../../ports/ids.js';
import type { Store } from '../../ports/store.js';
import { writeFileAtomic, type DataDirLayout } from '../data-dir.js';
import { readConnection, type Connection } from './connection-file.js';
import { issueClientCert, type PemPair } from './pki.js';

export interface AdminSetup {
  /** The connection profile without its URL (known only once the listener is bound). */
  readonly connection: Omit<Connection, 'url'>;
  /** True when this start created the credentials (first start). */
  readonly created: boolean;
  readonly createdSubscription: boolean;
  /**
   * Takes back what this start made in the store (the certificate and the token; a subscription it
   * created stays, as the next start's default), for a start that fails before connection.json
   * holds the credentials: nobody else has them, and the next start issues its own.
   */
  undo(): Promise<void>;
}

const NOTHING_TO_UNDO = (): Promise<void> => Promise.resolve();

/**
 * First start (docs/reference/classic-operations.md §2.3): when the data directory has no connection profile, make
 * the administrator's credentials — a management certificate and an API token — for the default subscription,
 * creating that subscription (registered) when the store has none. A node joining a PostgreSQL cluster with
 * an empty data directory therefore gets its own admin credentials for the cluster's oldest subscription
 * instead of a second default subscription.
 *
 * Called once the listeners are bound (start-api-role.ts): a start that fails before (a port in use)
 * leaves no credentials in the store that no connection.json names.
 */
export async function ensureAdmin(
  layout: DataDirLayout,
  deps: { store: Store; clock: Clock; ids: IdSource },
  ca: PemPair,
  caCertPath: string | undefined,
): Promise<AdminSetup> {
  const existing = readConnection(layout.connectionFile);
  if (existing) {
    // The CA follows this start's TLS setting: a data directory switched to a supplied server
    // certificate (or back to the local CA) must not keep pointing clients at the other one.
    const { url: _url, caCertPath: _ca, ...rest } = existing;
    return {
      connection: extend(rest, caCertPath !== undefined ? { caCertPath } : {}),
      created: false,
      createdSubscription: false,
      undo: NOTHING_TO_UNDO,
    };
  }
  const { subscription: sub, created: createdSubscription } = await defaultSubscription(deps);
  const admin = await issueClientCert(ca, deps.clock.now(), 'Takt Admin');
  writeFileAtomic(layout.adminKey, admin.keyPem, true);
  writeFileAtomic(layout.adminCert, admin.certPem, false);
  const cert = await addCertificate(deps, sub.id, certificateFacts(Buffer.from(admin.certPem)));
  const removeCert = (): Promise<void> => removeCertificate(deps, cert.thumbprint).catch(() => undefined);
  const { id: tokenId, token } = await issueToken(deps, sub.id, 'admin (first start)').catch(
    async (e: unknown) => {
      await removeCert();
      throw e;
    },
  );
  return {
    connection: {
      subscriptionId: sub.id,
      ...(caCertPath !== undefined ? { caCertPath } : {}),
      certPath: layout.adminCert,
      keyPath: layout.adminKey,
      token,
    },
    created: true,
    createdSubscription,
    undo: async () => {
      await revokeToken(deps, tokenId).catch(() => undefined);
      await removeCert();
    },
  };
}
