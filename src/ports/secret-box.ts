import type { PlainSecret, SealedSecret } from '../domain/secret.js';

/** Encrypts secrets for storage (AES-256-GCM in the real adapter). */
export interface SecretBox {
  seal(plain: PlainSecret): SealedSecret;
  /** Throws when the value cannot be authenticated or its key is unknown. */
  open(sealed: SealedSecret): PlainSecret;
}
