import type { EpochMs } from '../domain/time.js';

/** Public facts of a client certificate, derived once at write time (docs/reference/classic-api.md §6.4). */
export interface CertificateFacts {
  /** SHA-1 of the certificate's DER, 40 upper-case hex. */
  readonly thumbprint: string;
  /** e.g. `CN=Scheduler Management`. */
  readonly subjectName: string;
  readonly notAfter: EpochMs;
}

/** Opens a base64 PKCS#12 file with its password. */
export interface PfxInspector {
  /** Throws (any error) when the PFX cannot be opened with the password. */
  inspect(pfxBase64: string, password: string): CertificateFacts;
}
