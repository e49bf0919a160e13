import type { TaktConfig } from '../config/index.js';
import type { Clock } from '../ports/clock.js';
import type { IdSource } from '../ports/ids.js';
import type { Store } from '../ports/store.js';
import { CryptoIdSource } from './crypto-id-source.js';
import { openConfiguredStore, storeOpenError } from './open-store.js';
import { SystemClock } from './system-clock.js';

export { describeStore } from './open-store.js';

/**
 * What local admin commands (`takt subscriptions|certs|tokens|migrate`) work with: the deps of the
 * administration use cases in app/admin/.
 */
export interface AdminSession {
  readonly store: Store;
  readonly clock: Clock;
  readonly ids: IdSource;
}

/**
 * Opens the store named by the config (the same one `takt serve` would use), runs `fn`, closes it.
 * `migrate: false` leaves the schema alone (for `takt migrate`, which migrates explicitly).
 */
export async function withAdminSession<T>(
  config: TaktConfig,
  fn: (s: AdminSession) => Promise<T>,
  options: { migrate?: boolean } = {},
): Promise<T> {
  const store = await openConfiguredStore(config, { migrate: options.migrate ?? true });
  try {
    return await fn({ store, clock: new SystemClock(), ids: new CryptoIdSource() });
  } finally {
    await store.close();
  }
}

/**
 * `takt migrate`: brings the configured store's schema up to date (the locked migration runner);
 * resolves to how many migrations it applied.
 */
export async function migrateStore(config: TaktConfig): Promise<number> {
  return withAdminSession(
    config,
    async (s) => {
      try {
        return await s.store.migrate();
      } catch (e) {
        throw storeOpenError(config, e);
      }
    },
    { migrate: false },
  );
}
