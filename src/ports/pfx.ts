/** Why a PFX could not be opened. */
export type PfxFailure =
  /** The password does not open it (the MAC does not verify). */
  | 'password'
  /** It is encrypted with RC2 or 3DES, which OpenSSL 3 loads only with its legacy provider. */
  | 'legacy'
  /** It holds no private key, which a client certificate needs. */
  | 'no-key'
  /** It is not base64 of a PKCS#12 file, or holds no certificate. */
  | 'not-pfx';

export class PfxUnreadable extends Error {
  constructor(
    readonly reason: PfxFailure,
    message: string,
  ) {
    super(message);
    this.name = 'PfxUnreadable';
  }
}

/** Opens a base64 PKCS#12 file with its password. */
export interface PfxInspector {
  /**
   * The DER of the PFX's own (leaf) certificate; its facts come from app/admin/credentials.ts like
   * every other certificate's. Throws PfxUnreadable when the PFX cannot be opened with the password.
   */
  certificateOf(pfxBase64: string, password: string): Uint8Array;
}
