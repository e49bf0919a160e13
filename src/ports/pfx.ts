/** Opens a base64 PKCS#12 file with its password. */
export interface PfxInspector {
  /**
   * The DER of the PFX's own (leaf) certificate; its facts come from app/admin/credentials.ts like
   * every other certificate's. Throws (any error) when the PFX cannot be opened with the password.
   */
  certificateOf(pfxBase64: string, password: string): Uint8Array;
}
