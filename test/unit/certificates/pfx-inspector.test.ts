import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import forge from 'node-forge';
import { certificateFacts } from '../../../src/app/admin/credentials.js';
import { withCertificateFacts } from '../../../src/app/jobs/definitions.js';
import { NodePfxInspector } from '../../../src/certificates/node-pfx-inspector.js';
import { PfxUnreadable } from '../../../src/ports/pfx.js';

function makePfx(password: string): { b64: string; thumbprint: string } {
  const keys = forge.pki.rsa.generateKeyPair(1024);
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date('2020-01-01T00:00:00Z');
  cert.validity.notAfter = new Date('2031-01-01T08:00:00Z');
  const attrs = [
    { name: 'countryName', value: 'US' },
    { name: 'commonName', value: 'Scheduler Management' },
  ];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  const p12 = forge.pkcs12.toPkcs12Asn1(keys.privateKey, [cert], password, { algorithm: '3des' });
  const der = forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes();
  const thumbprint = forge.md.sha1.create().update(der).digest().toHex().toUpperCase();
  return { b64: Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary').toString('base64'), thumbprint };
}

test('NodePfxInspector opens a PFX; its certificate gives thumbprint, subject and expiry', () => {
  const { b64, thumbprint } = makePfx('s3cret');
  const facts = certificateFacts(new NodePfxInspector().certificateOf(b64, 's3cret'));
  assert.equal(facts.thumbprint, thumbprint);
  assert.match(facts.thumbprint, /^[0-9A-F]{40}$/);
  assert.equal(facts.subjectName, 'CN=Scheduler Management, C=US');
  assert.equal(facts.notAfter, Date.parse('2031-01-01T08:00:00Z'));
});

test('NodePfxInspector rejects a wrong password and non-PFX input', () => {
  const { b64 } = makePfx('right');
  const inspector = new NodePfxInspector();
  assert.throws(() => inspector.certificateOf(b64, 'wrong'));
  assert.throws(() => inspector.certificateOf('not base64 at all!', 'x'));
  assert.throws(() => inspector.certificateOf(Buffer.from('hello').toString('base64'), 'x'));
});

test('certificateFacts lists the subject both ways: OpenSSL order and, for Azure wire fields, .NET order', () => {
  const { b64 } = makePfx('p');
  const facts = certificateFacts(new NodePfxInspector().certificateOf(b64, 'p'));
  assert.equal(facts.subject, 'C=US, CN=Scheduler Management');
  assert.equal(facts.subjectName, 'CN=Scheduler Management, C=US');
});

test('certificateFacts refuses bytes that are not a certificate', () => {
  assert.throws(() => certificateFacts(Buffer.from('junk')), /not an X\.509 certificate/);
});

test('why a PFX did not open: password, legacy encryption, no private key, not a PFX; each answer says so', () => {
  const dir = mkdtempSync(join(tmpdir(), 'takt-pfx-'));
  try {
    const run = (...args: string[]): void => {
      execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
    };
    run(
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'k.pem',
      '-out',
      'c.pem',
      '-days',
      '2',
      '-subj',
      '/CN=legacy',
    );
    // RC2-40 for the certificate, 3DES for the key: OpenSSL 1.x's default, and older Windows exports'.
    run(
      'pkcs12',
      '-export',
      '-legacy',
      '-in',
      'c.pem',
      '-inkey',
      'k.pem',
      '-passout',
      'pass:pw',
      '-out',
      'l.pfx',
    );
    run('pkcs12', '-export', '-in', 'c.pem', '-nokeys', '-passout', 'pass:pw', '-out', 'n.pfx');
    const b64 = (f: string): string => readFileSync(join(dir, f)).toString('base64');
    const inspector = new NodePfxInspector();
    const reasonOf = (pfx: string, password: string): string => {
      try {
        inspector.certificateOf(pfx, password);
        return 'opened';
      } catch (e) {
        return e instanceof PfxUnreadable ? e.reason : `other: ${String(e)}`;
      }
    };
    assert.equal(reasonOf(b64('l.pfx'), 'pw'), 'legacy');
    assert.equal(reasonOf(b64('l.pfx'), 'nope'), 'password');
    assert.equal(reasonOf(b64('n.pfx'), 'pw'), 'no-key');
    assert.equal(reasonOf(b64('c.pem'), 'pw'), 'not-pfx');
    assert.equal(reasonOf(makePfx('right').b64, 'wrong'), 'password');
    // The job write's 400 names the member and the cause.
    const messageOf = (pfx: string, password: string): string => {
      const def = {
        action: {
          type: 'https' as const,
          request: {
            uri: 'https://a.example/',
            method: 'GET',
            headers: [],
            authentication: { type: 'ClientCertificate' as const, pfx, password },
          },
        },
        state: 'enabled' as const,
      };
      try {
        withCertificateFacts({ pfx: inspector }, def as never);
        return 'accepted';
      } catch (e) {
        return e instanceof Error ? e.message : String(e);
      }
    };
    const field = 'action.request.authentication.pfx';
    assert.match(
      messageOf(b64('l.pfx'), 'pw'),
      new RegExp(`^${field}: the PFX is encrypted with RC2 or 3DES`),
    );
    assert.match(messageOf(b64('l.pfx'), 'pw'), /NODE_OPTIONS=--openssl-legacy-provider/);
    assert.equal(
      messageOf(b64('l.pfx'), 'nope'),
      `${field}: the certificate could not be opened with the given password.`,
    );
    assert.equal(
      messageOf(b64('n.pfx'), 'pw'),
      `${field}: the PFX holds no private key; a client certificate needs one.`,
    );
    assert.equal(messageOf(b64('c.pem'), 'pw'), `${field}: not a PKCS#12 (PFX) file in base64.`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
