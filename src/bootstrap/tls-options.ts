import type { Server as NodeServer } from 'node:http';
import type { ServerOptions as HttpsServerOptions } from 'node:https';
import type { ApiServerConfig } from '../config/index.js';

/**
 * TLS 1.2 suites with forward secrecy and AEAD only (ECDHE with AES-GCM or ChaCha20-Poly1305), for
 * RSA and ECDSA certificates. TLS 1.3 suites are all AEAD and are configured by Node separately.
 */
export const TLS12_CIPHERS = [
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-CHACHA20-POLY1305',
].join(':');

const TLS13_CIPHERS = [
  'TLS_AES_128_GCM_SHA256',
  'TLS_AES_256_GCM_SHA384',
  'TLS_CHACHA20_POLY1305_SHA256',
].join(':');

/** The TLS part of the server's options; also what a certificate reload passes to setSecureContext (which replaces all of them). */
export function secureContextOptions(
  certPem: string,
  keyPem: string,
): { cert: string; key: string; minVersion: 'TLSv1.2'; ciphers: string; honorCipherOrder: boolean } {
  return {
    cert: certPem,
    key: keyPem,
    minVersion: 'TLSv1.2',
    ciphers: `${TLS13_CIPHERS}:${TLS12_CIPHERS}`,
    honorCipherOrder: true,
  };
}

/** Options of Node's HTTPS server: modern TLS, client certificates requested, slow-client timeouts. */
export function httpsServerOptions(
  certPem: string,
  keyPem: string,
  api: ApiServerConfig,
): HttpsServerOptions {
  return {
    ...secureContextOptions(certPem, keyPem),
    // Management certificates are checked by the API against the store, not against a CA here.
    requestCert: true,
    rejectUnauthorized: false,
    // A socket that never completes TLS would otherwise stay for Node's 120 s handshake timeout: the
    // documented connection timeout applies before the handshake too.
    handshakeTimeout: api.connectionTimeoutMs,
    ...plainServerTimeouts(api),
  };
}

/**
 * Node checks headersTimeout and requestTimeout only every connectionsCheckingInterval (30 s by
 * default), which would let a slow-loris client hold a socket far longer than configured: check at
 * least every second, or more often when the timeout itself is shorter.
 */
export function plainServerTimeouts(api: ApiServerConfig): {
  headersTimeout: number;
  requestTimeout: number;
  connectionsCheckingInterval: number;
} {
  return {
    headersTimeout: api.headersTimeoutMs,
    requestTimeout: api.requestTimeoutMs,
    connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(api.headersTimeoutMs / 2))),
  };
}

/**
 * The slow-client timeouts Fastify would set on a server it created itself (Takt creates its own
 * servers, so that the certificate reload holds the TLS server with its real type).
 */
export function withServerTimeouts<S extends NodeServer>(server: S, api: ApiServerConfig): S {
  server.keepAliveTimeout = api.keepAliveTimeoutMs;
  server.requestTimeout = api.requestTimeoutMs;
  server.setTimeout(api.connectionTimeoutMs);
  return server;
}
