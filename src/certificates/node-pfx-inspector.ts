import { Duplex } from 'node:stream';
import { TLSSocket, createSecureContext } from 'node:tls';
import type { PfxInspector } from '../ports/pfx.js';

/**
 * Opens PKCS#12 files with Node's own TLS stack (OpenSSL), the same code that later presents the
 * certificate to the target: what opens here also works at run time, and no extra parser is needed.
 */
export class NodePfxInspector implements PfxInspector {
  certificateOf(pfxBase64: string, password: string): Uint8Array {
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
      return raw.raw;
    } finally {
      socket.destroy();
    }
  }
}
