import { X509Certificate } from 'node:crypto';
import { Duplex } from 'node:stream';
import { TLSSocket, createSecureContext } from 'node:tls';
import type { CertificateFacts, PfxInspector } from '../ports/pfx.js';

/**
 * Opens PKCS#12 files with Node's own TLS stack (OpenSSL), the same code that later presents the
 * certificate to the target: what opens here also works at run time, and no extra parser is needed.
 */
export class NodePfxInspector implements PfxInspector {
  inspect(pfxBase64: string, password: string): CertificateFacts {
    if (!/^[A-Za-z0-9+/\s]*={0,2}\s*$/.test(pfxBase64)) throw new Error('not base64');
    const context = createSecureContext({ pfx: Buffer.from(pfxBase64, 'base64'), passphrase: password });
    // An unconnected socket over the context exposes the context's own (local) certificate.
    const socket = new TLSSocket(
      new Duplex({
        read() {},
        write(_c, _e, cb) {
          cb();
        },
      }),
      {
        secureContext: context,
      },
    );
    try {
      const raw = socket.getCertificate();
      if (!raw || !('raw' in raw) || !raw.raw) throw new Error('the PFX holds no certificate');
      const cert = new X509Certificate(raw.raw);
      return {
        thumbprint: cert.fingerprint.replaceAll(':', '').toUpperCase(),
        subjectName: formatSubject(cert.subject),
        notAfter: Date.parse(cert.validTo),
      };
    } finally {
      socket.destroy();
    }
  }
}

/** OpenSSL lists RDNs one per line, most general first; .NET (what Azure showed) reverses them. */
export function formatSubject(subject: string): string {
  return subject.split('\n').filter(Boolean).reverse().join(', ');
}
