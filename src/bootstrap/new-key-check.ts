import { unlinkSync } from 'node:fs';
import { mapSecrets } from '../domain/job-secrets.js';
import type { Logger } from '../ports/logger.js';
import type { SecretBox } from '../ports/secret-box.js';
import type { Store } from '../ports/store.js';
import { sealedKeyId } from '../secrets/index.js';

/** Definitions looked at: enough to meet every key of a store whose secrets were never re-sealed. */
const SAMPLE = 50;

/**
 * A node that has just generated its key file must not start on a store whose job secrets were
 * sealed with keys it does not have (docs/security.md, "A new key on a store with secrets"): a
 * second PostgreSQL node started without the first one's key, or a data directory whose key file
 * was lost. It would run those jobs and fault them, one occurrence after another. The start is
 * refused before the API or the engine opens, and the key file it made is removed (it sealed
 * nothing), so the right key can be put in its place. `allowNewSecretKey` starts anyway.
 */
export async function refuseNewKeyOverForeignSecrets(
  store: Pick<Store, 'pageSealedJobs'>,
  box: SecretBox,
  keyFile: string,
): Promise<void> {
  const foreign = await foreignKeyIds(store, box);
  if (foreign.length === 0) return;
  unlinkSync(keyFile);
  const ids = foreign.join(', ');
  throw new Error(
    `the store holds job secrets sealed with secret key ${ids}, which this node does not have: it had ` +
      `just created a new key file, ${keyFile}, now removed. Give it the key that sealed them: copy the ` +
      `key file of the node that did (secret.key, and secret.key.previous after a rotation) to ` +
      `${keyFile}, or set TAKT_SECRET_KEY on every node. If that key is lost, start with ` +
      `TAKT_ALLOW_NEW_SECRET_KEY=true: those jobs then fail until they are replaced with their secrets.`,
  );
}

/**
 * A key the node was given (TAKT_SECRET_KEY or its key file) is trusted and the start goes on, but
 * stored secrets it cannot open are named at once (a mistyped TAKT_SECRET_KEY, an old key put back):
 * otherwise the first sign would be those jobs' attempts failing, non-retryable, one by one.
 */
export async function warnOfForeignSecrets(
  store: Pick<Store, 'pageSealedJobs'>,
  box: SecretBox,
  keySource: string,
  logger: Logger,
): Promise<void> {
  const keys = await foreignKeyIds(store, box);
  if (keys.length === 0) return;
  logger.warn(
    { keys, keySource },
    'secret key: stored job secrets are sealed with keys this node does not have; their attempts fail on this node until it gets that key ring (docs/security.md)',
  );
}

/** Ids of the keys that sealed values `box` cannot open, among the first SAMPLE definitions with secrets. */
async function foreignKeyIds(store: Pick<Store, 'pageSealedJobs'>, box: SecretBox): Promise<string[]> {
  const foreign = new Set<string>();
  for (const job of await store.pageSealedJobs(0, SAMPLE, true)) {
    mapSecrets(job.definition, (sealed) => {
      try {
        box.open(sealed);
      } catch {
        foreign.add(sealedKeyId(sealed) ?? 'of an unknown format');
      }
      return sealed;
    });
  }
  return [...foreign];
}
