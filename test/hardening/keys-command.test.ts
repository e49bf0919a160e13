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
import { T0, job, jobRef, seedCollection } from '../store-contract/fixtures.js';

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
    assert.match(rotated.out, /^pass 1: 1 job\(s\) or run\(s\) under an old key, 1 re-sealed$/m);

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
    const asJson = await takt('keys', 'list', '--json', '--data-dir', dataDir);
    assert.deepEqual(JSON.parse(asJson.out), { current: keyId(k1), previous: [keyId(k0)] });

    const retired = await takt('keys', 'retire', '--data-dir', dataDir);
    assert.equal(retired.code, 0, retired.err);
    assert.match(retired.out, new RegExp(`Retired ${keyId(k0)}\\.`));
    assert.deepEqual(readKeyring(join(dataDir, 'secret.key')).previous, []);
  } finally {
    await live.close();
  }
});

test('takt keys refuses to rewrite a key given by TAKT_SECRET_KEY (list shows it) and a missing key file, with exit 2 and one line', async () => {
  const missing = await takt('keys', 'rotate', '--data-dir', join(root, 'empty'));
  assert.equal(missing.code, 2);
  assert.match(
    missing.err,
    /^error: no secret key file at .*secret\.key \(takt serve creates it on first start\)\n$/,
  );

  const given = randomBytes(32);
  const env = { TAKT_SECRET_KEY: given.toString('base64') };
  let err = '';
  const code = await main(['keys', 'rotate', '--data-dir', root], env, {
    out: () => undefined,
    err: (t) => (err += t),
  });
  assert.equal(code, 2);
  assert.match(err, /TAKT_SECRET_KEY/);
  // Listing writes nothing: the configured key is a ring of one.
  let out = '';
  const listed = await main(['keys', 'list', '--data-dir', root, '--json'], env, {
    out: (t) => (out += t),
    err: (t) => (err += t),
  });
  assert.equal(listed, 0, err);
  assert.deepEqual(JSON.parse(out), { current: keyId(given), previous: [] });
});

test('takt keys reseal counts jobs and runs apart and names the keys missing from the ring', async () => {
  // A store restored from a backup older than a retired key: two jobs and one run in progress hold
  // secrets of a key the ring no longer has. The summary used to say "3 job(s)".
  const dataDir = join(root, 'restored');
  mkdirSync(dataDir, { recursive: true });
  const gone = randomBytes(32);
  writeFileSync(join(dataDir, 'secret.key'), `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
  const live = await openSqliteStore({ path: join(dataDir, 'takt.db') });
  try {
    await seedCollection(live);
    const withAuth = (password: string): JobDefinition<string> => ({
      ...(job('x').definition as JobDefinition<string>),
      action: {
        type: 'https',
        request: {
          uri: 'https://127.0.0.1:9/',
          method: 'GET',
          headers: [],
          authentication: { type: 'Basic', username: 'u', password },
        },
      },
    });
    for (const id of ['j1', 'j2'])
      await live.insertJob(
        job(id, { definition: mapSecrets(withAuth(`pw-${id}`), (p) => new AesGcmSecretBox(gone).seal(p)) }),
        { maxJobs: 10 },
      );
    await live.startExtraRun(jobRef('j1'), 'run-1', T0, (j) => ({
      counters: j.counters,
      schedule: j.schedule,
      occurrence: { executionTag: 'tag-1', dueAt: T0, repeatCount: 1, isFinal: false },
    }));

    const r = await takt('keys', 'reseal', '--data-dir', dataDir);
    assert.equal(r.code, 0, r.err);
    assert.equal(
      r.out,
      'pass 1: 0 job(s) or run(s) under an old key, 0 re-sealed, 3 unreadable\n' +
        'Every readable secret is sealed with the current key.\n' +
        `2 job(s) and 1 run(s) in progress hold secrets no key of the ring opens (sealed with key ${keyId(gone)}, not in the ring); they were left unchanged.\n`,
    );
  } finally {
    await live.close();
  }
});
