import type { TLSSocket } from 'node:tls';
import type { FastifyRequest } from 'fastify';
import { certificateThumbprint, hashToken } from '../app/admin/credentials.js';
import type { PresentedIdentity } from '../app/authenticate.js';

/**
 * How the credentials a client presented are read off a request. The default reads the TLS peer
 * certificate (when the connection is TLS and the client sent one) and an `Authorization: Bearer`
 * header. In-process tests (fastify.inject has no TLS) authenticate with bearer tokens; certificate
 * authentication is proven over a real TLS listener.
 */
export interface CredentialSource {
  read(req: FastifyRequest): PresentedIdentity;
}

const BEARER = /^\s*bearer\s+(\S+)\s*$/i;

/**
 * The thumbprint a TLS connection presented ('' for none), read once per connection: a client
 * certificate is fixed for the life of a connection, and `getPeerCertificate` builds a whole object
 * tree on every call (it was a tenth of a keep-alive GET's CPU). Only the thumbprint is cached, not
 * the auth decision: every request still looks the certificate up, so removing it takes effect at
 * once. TLS 1.2 renegotiation could present another certificate mid-connection, so it is turned off
 * on connections whose thumbprint is cached (TLS 1.3 has none).
 */
const thumbprints = new WeakMap<object, string>();

function connectionThumbprint(socket: Partial<TLSSocket>): string | undefined {
  if (typeof socket.getPeerCertificate !== 'function') return undefined;
  let thumbprint = thumbprints.get(socket);
  if (thumbprint === undefined) {
    const cert = socket.getPeerCertificate(false);
    // An empty object when the client sent no certificate.
    thumbprint =
      cert && Buffer.isBuffer(cert.raw) && cert.raw.length > 0 ? certificateThumbprint(cert.raw) : '';
    socket.disableRenegotiation?.();
    thumbprints.set(socket, thumbprint);
  }
  return thumbprint === '' ? undefined : thumbprint;
}

/**
 * The last `Authorization` header a connection sent and the hash of its bearer token (undefined: not
 * a bearer token): a keep-alive client sends the same header on every request, and hashing it
 * (SHA-256) was a visible part of an ARM GET. Another header on the connection is hashed afresh;
 * only the hash is looked up, per request, so a revoked token is refused at once.
 */
const bearerHashes = new WeakMap<object, { readonly header: string; readonly hash: string | undefined }>();

function bearerHash(socket: object | null | undefined, header: string): string | undefined {
  const last = socket ? bearerHashes.get(socket) : undefined;
  if (last !== undefined && last.header === header) return last.hash;
  const m = BEARER.exec(header);
  const hash = m?.[1] ? hashToken(m[1]) : undefined;
  if (socket) bearerHashes.set(socket, { header, hash });
  return hash;
}

export const tlsAndBearerCredentials: CredentialSource = {
  read(req) {
    const out: { certificateThumbprint?: string; tokenHash?: string } = {};
    const socket = req.raw.socket as Partial<TLSSocket>;
    const thumbprint = connectionThumbprint(socket);
    if (thumbprint !== undefined) out.certificateThumbprint = thumbprint;
    const auth = req.headers.authorization;
    const hash = auth === undefined ? undefined : bearerHash(socket, auth);
    if (hash !== undefined) out.tokenHash = hash;
    return out;
  },
};
