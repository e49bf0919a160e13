import assert from 'node:assert/strict';
import { test } from 'node:test';
import forge from 'node-forge';
import { certificateFacts } from '../../../src/app/admin/credentials.js';
import { NodePfxInspector } from '../../../src/certificates/node-pfx-inspector.js';

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
