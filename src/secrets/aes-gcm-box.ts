import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { PlainSecret, SealedSecret } from '../domain/secret.js';
import type { SecretBox } from '../ports/secret-box.js';

const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
const VERSION = 'v1';

/** A key id: a short hash of the key, so a value names the key that sealed it without revealing it. */
export function keyId(key: Buffer): string {
  return createHash('sha256').update('takt-secret-key-id').update(key).digest('hex').slice(0, 12);
}

/**
 * AES-256-GCM secret box (docs/reference/scheduling-rules.md §9). A sealed value is
 * `v1:<keyId>:<base64url(nonce|ciphertext|tag)>`, with a fresh random 96-bit nonce per value. The key id lets
 * a later `takt keys rotate` keep old keys for opening while sealing with the new one: pass them as
 * `previousKeys`.
 */
export class AesGcmSecretBox implements SecretBox {
  private readonly currentId: string;
  private readonly keys = new Map<string, Buffer>();

  constructor(current: Buffer, previousKeys: readonly Buffer[] = []) {
    for (const k of [current, ...previousKeys]) {
      if (k.length !== KEY_BYTES)
        throw new RangeError(`secret key: must be ${KEY_BYTES} bytes, got ${k.length}`);
      this.keys.set(keyId(k), Buffer.from(k));
    }
    this.currentId = keyId(current);
  }

  seal(plain: PlainSecret): SealedSecret {
    const key = this.keys.get(this.currentId) as Buffer;
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, nonce);
    // The key id and version are bound as associated data: moving a value to another key id fails.
    cipher.setAAD(Buffer.from(`${VERSION}:${this.currentId}`));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const packed = Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64url');
    return `${VERSION}:${this.currentId}:${packed}` as SealedSecret;
  }

  open(sealed: SealedSecret): PlainSecret {
    const [version, id, packed, extra] = sealed.split(':');
    if (version !== VERSION || id === undefined || packed === undefined || extra !== undefined) {
      throw new Error('sealed secret: unknown format');
    }
    const key = this.keys.get(id);
    if (!key) throw new Error(`sealed secret: sealed with key ${id}, which this node does not have`);
    const bytes = Buffer.from(packed, 'base64url');
    if (bytes.length < NONCE_BYTES + TAG_BYTES) throw new Error('sealed secret: truncated');
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, NONCE_BYTES), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(Buffer.from(`${VERSION}:${id}`));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    try {
      return Buffer.concat([
        decipher.update(bytes.subarray(NONCE_BYTES, bytes.length - TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw new Error('sealed secret: authentication failed (tampered value or wrong key)');
    }
  }
}
