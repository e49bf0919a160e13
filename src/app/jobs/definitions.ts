import { badRequest, DomainError } from '../../domain/errors.js';
import type { HttpAuthentication, JobDefinition, PlainJobDefinition } from '../../domain/job.js';
import { mapSecrets } from '../../domain/job-secrets.js';
import type { PlainSecret, SealedSecret } from '../../domain/secret.js';
import type { AppDeps } from '../deps.js';
import { PfxUnreadable } from '../../ports/pfx.js';
import { certificateFacts } from '../admin/credentials.js';
import { extend } from '../../domain/extend.js';

/**
 * Secrets and certificate facts of definitions: sealing before storage, opening for a PATCH merge
 * or an execution, and deriving ClientCertificate facts from the PFX at write time.
 */

export function sealDefinition(
  deps: Pick<AppDeps, 'secrets'>,
  def: PlainJobDefinition,
): JobDefinition<SealedSecret> {
  return mapSecrets(def, (s: PlainSecret) => deps.secrets.seal(s));
}

export function openDefinition(
  deps: Pick<AppDeps, 'secrets'>,
  def: JobDefinition<SealedSecret>,
): PlainJobDefinition {
  try {
    return mapSecrets(def, (s: SealedSecret) => deps.secrets.open(s));
  } catch {
    // The key that sealed these secrets is gone or the value was tampered with. Not a server fault
    // the client can retry: a PUT with the secrets seals them again under the current key.
    throw new DomainError(
      'ConflictError',
      'The stored secrets of this job cannot be decrypted with the configured keys; replace the job with a PUT that includes its secrets.',
    );
  }
}

/** Replaces the certificate facts of every ClientCertificate authentication with the PFX's own. */
export function withCertificateFacts(
  deps: Pick<AppDeps, 'pfx'>,
  def: PlainJobDefinition,
): PlainJobDefinition {
  const fill = (
    auth: HttpAuthentication<PlainSecret> | undefined,
    field: string,
  ): HttpAuthentication<PlainSecret> | undefined => {
    if (auth?.type !== 'ClientCertificate') return auth;
    let facts;
    try {
      facts = certificateFacts(deps.pfx.certificateOf(auth.pfx, auth.password));
    } catch (e) {
      throw badRequest(`${field}.pfx: ${pfxProblem(e)}`);
    }
    return extend(auth, {
      certificateThumbprint: facts.thumbprint,
      certificateSubjectName: facts.subjectName,
      certificateExpiration: facts.notAfter,
    });
  };
  const a = def.action;
  const main =
    a.type === 'http' || a.type === 'https'
      ? fill(a.request.authentication, 'action.request.authentication')
      : undefined;
  const e = a.errorAction;
  const err =
    e && (e.type === 'http' || e.type === 'https')
      ? fill(e.request.authentication, 'action.errorAction.request.authentication')
      : undefined;
  let action = a;
  if (main && (a.type === 'http' || a.type === 'https'))
    action = extend(a, { request: extend(a.request, { authentication: main }) });
  if (err && e && (e.type === 'http' || e.type === 'https')) {
    action = extend(action, {
      errorAction: extend(e, { request: extend(e.request, { authentication: err }) }),
    });
  }
  return action === a ? def : extend(def, { action });
}

/**
 * What the answer says of a PFX that did not open. A wrong password keeps the retired service's
 * message; the other causes say what to do (docs/reference/classic-operations.md §6.4).
 */
function pfxProblem(e: unknown): string {
  switch (e instanceof PfxUnreadable ? e.reason : 'not-pfx') {
    case 'password':
      return 'the certificate could not be opened with the given password.';
    case 'legacy':
      return 'the PFX is encrypted with RC2 or 3DES (as OpenSSL 1.x and older Windows exports write it), which this server does not load: export it again with AES-256 (openssl pkcs12 -export … -keypbe AES-256-CBC -certpbe AES-256-CBC), or start Takt with NODE_OPTIONS=--openssl-legacy-provider.';
    case 'no-key':
      return 'the PFX holds no private key; a client certificate needs one.';
    default:
      return 'not a PKCS#12 (PFX) file in base64.';
  }
}
