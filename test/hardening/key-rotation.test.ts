import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { mapSecrets } from '../../src/domain/job-secrets.js';
import type { JobDefinition } from '../../src/domain/job.js';
import type { SealedSecret } from '../../src/domain/secret.js';
import type { Store } from '../../src/ports/store.js';
import {
  AesGcmSecretBox,
  KeyringSecretBox,
  keyId,
  previousKeysFile,
  readKeyring,
  resealAll,
  retirePreviousKeys,
  rotateKeyFile,
  sealedKeyId,
  type RotatingBox,
} from '../../src/secrets/index.js';
import { ManualClock } from '../support/manual-clock.js';
import { forEachBackend, locationOf } from '../store-contract/backends.js';
import { T0, job, jobRef, seedCollection } from '../store-contract/fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'takt-keys-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Every secret kind of docs/reference/scheduling-rules.md §9, main and error action, with recognisable plaintexts.
 */
function plainDefinitions(tag: string): JobDefinition<string>[] {
  const base = {
    startTime: { ms: T0 + 60_000, ticks: 0 },
    recurrence: { frequency: 'minute', interval: 5 },
    state: 'enabled',
  } as const;
  return [
    {
      ...base,
      action: {
        type: 'https',
        request: {
          uri: 'https://127.0.0.1:9/a',
          method: 'POST',
          headers: [],
          authentication: { type: 'Basic', username: 'u', password: `basic-pw-${tag}` },
        },
        errorAction: {
          type: 'storageQueue',
          queueMessage: {
            storageAccount: 'acct',
            queueName: 'jobs',
            sasToken: `sas-token-${tag}`,
            message: 'm',
          },
        },
      },
    },
    {
      ...base,
      action: {
        type: 'https',
        request: {
          uri: 'https://127.0.0.1:9/b',
          method: 'GET',
          headers: [],
          authentication: {
            type: 'ClientCertificate',
            pfx: `pfx-bytes-${tag}`,
            password: `pfx-pw-${tag}`,
            certificateThumbprint: 'AB',
            certificateExpiration: T0,
            certificateSubjectName: 'CN=x',
          },
        },
      },
    },
    {
      ...base,
      action: {
        type: 'http',
        request: {
          uri: 'http://127.0.0.1:9/c',
          method: 'GET',
          headers: [],
          authentication: {
            type: 'ActiveDirectoryOAuth',
            tenant: 't',
            audience: 'a',
            clientId: 'c',
            secret: `oauth-secret-${tag}`,
          },
        },
        errorAction: {
          type: 'serviceBusTopic',
          serviceBusTopicMessage: {
            namespace: 'ns',
            topicPath: 't',
            message: 'm',
            authentication: { type: 'SharedAccessKey', sasKeyName: 'k', sasKey: `sb-topic-key-${tag}` },
          },
        },
      },
    },
    {
      ...base,
      action: {
        type: 'serviceBusQueue',
        serviceBusQueueMessage: {
          namespace: 'ns',
          queueName: 'jobs',
          message: 'm',
          authentication: { type: 'SharedAccessKey', sasKeyName: 'k', sasKey: `sb-queue-key-${tag}` },
        },
      },
    },
  ];
}

const secretsOf = (def: JobDefinition<SealedSecret>): SealedSecret[] => {
  const out: SealedSecret[] = [];
  mapSecrets(def, (s) => (out.push(s), s));
  return out;
};

/** A fixed ring: seals with `current`, opens with every key given. */
function ring(current: Buffer, ...previous: Buffer[]): RotatingBox {
  const box = new AesGcmSecretBox(current, previous);
  return { currentId: keyId(current), seal: (p) => box.seal(p), open: (s) => box.open(s) };
}

async function seed(store: Store, oldBox: RotatingBox, jobs: number): Promise<JobDefinition<string>[]> {
  await seedCollection(store);
  const plains: JobDefinition<string>[] = [];
  for (let i = 0; i < jobs; i++) {
    const plain = plainDefinitions(`${i}`)[i % 4]!;
    plains.push(plain);
    await store.insertJob(job(`job-${i}`, { definition: mapSecrets(plain, (p) => oldBox.seal(p)) }), {
      maxJobs: 1000,
    });
  }
  // A run in progress carries its own snapshot of the action (and its secrets).
  await store.startExtraRun(jobRef('job-2'), 'run-1', T0, (j) => ({
    counters: j.counters,
    schedule: j.schedule,
    occurrence: { executionTag: 'tag-1', dueAt: T0, repeatCount: 1, isFinal: false },
  }));
  return plains;
}

forEachBackend((_name, open) => {
  test('rotation re-seals every secret of every job and run under the new key; all still open to the same plaintext', async () => {
    const store = await open();
    const k0 = randomBytes(32);
    const k1 = randomBytes(32);
    const plains = await seed(store, ring(k0), 9);

    const report = await resealAll(store, ring(k1, k0), { pageSize: 4 });
    assert.equal(report.complete, true);
    assert.deepEqual(
      report.passes.map((p) => [p.stale, p.resealed, p.unreadable]),
      [
        [10, 10, 0],
        [0, 0, 0],
      ],
    );
    assert.deepEqual([...report.keysInUse], [keyId(k1)]);

    const onlyNew = ring(k1); // the old key is no longer needed by anything stored
    for (let i = 0; i < plains.length; i++) {
      const stored = (await store.getJob(jobRef(`job-${i}`)))!;
      for (const s of secretsOf(stored.definition)) assert.equal(sealedKeyId(s), keyId(k1));
      assert.deepEqual(
        mapSecrets(stored.definition, (s) => onlyNew.open(s)),
        plains[i],
      );
      assert.equal(
        stored.version,
        i === 2 ? 2 : 1,
        'rotation keeps the version: no client write is refused for it',
      );
    }
    const [run] = await store.pageSealedRuns('', 10);
    assert.equal(run?.id, 'run-1');
    assert.deepEqual(
      mapSecrets({ ...plains[2]!, action: run.action }, (s) => onlyNew.open(s)).action,
      plains[2]!.action,
    );
  });

  test('a job written meanwhile is skipped by the version guard and picked up by the next pass; unreadable values are reported, not touched', async () => {
    const store = await open();
    const k0 = randomBytes(32);
    const k1 = randomBytes(32);
    await seed(store, ring(k0), 4);
    const unknownKey = ring(randomBytes(32));
    const stranger = mapSecrets(plainDefinitions('x')[0]!, (p) => unknownKey.seal(p));
    await store.insertJob(job('unknown-key', { definition: stranger }), { maxJobs: 1000 });

    // A second node (old key) rewrites job-1 between the rotation's read and its write.
    const other = await open({ sameAs: store });
    const pages: number[] = [];
    const racing: Store = Object.assign(Object.create(store) as Store, {
      resealJobs: async (jobs: Parameters<Store['resealJobs']>[0]) => {
        if (pages.push(jobs.length) === 1) {
          const j1 = (await other.getJob(jobRef('job-1')))!;
          await other.updateJob({
            ...j1,
            definition: mapSecrets(plainDefinitions('new')[1]!, (p) => ring(k0).seal(p)),
            version: j1.version + 1,
          });
        }
        return store.resealJobs(jobs);
      },
    });
    const report = await resealAll(racing, ring(k1, k0));
    assert.equal(report.complete, true);
    assert.deepEqual(
      report.passes.map((p) => [p.stale, p.resealed, p.unreadable]),
      [
        [5, 4, 1],
        [1, 1, 1],
        [0, 0, 1],
      ],
    );
    const j1 = (await store.getJob(jobRef('job-1')))!;
    assert.deepEqual(
      mapSecrets(j1.definition, (s) => ring(k1).open(s)),
      plainDefinitions('new')[1],
    );
    assert.deepEqual((await store.getJob(jobRef('unknown-key')))!.definition, stranger);
    assert.deepEqual(new Set(report.keysInUse), new Set([keyId(k1), unknownKey.currentId]));
  });

  test('the stored bytes hold no plaintext before or after rotation', async () => {
    const store = await open();
    await seed(store, ring(randomBytes(32)), 4);
    await resealAll(store, ring(randomBytes(32), randomBytes(32)));
    const loc = locationOf(store);
    const page = await store.pageSealedJobs(0, 100);
    assert.equal(page.length, 4);
    const text = JSON.stringify(page) + JSON.stringify(await store.pageSealedRuns('', 100));
    for (const secret of [
      'basic-pw-0',
      'pfx-bytes-1',
      'pfx-pw-1',
      'oauth-secret-2',
      'sb-queue-key-3',
      'sas-token-0',
      'sb-topic-key-2',
    ]) {
      assert.ok(!text.includes(secret), `${secret} in ${loc.kind} rows`);
    }
  });
});

test('key file ring: rotate keeps the old key for opening, 0600 files, retire drops it; an interrupted rotation loses nothing', () => {
  const keyFile = join(dir, 'secret.key');
  const k0 = randomBytes(32);
  writeFileSync(keyFile, `${k0.toString('base64')}\n`, { mode: 0o600 });
  const { oldId, newId } = rotateKeyFile(keyFile);
  assert.equal(oldId, keyId(k0));
  const r = readKeyring(keyFile);
  assert.equal(keyId(r.current), newId);
  assert.deepEqual(r.previous.map(keyId), [oldId]);
  assert.equal(statSync(keyFile).mode & 0o777, 0o600);
  assert.equal(statSync(previousKeysFile(keyFile)).mode & 0o777, 0o600);
  // The key file itself still holds one key, as loadOrCreateSecretKey expects.
  assert.equal(readFileSync(keyFile, 'utf8').trim().split('\n').length, 1);

  rotateKeyFile(keyFile);
  assert.equal(readKeyring(keyFile).previous.length, 2);
  assert.equal(retirePreviousKeys(keyFile, new Set([oldId])), 1);
  assert.deepEqual(readKeyring(keyFile).previous.map(keyId), [newId]);

  // Crash after saving the previous keys but before replacing the key file: the current key is listed twice, harmlessly.
  const cur = readKeyring(keyFile).current;
  writeFileSync(
    previousKeysFile(keyFile),
    `${cur.toString('base64')}\n${readFileSync(previousKeysFile(keyFile), 'utf8')}`,
  );
  assert.deepEqual(readKeyring(keyFile).previous.map(keyId), [newId]);
});

test('a running node follows a rotation without restart: it opens values sealed with the new key at once and seals with it after the check interval', () => {
  const keyFile = join(dir, 'live.key');
  writeFileSync(keyFile, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
  const clock = new ManualClock(T0);
  const node = new KeyringSecretBox({ keyFile, clock, checkEveryMs: 1000 });
  const before = node.seal('s1');
  const { oldId, newId } = rotateKeyFile(keyFile);
  assert.equal(sealedKeyId(before), oldId);

  const rotator = new KeyringSecretBox({ keyFile, clock });
  const resealed = rotator.seal(rotator.open(before));
  assert.equal(sealedKeyId(resealed), newId);
  assert.equal(node.open(resealed), 's1', 'unknown key id: the ring is re-read on the spot');
  assert.equal(node.open(before), 's1', 'the old key still opens');

  const node2 = new KeyringSecretBox({ keyFile: join(dir, 'live.key'), clock, checkEveryMs: 1000 });
  rotateKeyFile(keyFile);
  const third = readKeyring(keyFile).current;
  assert.notEqual(sealedKeyId(node2.seal('x')), keyId(third), 'within the interval: still the key it had');
  clock.advance(1000);
  assert.equal(sealedKeyId(node2.seal('x')), keyId(third));
  assert.equal(node2.currentId, keyId(third));

  // A broken ring does not take the loaded keys away.
  writeFileSync(keyFile, 'garbage');
  clock.advance(1000);
  assert.equal(sealedKeyId(node2.seal('y')), keyId(third));
});
