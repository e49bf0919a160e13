// A node that has just generated its secret key refuses to start on a store whose job secrets were
// sealed with keys it does not have (docs/security.md, "A new key on a store with secrets"): a
// SQLite data directory whose key file was lost, and a second PostgreSQL node started without the
// first one's key. The refused start removes the key file it made and says how to fix it; with the
// right key, or TAKT_ALLOW_NEW_SECRET_KEY=true, the node starts. Real `takt serve` processes.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { freshDatabase, type PgDatabase } from '../../support/postgres.js';
import { readConnection, startTakt, type TaktProcess } from '../../support/serve.js';
import { api, JC_PATH, seedCollection } from '../e2e/engine-support.js';

const root = mkdtempSync(join(tmpdir(), 'takt-new-key-'));
const running: TaktProcess[] = [];
let database: PgDatabase | undefined;
after(async () => {
  for (const n of running) await n.stop();
  rmSync(root, { recursive: true, force: true });
  await database?.drop();
});

const serve = async (dataDir: string, url?: string, env: Record<string, string> = {}) => {
  const n = await startTakt(
    ['--data-dir', dataDir, '--port', '0', ...(url ? ['--database-url', url] : [])],
    env,
  );
  running.push(n);
  return n;
};

/** A job whose Basic password is sealed by the node answering `dataDir`'s connection. */
async function jobWithSecret(dataDir: string): Promise<void> {
  const a = api(readConnection(dataDir));
  await seedCollection(a);
  const put = await a.call(
    'PUT',
    `${JC_PATH}/jobs/sealed`,
    JSON.stringify({
      startTime: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      action: {
        type: 'http',
        request: {
          uri: 'http://127.0.0.1:9/x',
          method: 'GET',
          authentication: { type: 'Basic', username: 'u', password: 'hunter2' },
        },
      },
    }),
  );
  assert.equal(put.status, 201, put.body);
}

const REFUSED =
  /exited with 1 before it was ready:[^]*error: the store holds job secrets sealed with secret key [0-9a-f]{12}, which this node does not have: it had just created a new key file, (\S+), now removed\. Give it the key that sealed them/;

describe('a new secret key on a store with secrets', () => {
  test('SQLite: a lost key file is not silently replaced', async () => {
    const dataDir = join(root, 'sqlite');
    const first = await serve(dataDir);
    await jobWithSecret(dataDir);
    await first.stop();
    running.pop();
    const keyFile = join(dataDir, 'secret.key');
    copyFileSync(keyFile, join(root, 'kept.key'));
    rmSync(keyFile);

    await assert.rejects(serve(dataDir), REFUSED);
    assert.equal(existsSync(keyFile), false, 'the refused start leaves no key file behind');
    // The right key back: the node starts and still opens the secret (a PATCH merges over it).
    copyFileSync(join(root, 'kept.key'), keyFile);
    const back = await serve(dataDir);
    const patch = await api(readConnection(dataDir)).call(
      'PATCH',
      `${JC_PATH}/jobs/sealed`,
      JSON.stringify({ action: { request: { uri: 'http://127.0.0.1:9/y' } } }),
    );
    assert.equal(patch.status, 200, patch.body);
    await back.stop();
    running.pop();
    // A lost key, knowingly: the opt-in starts with a new one.
    rmSync(keyFile);
    await serve(dataDir, undefined, { TAKT_ALLOW_NEW_SECRET_KEY: 'true' });
    assert.equal(existsSync(keyFile), true);
  });

  test('PostgreSQL: a second node without the first one`s key is refused', async () => {
    database = await freshDatabase('takt_new_key');
    const a = join(root, 'pg-a');
    await serve(a, database.url);
    await jobWithSecret(a);
    const b = join(root, 'pg-b');
    await assert.rejects(serve(b, database.url), REFUSED);
    assert.equal(existsSync(join(b, 'secret.key')), false);
    // With the first node's key file, the second node joins.
    mkdirSync(b, { recursive: true });
    copyFileSync(join(a, 'secret.key'), join(b, 'secret.key'));
    await serve(b, database.url);
  });

  test('a configured key that cannot open the stored secrets starts, with a warning naming the keys', async () => {
    // A typo in TAKT_SECRET_KEY, or an old key put back: the node is not refused (docs/security.md:
    // a key it was given is trusted), but it says at start which keys it lacks, instead of
    // letting every attempt of those jobs fail ("cannot be decrypted") without a word until then.
    const dataDir = join(root, 'configured');
    const first = await serve(dataDir);
    await jobWithSecret(dataDir);
    await first.stop();
    running.pop();
    const wrong = Buffer.alloc(32, 9).toString('base64');
    const n = await serve(dataDir, undefined, { TAKT_SECRET_KEY: wrong });
    const line = n
      .stderr()
      .split('\n')
      .find((l) => l.includes('stored job secrets are sealed with keys this node does not have'));
    assert.ok(line, n.stderr());
    const logged = JSON.parse(line) as { level: number; keys: string[]; keySource: string };
    assert.equal(logged.level, 40);
    assert.match(logged.keys.join(','), /^[0-9a-f]{12}$/);
    assert.equal(logged.keySource, 'TAKT_SECRET_KEY / secretKey');
  });
});
