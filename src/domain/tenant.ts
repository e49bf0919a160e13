import type { EpochMs } from './time.js';

/** A tenant. Ids are GUIDs stored in lower case and compared case-insensitively. */
export interface Subscription {
  readonly id: string;
  readonly enabled: boolean;
  /** Registered for the scheduler resource provider (default true, docs/reference/classic-operations.md §7.8). */
  readonly registered: boolean;
  readonly createdAt: EpochMs;
}

/** A management certificate: public facts only. */
export interface ManagementCertificate {
  /** SHA-1 of the DER, 40 upper-case hex. */
  readonly thumbprint: string;
  readonly subject: string;
  readonly notBefore: EpochMs;
  readonly notAfter: EpochMs;
  readonly subscriptionIds: readonly string[];
  readonly addedAt: EpochMs;
}

export interface ApiToken {
  readonly id: string;
  readonly subscriptionId: string;
  /** SHA-256 of the token, hex. The token itself is shown once and never stored. */
  readonly hash: string;
  readonly label?: string;
  readonly createdAt: EpochMs;
  readonly revokedAt?: EpochMs;
}

export type OperationStatus = 'InProgress' | 'Succeeded' | 'Failed';

/** Record of a mutating request, polled by clients (docs/reference/classic-operations.md §9). */
export interface OperationRecord {
  /** 32 lower-case hex (the request's x-ms-request-id). */
  readonly id: string;
  readonly subscriptionId: string;
  readonly status: OperationStatus;
  readonly httpStatusCode?: number;
  readonly error?: { readonly code: string; readonly message: string };
  readonly createdAt: EpochMs;
  /** Reports InProgress until this moment (the deployment's artificial completion delay). */
  readonly completesAt: EpochMs;
}
