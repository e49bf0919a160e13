/**
 * Secrets travel through the core in two forms. A definition parsed from the wire holds
 * `PlainSecret`s; before anything is stored the app layer seals them with the SecretBox port,
 * so a stored definition holds `SealedSecret`s (AES-256-GCM envelopes, see docs/reference/scheduling-rules.md §9).
 * Definitions are generic over the secret form so the compiler keeps the two apart.
 */
declare const sealedBrand: unique symbol;

/** An encrypted secret as stored: opaque text produced by the SecretBox. */
export type SealedSecret = string & { readonly [sealedBrand]: true };

/** A secret in clear, only ever held in memory for a write or an execution. */
export type PlainSecret = string;
