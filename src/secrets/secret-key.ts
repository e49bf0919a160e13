import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface SecretKeySource {
  /** Base64 of 32 bytes, from configuration (`TAKT_SECRET_KEY`); wins over the file. */
  readonly keyBase64?: string | undefined;
  /** The key file (base64 text); created with mode 0600 when missing and no key is given. */
  readonly keyFile: string;
}

export interface LoadedKey {
  readonly key: Buffer;
  /** Where it came from, for the start-up message. */
  readonly source: 'config' | 'file' | 'generated';
}

/** Returns the secret key, generating the key file on first start. */
export function loadOrCreateSecretKey(src: SecretKeySource): LoadedKey {
  if (src.keyBase64 !== undefined) return { key: decode(src.keyBase64, 'TAKT_SECRET_KEY'), source: 'config' };
  let text: string | undefined;
  try {
    text = readFileSync(src.keyFile, 'utf8');
  } catch (e) {
    if (codeOf(e) !== 'ENOENT') throw cannot('read', src.keyFile, e);
  }
  if (text !== undefined) {
    // A key readable by others is no secret: tighten it rather than refuse to start.
    if ((statSync(src.keyFile).mode & 0o077) !== 0) chmodSync(src.keyFile, 0o600);
    return { key: decode(text, src.keyFile), source: 'file' };
  }
  const key = randomBytes(32);
  try {
    mkdirSync(dirname(src.keyFile), { recursive: true, mode: 0o700 });
    // 'wx': never overwrite a key another process wrote meanwhile (that would orphan its secrets).
    writeFileSync(src.keyFile, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (e) {
    throw cannot('create', src.keyFile, e);
  }
  return { key, source: 'generated' };
}

const codeOf = (e: unknown): unknown => (e as { code?: unknown }).code;

/** `secretKeyFile: cannot read /etc/takt (EISDIR)`: the setting, the file and the system's code. */
function cannot(verb: string, path: string, e: unknown): Error {
  const code = codeOf(e);
  return new Error(`secretKeyFile: cannot ${verb} ${path} (${typeof code === 'string' ? code : String(e)})`);
}

function decode(text: string, where: string): Buffer {
  const t = text.trim();
  const key = /^[A-Za-z0-9+/]+={0,2}$/.test(t) ? Buffer.from(t, 'base64') : Buffer.alloc(0);
  if (key.length !== 32) throw new Error(`${where}: the secret key must be 32 bytes in base64`);
  return key;
}
