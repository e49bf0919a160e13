import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { main } from '../../src/cli/main.js';
import { mapSecrets } from '../../src/domain/job-secrets.js';
import type { JobDefinition } from '../../src/domain/job.js';
import { AesGcmSecretBox, keyId, readKeyring, sealedKeyId } from '../../src/secrets/index.js';
import { openSqliteStore } from '../../src/store/open-store.js';
import { job, jobRef, seedCollection } from '../store-contract/fixtures.js';

const root = mkdtempSync(join(tmpdir(), 'takt-keys-cli-'));
after(() => rmSync(root, { recursive: true, force: true }));

async function takt(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, {}, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

test('takt keys rotate / list / retire on a data directory, while the store stays open', async () => {
  const dataDir = join(root, 'data');
  mkdirSync(dataDir, { recursive: true });
  const k0 = randomBytes(32);
  writeFileSync(join(dataDir, 'secret.key'), `${k0.toString('base64')}\n`, { mode: 0o600 });
  const live = await openSqliteStore({ path: join(dataDir, 'takt.db') });
  try {
    await seedCollection(live);
    const plain = job('j1').definition as JobDefinition<string>;
    const withAuth: JobDefinition<string> = {
      ...plain,
      action: {
        type: 'https',
        request: {
          uri: 'https://127.0.0.1:9/',
          method: 'GET',
          headers: [],
          authentication: { type: 'Basic', username: 'u', password: 'pw-1' },
        },
      },
    };
    await live.insertJob(
      job('j1', { definition: mapSecrets(withAuth, (p) => new AesGcmSecretBox(k0).seal(p)) }),
      { maxJobs: 10 },
    );

    const rotated = await takt('keys', 'rotate', '--data-dir', dataDir);
    assert.equal(rotated.code, 0, rotated.err);
    const ring = readKeyring(join(dataDir, 'secret.key'));
    const k1 = ring.current;
    assert.match(
      rotated.out,
      new RegExp(
        `Rotated secret key ${keyId(k0)} -> ${keyId(k1)}\\. Every readable secret is sealed with the current key\\.`,
      ),
    );
    assert.match(rotated.out, /^pass 1: 1 value\(s\) under an old key, 1 re-sealed$/m);

    const stored = (await live.getJob(jobRef('j1')))!;
    assert.equal(stored.definition.action.type, 'https');
    const auth =
      stored.definition.action.type === 'https' ? stored.definition.action.request.authentication : undefined;
    assert.equal(auth?.type, 'Basic');
    if (auth?.type === 'Basic') {
      assert.equal(sealedKeyId(auth.password), keyId(k1));
      assert.equal(new AesGcmSecretBox(k1).open(auth.password), 'pw-1');
    }

    const listed = await takt('keys', 'list', '--data-dir', dataDir);
    assert.equal(listed.out, `current   ${keyId(k1)}\nprevious  ${keyId(k0)}\n`);

    const retired = await takt('keys', 'retire', '--data-dir', dataDir);
    assert.equal(retired.code, 0, retired.err);
    assert.match(retired.out, new RegExp(`Retired ${keyId(k0)}\\.`));
    assert.deepEqual(readKeyring(join(dataDir, 'secret.key')).previous, []);
  } finally {
    await live.close();
  }
});

test('takt keys refuses a key given by TAKT_SECRET_KEY and a missing key file with exit 2 and one line', async () => {
  const missing = await takt('keys', 'rotate', '--data-dir', join(root, 'empty'));
  assert.equal(missing.code, 2);
  assert.match(
    missing.err,
    /^error: no secret key file at .*secret\.key \(takt serve creates it on first start\)\n$/,
  );

  let err = '';
  const code = await main(
    ['keys', 'list', '--data-dir', root],
    { TAKT_SECRET_KEY: randomBytes(32).toString('base64') },
    { out: () => undefined, err: (t) => (err += t) },
  );
  assert.equal(code, 2);
  assert.match(err, /TAKT_SECRET_KEY/);
});
