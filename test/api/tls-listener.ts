// A real HTTPS listener of buildApi (TLS 1.2+, client certificate requested but not required) with
// management certificates mapped to the test subscription: shared by the TLS route tests and the
// compatibility tests with the npm Azure clients.
import { X509Certificate } from 'node:crypto';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { issueServer, type TestCa } from '../support/sinks/certs.js';
import { SUB, startHarness, type Harness } from './harness.js';

/** The SHA-1 thumbprint of a certificate's DER, as the classic API names it. */
export function thumbprintOf(pem: string): string {
  return new X509Certificate(pem).fingerprint.replaceAll(':', '').toUpperCase();
}

export async function startTlsListener(
  ca: TestCa,
  mapped: readonly { readonly certPem: string }[],
): Promise<{ h: Harness; port: number }> {
  const server = await issueServer(ca);
  const h = await startHarness({
    build: {
      createServer: (handler) =>
        createServer(
          {
            key: server.keyPem,
            cert: server.certPem,
            requestCert: true,
            rejectUnauthorized: false,
            minVersion: 'TLSv1.2',
          },
          handler,
        ),
    },
  });
  // The certificates are valid around the real time: the manual clock starts there.
  h.clock.setTo(Date.now());
  for (const { certPem } of mapped) {
    const cert = new X509Certificate(certPem);
    await h.store.addCertificate({
      thumbprint: thumbprintOf(certPem),
      subject: cert.subject,
      notBefore: Date.parse(cert.validFrom),
      notAfter: Date.parse(cert.validTo),
      subscriptionIds: [SUB],
      addedAt: h.clock.now(),
    });
  }
  await h.app.listen({ host: '127.0.0.1', port: 0 });
  return { h, port: (h.app.server.address() as AddressInfo).port };
}
