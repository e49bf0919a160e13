import { Duplex } from 'node:stream';
import { TLSSocket, createSecureContext } from 'node:tls';
import { PfxUnreadable, type PfxFailure, type PfxInspector } from '../ports/pfx.js';

/**
 * Opens PKCS#12 files with Node's own TLS stack (OpenSSL), the same code that later presents the
 * certificate to the target: what opens here also works at run time, and no extra parser is needed.
 */
export class NodePfxInspector implements PfxInspector {
  certificateOf(pfxBase64: string, password: string): Uint8Array {
    if (!/^[A-Za-z0-9+/\s]*={0,2}\s*$/.test(pfxBase64)) throw new PfxUnreadable('not-pfx', 'not base64');
    let context;
    try {
      context = createSecureContext({ pfx: Buffer.from(pfxBase64, 'base64'), passphrase: password });
    } catch (e) {
      throw unreadable(e);
    }
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
      if (!raw || !('raw' in raw) || !raw.raw)
        throw new PfxUnreadable('not-pfx', 'the PFX holds no certificate');
      return raw.raw;
    } finally {
      socket.destroy();
    }
  }
}

/** OpenSSL's words for why a PFX did not open (Node 20, OpenSSL 3), as the port's reasons. */
function unreadable(e: unknown): PfxUnreadable {
  const message = e instanceof Error ? e.message : String(e);
  const reason: PfxFailure = /mac verify failure/i.test(message)
    ? 'password'
    : /unsupported pkcs12 pfx data/i.test(message)
      ? 'legacy'
      : /unable to load private key/i.test(message)
        ? 'no-key'
        : 'not-pfx';
  return new PfxUnreadable(reason, message);
}
