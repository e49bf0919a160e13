// Hardening item 3: `takt keys rotate` while a real `takt serve` keeps serving and firing. Jobs with
// outbound Basic passwords are run (run-now extension) against a local sink and written through the
// API during the rotation; every request reaching the sink carries the right password, the raw
// SQLite file ends with every secret under the new key only, the old key can be retired without a
// restart, and a restart afterwards still opens everything. On SQLite and on PostgreSQL (the ring
// is the data directory's key files either way).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { keyId, readKeyring } from '../../src/secrets/index.js';
import { header, HttpSink, type RecordedRequest } from '../support/sinks/http-sink.js';
import { freshDatabase, type PgDatabase } from '../../support/postgres.js';
import {
  call,
  jobPath,
  restart,
  serve,
  takt,
  type Credential,
  type Served,
  seedCollection,
} from './support/serve.js';

const basicOf = (password: string): string => `Basic ${Buffer.from(`u:${password}`).toString('base64')}`;

/** A job that never fires by itself (first due in 30 days): it runs only when asked to. */
const jobBody = (target: string, password: string): string =>
  JSON.stringify({
    action: {
      type: 'http',
      request: {
        uri: target,
        method: 'POST',
        body: 'b',
        authentication: { type: 'Basic', username: 'u', password },
      },
      retryPolicy: { retryType: 'none' },
    },
    recurrence: { frequency: 'hour', interval: 1 },
    startTime: new Date(Date.now() + 30 * 86_400_000).toISOString(),
  });

const SEALED_SQL = 'SELECT definition AS t FROM jobs UNION ALL SELECT action AS t FROM runs';

/** The key id of every sealed value in the jobs and runs tables, read raw through a second connection. */
async function sealedKeyIds(dataDir: string, database: PgDatabase | undefined): Promise<string[]> {
  let rows: { t: string | Buffer }[];
  if (database) {
    const c = new pg.Client({ connectionString: database.url });
    await c.connect();
    try {
      rows = (await c.query<{ t: string }>(SEALED_SQL)).rows;
    } finally {
      await c.end();
    }
  } else {
    const db = new Database(join(dataDir, 'takt.db'), { readonly: true, fileMustExist: true });
    try {
      rows = db.prepare(SEALED_SQL).all() as { t: string | Buffer }[];
    } finally {
      db.close();
    }
  }
  const text = rows.map((r) => String(r.t)).join('\n');
  return [...text.matchAll(/v1:([A-Za-z0-9_-]+):/g)].map((m) => m[1]!);
}

for (const backend of ['sqlite', 'postgres'] as const)
  describe(`key rotation while takt serve keeps firing (${backend})`, () => {
    let sink: HttpSink;
    let s: Served;
    let database: PgDatabase | undefined;
    let cred: Credential;
    /** Job id → its password; every job's target path is /target/<id>. */
    const passwords = new Map<string, string>();

    before(async () => {
      sink = await HttpSink.start();
      if (backend === 'postgres') database = await freshDatabase('takt_rotation');
      s = await serve(database ? ['--database-url', database.url] : []);
      cred = { kind: 'token', tenant: s.admin };
      await seedCollection(s, s.admin);
    });
    after(async () => {
      await s?.stop();
      await database?.drop();
      await sink?.close();
    });

    const put = async (id: string, password: string): Promise<void> => {
      const r = await call(s, 'PUT', jobPath(s.admin.subscriptionId, 'cs', 'jc', id), {
        credential: cred,
        body: jobBody(sink.url(`/target/${id}`), password),
      });
      assert.ok(r.status === 201 || r.status === 200, `${id}: ${r.status} ${r.body}`);
      passwords.set(id, password);
    };

    /** Runs `id` now and answers the request it made to the sink. */
    const fire = async (id: string): Promise<RecordedRequest> => {
      const arrived = new Promise<RecordedRequest>((resolve) => {
        const onRequest = (r: RecordedRequest): void => {
          if (r.path !== `/target/${id}`) return;
          sink.off('request', onRequest);
          resolve(r);
        };
        sink.on('request', onRequest);
      });
      const run = await call(s, 'POST', `${jobPath(s.admin.subscriptionId, 'cs', 'jc', id)}/run`, {
        credential: cred,
      });
      assert.equal(run.status, 202, `run ${id}: ${run.body}`);
      return arrived;
    };

    const fireAndCheck = async (id: string): Promise<void> => {
      const r = await fire(id);
      assert.equal(header(r, 'authorization'), basicOf(passwords.get(id)!), `${id} sent its own password`);
    };

    test('rotate: jobs keep firing with the right password and new writes are accepted during the whole rotation', async () => {
      await put('steady', 'steady-pw-1');
      await fireAndCheck('steady');
      const oldId = keyId(readKeyring(join(s.dataDir, 'secret.key')).current);
      assert.deepEqual(
        [...new Set(await sealedKeyIds(s.dataDir, database))],
        [oldId],
        'before: everything under the first key',
      );

      let rotating = true;
      const rotation = takt(s, 'keys', 'rotate').finally(() => (rotating = false));
      let rounds = 0;
      while (rotating) {
        rounds++;
        await fireAndCheck('steady');
        // Ten jobs created, then replaced with new passwords, while the rotation re-seals around them.
        const id = `during-${rounds % 10}`;
        await put(id, `during-pw-${rounds}`);
        const read = await call(s, 'GET', jobPath(s.admin.subscriptionId, 'cs', 'jc', id), {
          credential: cred,
        });
        assert.equal(read.status, 200, read.body);
      }
      const out = await rotation;
      assert.ok(rounds >= 10, `the service was used throughout the rotation (${rounds} rounds)`);

      const ring = readKeyring(join(s.dataDir, 'secret.key'));
      const newId = keyId(ring.current);
      assert.notEqual(newId, oldId);
      assert.deepEqual(ring.previous.map(keyId), [oldId], 'the old key stays for opening until retired');
      assert.match(
        out,
        new RegExp(
          `Rotated secret key ${oldId} -> ${newId}\\. Every readable secret is sealed with the current key\\.`,
        ),
      );
      const ids = await sealedKeyIds(s.dataDir, database);
      assert.ok(ids.length >= passwords.size, `every job's secret is in the file (${ids.length})`);
      assert.deepEqual([...new Set(ids)], [newId], 'after: every stored secret is under the new key only');
      // Every job opens under the new key: each one fires with its own password.
      for (const id of passwords.keys()) await fireAndCheck(id);
    });

    test('retire drops the old key while serving; jobs written before, during and after still fire, and after a restart too', async () => {
      const retired = await takt(s, 'keys', 'retire');
      assert.match(retired, /Retired [A-Za-z0-9_-]+\./);
      assert.deepEqual(readKeyring(join(s.dataDir, 'secret.key')).previous, []);
      await put('after', 'after-pw');
      for (const id of passwords.keys()) await fireAndCheck(id);

      await s.process.stop();
      s = await restart(s);
      for (const id of passwords.keys()) await fireAndCheck(id);
      // No attempt failed at any point (a secret it could not open would be a failed history entry).
      for (const id of passwords.keys()) {
        const failed = await call(
          s,
          'GET',
          `${jobPath(s.admin.subscriptionId, 'cs', 'jc', id)}/history?$filter=status eq failed`,
          { credential: cred },
        );
        assert.equal(failed.status, 200, failed.body);
        assert.deepEqual(JSON.parse(failed.body), [], `${id}: ${failed.body}`);
      }
      const all = await call(s, 'GET', `${jobPath(s.admin.subscriptionId, 'cs', 'jc', 'steady')}/history`, {
        credential: cred,
      });
      assert.ok(
        (JSON.parse(all.body) as unknown[]).length >= 5,
        `steady's runs are in its history: ${all.body}`,
      );
    });
  });
