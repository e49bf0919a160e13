/**
 * Outbound authentication of an HTTP action (docs/reference/classic-operations.md §6.4, §11).
 *
 * In: `type` any case; `{}` (what the Node SDK sends when the caller's casing is not exact) and
 * `{"type":"NotSpecified"}` mean none. Every input member of the chosen type is required.
 * ClientCertificate: the PFX and password are kept as secrets; the certificate facts are NOT known
 * here (opening a PFX is the app layer's job through the PfxInspector port), so the parser returns
 * them empty (`''`, `0`) and the app replaces them before anything is stored or echoed.
 * Out: the exact-case type and the public members only; ClientCertificate shows the facts.
 */
import { badRequest } from '../../domain/errors.js';
import type { HttpAuthentication } from '../../domain/job.js';
import type { PlainSecret } from '../../domain/secret.js';
import { formatDateTime } from '../datetime.js';
import { JsonFields } from '../json-object.js';
import type { FormatMode } from './context.js';
import { extend } from '../../domain/extend.js';

const TYPES = ['ClientCertificate', 'ActiveDirectoryOAuth', 'Basic', 'NotSpecified'] as const;
const BASE64 = /^[A-Za-z0-9+/\r\n]*={0,2}[\r\n]*$/;

/** Undefined = no authentication. */
export function parseHttpAuthentication(
  value: unknown,
  path: string,
): HttpAuthentication<PlainSecret> | undefined {
  if (value === undefined || value === null) return undefined;
  const f = JsonFields.of(value, path);
  if (f.isEmpty()) return undefined;
  const type = f.requiredEnum('type', TYPES);
  switch (type) {
    case 'NotSpecified':
      return undefined;
    case 'Basic':
      return {
        type,
        username: f.requiredString('username', { nonEmpty: true }),
        password: f.requiredString('password'),
      };
    case 'ActiveDirectoryOAuth':
      return {
        type,
        tenant: f.requiredString('tenant', { nonEmpty: true }),
        audience: f.requiredString('audience', { nonEmpty: true }),
        clientId: f.requiredString('clientId', { nonEmpty: true }),
        secret: f.requiredString('secret', { nonEmpty: true }),
      };
    case 'ClientCertificate': {
      const pfx = f.requiredString('pfx', { nonEmpty: true });
      // Never echo the value: it is a secret.
      if (!BASE64.test(pfx)) throw badRequest(`${f.at('pfx')}: must be a base64-encoded PKCS#12 file`);
      return {
        type,
        pfx,
        password: f.requiredString('password'),
        certificateThumbprint: '',
        certificateExpiration: 0,
        certificateSubjectName: '',
      };
    }
  }
}

export function formatHttpAuthentication(
  auth: HttpAuthentication<unknown>,
  mode: FormatMode,
  secret: (s: unknown) => string,
): Record<string, unknown> {
  const internal = mode === 'internal';
  switch (auth.type) {
    case 'Basic':
      return internal
        ? { type: auth.type, username: auth.username, password: secret(auth.password) }
        : { type: auth.type, username: auth.username };
    case 'ActiveDirectoryOAuth': {
      const pub = { type: auth.type, tenant: auth.tenant, audience: auth.audience, clientId: auth.clientId };
      return internal ? extend(pub, { secret: secret(auth.secret) }) : pub;
    }
    case 'ClientCertificate':
      return internal
        ? { type: auth.type, pfx: secret(auth.pfx), password: secret(auth.password) }
        : {
            type: auth.type,
            certificateThumbprint: auth.certificateThumbprint,
            certificateExpiration: formatDateTime(auth.certificateExpiration),
            certificateSubjectName: auth.certificateSubjectName,
          };
  }
}
