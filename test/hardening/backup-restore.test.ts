// Hardening item 8, end to end: `takt backup` of a real, busy `takt serve`, then the restore procedure
// of docs/operations.md ("Restore (SQLite)") step by step: stop, remove the WAL files, put the copy
// in place with the key ring, start. The restored node holds exactly the state of the backup and
// still opens the jobs' secrets, even with a ring rotated after the backup (old key not retired).
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { header, HttpSink, type RecordedRequest } from '../support/sinks/http-sink.js';
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

const PASSWORD = 'restore-pw-7c1d';

describe('takt backup of a running node, and the documented restore', () => {
  let sink: HttpSink;
  let s: Served;
  let cred: Credential;
  const path = (job: string): string => jobPath(s.admin.subscriptionId, 'cs', 'jc', job);

  before(async () => {
    sink = await HttpSink.start();
    s = await serve();
    cred = { kind: 'token', tenant: s.admin };
    await seedCollection(s, s.admin);
  });
  after(async () => {
    await s?.stop();
    await sink?.close();
  });

  const putJob = async (id: string): Promise<void> => {
    const body = JSON.stringify({
      action: {
        type: 'http',
        request: {
          uri: sink.url(`/target/${id}`),
          method: 'POST',
          body: 'b',
          authentication: { type: 'Basic', username: 'u', password: PASSWORD },
        },
        retryPolicy: { retryType: 'none' },
      },
      recurrence: { frequency: 'hour', interval: 1 },
      startTime: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    });
    const r = await call(s, 'PUT', path(id), { credential: cred, body });
    assert.equal(r.status, 201, r.body);
  };

  /** Runs `id` now (run-now extension) and checks the request it made carries the stored password. */
  const fire = async (id: string): Promise<void> => {
    const arrived = new Promise<RecordedRequest>((resolve) => {
      const onRequest = (r: RecordedRequest): void => {
        if (r.path !== `/target/${id}`) return;
        sink.off('request', onRequest);
        resolve(r);
      };
      sink.on('request', onRequest);
    });
    const run = await call(s, 'POST', `${path(id)}/run`, { credential: cred });
    assert.equal(run.status, 202, run.body);
    const r = await arrived;
    assert.equal(header(r, 'authorization'), `Basic ${Buffer.from(`u:${PASSWORD}`).toString('base64')}`);
  };

  test('backup while serving and firing; changes after it are gone after the restore; secrets still open', async () => {
    await putJob('kept');
    await fire('kept');
    const backupFile = join(s.root, 'backup.db');

    // The backup runs while the node keeps firing and answering.
    let backingUp = true;
    const backup = takt(s, 'backup', '--out', backupFile).finally(() => (backingUp = false));
    let fired = 0;
    do {
      await fire('kept');
      fired++;
    } while (backingUp);
    const out = await backup;
    assert.match(out, /Backed up .*takt\.db to .*backup\.db \(\d+ pages\)/);
    assert.ok(existsSync(backupFile));
    assert.ok(fired >= 1);

    // After the backup: a new job, and a key rotation (the old key stays in the ring, not retired).
    await putJob('later');
    await takt(s, 'keys', 'rotate');
    const db = new Database(backupFile, { readonly: true, fileMustExist: true });
    const inBackup = (db.prepare('SELECT count(*) AS n FROM history').get() as { n: number }).n;
    // A run that was in flight when the copy was taken (its `runs` row is in the backup, its outcome
    // is not) runs again after the restore: at-least-once, one more history entry each.
    const inFlight = (db.prepare('SELECT count(*) AS n FROM runs').get() as { n: number }).n;
    db.close();
    assert.ok(inBackup >= 1, 'the backup holds history of the runs before it');

    // Restore, as docs/operations.md says: stop, remove the WAL files, put the copy in place, start.
    await s.process.stop();
    for (const f of ['takt.db-wal', 'takt.db-shm']) rmSync(join(s.dataDir, f), { force: true });
    copyFileSync(backupFile, join(s.dataDir, 'takt.db'));
    s = await restart(s);

    assert.equal((await call(s, 'GET', path('kept'), { credential: cred })).status, 200);
    const later = await call(s, 'GET', path('later'), { credential: cred });
    assert.equal(later.status, 404, 'a job made after the backup is not in the restored store');
    // The job's sealed secret, from before the rotation, opens with the ring as it is now.
    await fire('kept');
    // History: exactly the backup's entries plus the run just made (outcomes are written after the
    // response, so poll for it with a deadline).
    const deadline = Date.now() + 20_000;
    let entries: unknown[] = [];
    const expected = inBackup + inFlight + 1;
    while (entries.length < expected && Date.now() < deadline) {
      entries = JSON.parse(
        (await call(s, 'GET', `${path('kept')}/history?$top=100`, { credential: cred })).body,
      ) as unknown[];
      if (entries.length < expected) await new Promise((r) => setTimeout(r, 20));
    }
    assert.equal(
      entries.length,
      expected,
      "the backup's history, its in-flight runs re-run, and the new run, nothing else",
    );
  });
});
