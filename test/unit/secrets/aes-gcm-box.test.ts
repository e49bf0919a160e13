import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { SealedSecret } from '../../../src/domain/secret.js';
import { AesGcmSecretBox, keyId, loadOrCreateSecretKey } from '../../../src/secrets/index.js';

describe('AesGcmSecretBox', () => {
  const key = randomBytes(32);
  const box = new AesGcmSecretBox(key);

  test('round trip, including empty and non-ASCII values', () => {
    for (const plain of ['p@ssw0rd', '', 'clé secrète ✓', 'x'.repeat(10_000)]) {
      const sealed = box.seal(plain);
      assert.notEqual(sealed, plain);
      assert.ok(!sealed.includes(plain) || plain === '');
      assert.equal(box.open(sealed), plain);
    }
  });

  test('a sealed value names its key and never repeats a nonce', () => {
    const sealed = new Set<string>();
    const nonces = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const s = box.seal('same value');
      const [version, id, packed] = s.split(':');
      assert.equal(version, 'v1');
      assert.equal(id, keyId(key));
      sealed.add(s);
      nonces.add(Buffer.from(packed!, 'base64url').subarray(0, 12).toString('hex'));
    }
    assert.equal(sealed.size, 2000);
    assert.equal(nonces.size, 2000);
  });

  test('tampering with any byte of nonce, ciphertext or tag is detected', () => {
    const sealed = box.seal('transfer 100');
    const [version, id, packed] = sealed.split(':');
    const bytes = Buffer.from(packed!, 'base64url');
    for (let i = 0; i < bytes.length; i++) {
      const t = Buffer.from(bytes);
      t[i] = t[i]! ^ 0x01;
      assert.throws(
        () => box.open(`${version}:${id}:${t.toString('base64url')}` as SealedSecret),
        /authentication failed/,
      );
    }
    assert.throws(
      () => box.open(`${version}:${id}:${bytes.subarray(0, 20).toString('base64url')}` as SealedSecret),
      /truncated/,
    );
    assert.throws(() => box.open('plain text' as SealedSecret), /unknown format/);
  });

  test('a value sealed with another key cannot be opened; old keys still open after rotation', () => {
    const other = new AesGcmSecretBox(randomBytes(32));
    assert.throws(() => other.open(box.seal('x')), /which this node does not have/);
    const newKey = randomBytes(32);
    const rotated = new AesGcmSecretBox(newKey, [key]);
    const old = box.seal('before rotation');
    assert.equal(rotated.open(old), 'before rotation');
    assert.equal(rotated.seal('after').split(':')[1], keyId(newKey));
  });

  test('moving a value to another key id fails (the id is authenticated)', () => {
    const k2 = randomBytes(32);
    const both = new AesGcmSecretBox(key, [k2]);
    const [v, , packed] = both.seal('x').split(':');
    assert.throws(() => both.open(`${v}:${keyId(k2)}:${packed}` as SealedSecret), /authentication failed/);
  });

  test('rejects keys that are not 32 bytes', () => {
    assert.throws(() => new AesGcmSecretBox(randomBytes(16)), /must be 32 bytes/);
  });
});

describe('loadOrCreateSecretKey', () => {
  test('generates a 0600 key file on first start and reads it back afterwards', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'takt-key-')), 'sub', 'secret.key');
    const first = loadOrCreateSecretKey({ keyFile: file });
    assert.equal(first.source, 'generated');
    assert.equal(first.key.length, 32);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(readFileSync(file, 'utf8').trim(), first.key.toString('base64'));
    const again = loadOrCreateSecretKey({ keyFile: file });
    assert.equal(again.source, 'file');
    assert.deepEqual(again.key, first.key);
  });

  test('a configured key wins and no file is written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'takt-key-'));
    const key = randomBytes(32);
    const got = loadOrCreateSecretKey({
      keyBase64: key.toString('base64'),
      keyFile: join(dir, 'secret.key'),
    });
    assert.equal(got.source, 'config');
    assert.deepEqual(got.key, key);
    assert.throws(() => statSync(join(dir, 'secret.key')), /ENOENT/);
  });

  test('a damaged key file is an error naming the file', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'takt-key-')), 'secret.key');
    writeFileSync(file, 'short', { mode: 0o600 });
    assert.throws(
      () => loadOrCreateSecretKey({ keyFile: file }),
      (e: unknown) =>
        e instanceof Error && e.message.startsWith(`secretKeyFile: ${file}: the secret key must be 32 bytes`),
    );
  });

  test('an empty key file is named as holding no key, with what to do', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'takt-key-')), 'secret.key');
    writeFileSync(file, '', { mode: 0o600 });
    assert.throws(
      () => loadOrCreateSecretKey({ keyFile: file }),
      (e: unknown) =>
        e instanceof Error && e.message.startsWith(`secretKeyFile: ${file} is empty, so it holds no key`),
    );
  });

  test('a key file that cannot be written (no space) leaves no file behind, so the next start makes one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'takt-key-'));
    const file = join(dir, 'secret.key');
    const module = new URL('../../../src/secrets/index.ts', import.meta.url).href;
    // A file size limit of 0 makes every write fail (EFBIG) as a full disk does (ENOSPC); the signal
    // the kernel sends with it is ignored, as the ignore is inherited by the node process.
    const script = `import(${JSON.stringify(module)}).then((m) => m.loadOrCreateSecretKey({ keyFile: ${JSON.stringify(file)} })).then(() => process.exit(0), (e) => { console.error(e.message); process.exit(3); })`;
    const r = spawnSync(
      'bash',
      ['-c', `ulimit -f 0; trap '' XFSZ; exec "$0" --import tsx -e "$1"`, process.execPath, script],
      {
        encoding: 'utf8',
      },
    );
    assert.equal(r.status, 3, `${r.stdout}${r.stderr}`);
    assert.match(r.stderr, /^secretKeyFile: cannot create .*secret\.key \(EFBIG\)/);
    assert.deepEqual(readdirSync(dir), []);
    assert.equal(loadOrCreateSecretKey({ keyFile: file }).source, 'generated');
  });
});
