import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import type { PlainSecret, SealedSecret } from '../domain/secret.js';
import type { Clock } from '../ports/clock.js';
import type { SecretBox } from '../ports/secret-box.js';
import { AesGcmSecretBox, keyId } from './aes-gcm-box.js';

/**
 * The key ring behind `takt keys rotate` (docs/security.md). The key file keeps holding exactly one
 * key — the current one, used for sealing — so everything that reads it stays unchanged; keys it
 * replaced live in `<key file>.previous`, one base64 key per line, newest first, and are used for
 * opening only. A key leaves the ring only when `takt keys retire` has proven no value uses it.
 */
export const previousKeysFile = (keyFile: string): string => `${keyFile}.previous`;

export interface Keyring {
  readonly current: Buffer;
  readonly previous: readonly Buffer[];
}

/** The key id a sealed value names (`v1:<id>:…`), or undefined for a value of unknown shape. */
export function sealedKeyId(sealed: SealedSecret): string | undefined {
  const parts = sealed.split(':');
  return parts.length === 3 && parts[0] === 'v1' ? parts[1] : undefined;
}

function decodeKey(line: string, where: string): Buffer {
  const t = line.trim();
  const key = /^[A-Za-z0-9+/]+={0,2}$/.test(t) ? Buffer.from(t, 'base64') : Buffer.alloc(0);
  if (key.length !== 32) throw new Error(`${where}: each secret key must be 32 bytes in base64`);
  return key;
}

export function readKeyring(keyFile: string): Keyring {
  const current = decodeKey(readFileSync(keyFile, 'utf8'), keyFile);
  const prevFile = previousKeysFile(keyFile);
  const previous = existsSync(prevFile)
    ? readFileSync(prevFile, 'utf8')
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => decodeKey(l, prevFile))
    : [];
  // The current key may also appear among the previous ones (a rotation interrupted between its two renames).
  const currentId = keyId(current);
  return { current, previous: previous.filter((k) => keyId(k) !== currentId) };
}

/** Writes text with mode 0600 through a temporary file and a rename: readers never see half a key. */
function writeSecretFile(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}

function writePrevious(keyFile: string, keys: readonly Buffer[]): void {
  const unique = [...new Map(keys.map((k) => [keyId(k), k])).values()];
  writeSecretFile(previousKeysFile(keyFile), unique.map((k) => `${k.toString('base64')}\n`).join(''));
}

/**
 * Makes `next` (default: 32 random bytes) the current key and keeps the old one for opening.
 * Order matters for a crash in between: the old key is saved among the previous keys first, then
 * the key file is replaced, so no moment exists in which a stored value's key is on no disk.
 */
export function rotateKeyFile(
  keyFile: string,
  next: Buffer = randomBytes(32),
): { oldId: string; newId: string } {
  if (next.length !== 32) throw new RangeError('secret key: must be 32 bytes');
  const ring = readKeyring(keyFile);
  writePrevious(keyFile, [ring.current, ...ring.previous]);
  writeSecretFile(keyFile, `${next.toString('base64')}\n`);
  return { oldId: keyId(ring.current), newId: keyId(next) };
}

/** Drops previous keys (by id) from the ring; the caller has proven nothing is sealed with them. */
export function retirePreviousKeys(keyFile: string, ids: ReadonlySet<string>): number {
  const ring = readKeyring(keyFile);
  const kept = ring.previous.filter((k) => !ids.has(keyId(k)));
  writePrevious(keyFile, kept);
  return ring.previous.length - kept.length;
}

export interface KeyringBoxOptions {
  readonly keyFile: string;
  readonly clock: Clock;
  /** How often sealing checks the key file for a rotation. Default 1000 ms. */
  readonly checkEveryMs?: number;
}

/**
 * A SecretBox over the key ring that follows rotations without a restart: sealing re-reads the
 * ring when the key file changed (checked at most every `checkEveryMs`), and opening a value whose
 * key id it does not know re-reads it at once — the value may have been resealed by
 * `takt keys rotate` a moment ago. A ring that cannot be read keeps the keys already loaded.
 */
export class KeyringSecretBox implements SecretBox {
  private box: AesGcmSecretBox;
  private ids: Set<string>;
  private currentKeyId: string;
  private stamp: string;
  private checkedAt: number;
  private readonly checkEveryMs: number;

  constructor(private readonly options: KeyringBoxOptions) {
    this.checkEveryMs = options.checkEveryMs ?? 1000;
    const ring = readKeyring(options.keyFile);
    this.box = new AesGcmSecretBox(ring.current, ring.previous);
    this.ids = new Set([ring.current, ...ring.previous].map(keyId));
    this.currentKeyId = keyId(ring.current);
    this.stamp = this.fileStamp();
    this.checkedAt = options.clock.now();
  }

  /** The id of the key that seals now. */
  get currentId(): string {
    return this.currentKeyId;
  }

  /** Whether this box can open values sealed with key `id`. */
  knows(id: string): boolean {
    return this.ids.has(id);
  }

  seal(plain: PlainSecret): SealedSecret {
    const now = this.options.clock.now();
    if (now - this.checkedAt >= this.checkEveryMs) {
      this.checkedAt = now;
      if (this.fileStamp() !== this.stamp) this.reload();
    }
    return this.box.seal(plain);
  }

  open(sealed: SealedSecret): PlainSecret {
    const id = sealedKeyId(sealed);
    if (id !== undefined && !this.ids.has(id)) this.reload();
    return this.box.open(sealed);
  }

  private fileStamp(): string {
    try {
      const s = statSync(this.options.keyFile);
      const p = existsSync(previousKeysFile(this.options.keyFile))
        ? statSync(previousKeysFile(this.options.keyFile))
        : undefined;
      return `${s.ino}:${s.mtimeMs}:${s.size}:${p?.ino ?? ''}:${p?.mtimeMs ?? ''}`;
    } catch {
      return this.stamp;
    }
  }

  private reload(): void {
    try {
      const stamp = this.fileStamp();
      const ring = readKeyring(this.options.keyFile);
      this.box = new AesGcmSecretBox(ring.current, ring.previous);
      this.ids = new Set([ring.current, ...ring.previous].map(keyId));
      this.currentKeyId = keyId(ring.current);
      this.stamp = stamp;
    } catch {
      // Keep the keys already loaded: a half-edited ring must not take the node's secrets away.
    }
  }
}
