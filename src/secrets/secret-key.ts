import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
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
    if (text.trim() === '') throw emptyKeyFile(src.keyFile);
    return { key: decode(text, `secretKeyFile: ${src.keyFile}`), source: 'file' };
  }
  const key = randomBytes(32);
  createKeyFile(src.keyFile, `${key.toString('base64')}\n`);
  return { key, source: 'generated' };
}

/**
 * Writes the new key to a temporary file, flushes it, then links it into place: the key file either
 * holds a whole key or does not exist, also after a full disk or a crash (a key file left empty
 * would stop every later start). A link, not a rename, so that a key another process wrote meanwhile
 * is never replaced (that would orphan its secrets).
 */
function createKeyFile(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    const fd = openSync(tmp, 'wx', 0o600);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    linkSync(tmp, path);
  } catch (e) {
    throw cannot('create', path, e);
  } finally {
    rmSync(tmp, { force: true });
  }
}

function emptyKeyFile(path: string): Error {
  return new Error(
    `secretKeyFile: ${path} is empty, so it holds no key (an older Takt that could not write it, on a ` +
      `full disk, left it so): delete it to have a new key made if no secret was ever sealed on this ` +
      `node, or put this node's key in it`,
  );
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
