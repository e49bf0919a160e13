import { existsSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import type { TaktConfig } from '../config/index.js';
import {
  KeyringSecretBox,
  keyId,
  loadOrCreateSecretKey,
  readKeyring,
  resealAll,
  retirePreviousKeys,
  rotateKeyFile,
  type PassReport,
  type ResealReport,
} from '../secrets/index.js';
import { withAdminSession } from './admin.js';
import { SystemClock } from './system-clock.js';

export type { PassReport, ResealReport } from '../secrets/index.js';

/** A request the key commands cannot serve as configured (exit 2). */
export class KeysUsageError extends Error {}

export interface KeyCommandOptions {
  /** Between passes, give running nodes time to notice a new key (they check every second). Default 1500 ms. */
  readonly waitBetweenPassesMs?: number;
  readonly maxPasses?: number;
  readonly onPass?: (p: PassReport) => void;
}

export interface KeyringView {
  readonly keyFile: string;
  readonly currentId: string;
  readonly previousIds: readonly string[];
}

function keyFileOf(config: TaktConfig): string {
  if (config.secretKey !== undefined) {
    throw new KeysUsageError(
      'the secret key comes from TAKT_SECRET_KEY (configuration), which takt keys cannot rewrite: ' +
        'unset it to use the key file ring, or rotate by hand (docs/security.md, "The key ring and `takt keys`")',
    );
  }
  if (!existsSync(config.secretKeyFile)) {
    throw new KeysUsageError(
      `no secret key file at ${config.secretKeyFile} (takt serve creates it on first start)`,
    );
  }
  return config.secretKeyFile;
}

export function describeKeyring(config: TaktConfig): KeyringView {
  // A key given in the configuration is a ring of one: listing it rewrites nothing.
  if (config.secretKey !== undefined) {
    const { key } = loadOrCreateSecretKey({ keyBase64: config.secretKey, keyFile: config.secretKeyFile });
    return { keyFile: 'TAKT_SECRET_KEY', currentId: keyId(key), previousIds: [] };
  }
  const keyFile = keyFileOf(config);
  const ring = readKeyring(keyFile);
  return { keyFile, currentId: keyId(ring.current), previousIds: ring.previous.map(keyId) };
}

/** Re-seals every stored secret under the ring's current key (online; see resealAll). */
export async function resealSecrets(
  config: TaktConfig,
  options: KeyCommandOptions = {},
): Promise<ResealReport> {
  const keyFile = keyFileOf(config);
  const box = new KeyringSecretBox({ keyFile, clock: new SystemClock() });
  const wait = options.waitBetweenPassesMs ?? 1500;
  return withAdminSession(config, ({ store }) =>
    resealAll(store, box, {
      ...(options.maxPasses !== undefined ? { maxPasses: options.maxPasses } : {}),
      ...(options.onPass ? { onPass: options.onPass } : {}),
      betweenPasses: () => delay(wait),
    }),
  );
}

/**
 * `takt keys rotate`: a new current key (the old one kept for opening), then every stored secret
 * re-sealed under it while nodes keep serving. Nodes notice the new key by themselves.
 */
export async function rotateKeys(
  config: TaktConfig,
  options: KeyCommandOptions = {},
): Promise<{ oldId: string; newId: string; report: ResealReport }> {
  const keyFile = keyFileOf(config);
  const { oldId, newId } = rotateKeyFile(keyFile);
  // Let running nodes pick the new key up before values sealed with it appear.
  await delay(options.waitBetweenPassesMs ?? 1500);
  const report = await resealSecrets(config, options);
  return { oldId, newId, report };
}

/**
 * `takt keys retire`: drops previous keys that no stored value uses any more. It re-seals first,
 * so a key is only dropped once a complete pass has proven nothing needs it.
 */
export async function retireKeys(
  config: TaktConfig,
  options: KeyCommandOptions = {},
): Promise<{ retired: string[]; kept: string[] }> {
  const keyFile = keyFileOf(config);
  const report = await resealSecrets(config, options);
  const previous = readKeyring(keyFile).previous.map(keyId);
  if (!report.complete) return { retired: [], kept: previous };
  const retired = previous.filter((id) => !report.keysInUse.has(id));
  retirePreviousKeys(keyFile, new Set(retired));
  return { retired, kept: previous.filter((id) => report.keysInUse.has(id)) };
}
