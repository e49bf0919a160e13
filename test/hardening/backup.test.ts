import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { BackupUsageError, backupStore } from '../../src/bootstrap/backup.js';
import { backupCommand } from '../../src/cli/commands/backup.js';
import type { CliContext } from '../../src/cli/context.js';
import { loadConfig } from '../../src/config/index.js';
import { openSqliteStore } from '../../src/store/open-store.js';
import {
  cloudService,
  collection,
  historyEntry,
  job,
  jobRef,
  subscription,
} from '../store-contract/fixtures.js';

const root = mkdtempSync(join(tmpdir(), 'takt-backup-'));
after(() => rmSync(root, { recursive: true, force: true }));

const configFor = (dataDir: string) => loadConfig({ flags: { dataDir }, env: {}, cwd: root });

/** A data directory whose store stays open (as under `takt serve`) with a little of everything. */
async function liveStore(name: string) {
  const dataDir = join(root, name);
  const store = await openSqliteStore({ path: join(dataDir, 'takt.db') });
  await store.createSubscription(subscription());
  await store.createCloudService(cloudService());
  await store.createJobCollection(collection());
  for (let i = 0; i < 200; i++) await store.insertJob(job(`job-${i}`), { maxJobs: 1000 });
  await store.appendHistory([historyEntry(jobRef('job-7'))]);
  return { dataDir, store };
}

test('backing up a live store gives a copy that opens with all the data, while the source stays writable', async () => {
  const { dataDir, store } = await liveStore('live');
  const out = join(root, 'copy.db');
  try {
    const report = await backupStore(configFor(dataDir), out);
    assert.ok(report.pages > 0);
    // The copy holds history bodies and token hashes: only the owner may read it, whatever the umask.
    assert.equal(statSync(out).mode & 0o777, 0o600);
    // The live store keeps working after (and independently of) the copy.
    await store.insertJob(job('after-backup'), { maxJobs: 1000 });
    assert.ok(!existsSync(`${out}.partial`));
    assert.ok(!existsSync(`${out}-wal`), 'the copy is one self-contained file');

    const copy = await openSqliteStore({ path: out });
    try {
      assert.deepEqual(await copy.listSubscriptions(), [subscription()]);
      assert.deepEqual(await copy.getJobCollection(jobRef('x')), collection());
      assert.equal(await copy.countJobs(jobRef('x')), 200);
      assert.deepEqual(await copy.getJob(jobRef('job-199')), await store.getJob(jobRef('job-199')));
      assert.equal(await copy.getJob(jobRef('after-backup')), undefined);
      const history = await copy.listHistory(jobRef('job-7'), {}, {});
      assert.equal(history.length, 1);
      assert.equal(history[0]?.message, historyEntry(jobRef('job-7')).message);
    } finally {
      await copy.close();
    }
  } finally {
    await store.close();
  }
});

test('an existing file is never overwritten without --force; PostgreSQL and a missing store are refused', async () => {
  const { dataDir, store } = await liveStore('guards');
  try {
    const out = join(root, 'exists.db');
    writeFileSync(out, 'precious', { mode: 0o644 });
    await assert.rejects(backupStore(configFor(dataDir), out), /exists/);
    await backupStore(configFor(dataDir), out, { overwrite: true });
    assert.equal(statSync(out).mode & 0o777, 0o600, 'a replaced file does not keep its old mode');
    const copy = await openSqliteStore({ path: out });
    assert.equal(await copy.countJobs(jobRef('x')), 200);
    await copy.close();

    const pgConfig = loadConfig({
      flags: { dataDir, databaseUrl: 'postgres://x@127.0.0.1/db' },
      env: {},
      cwd: root,
    });
    await assert.rejects(backupStore(pgConfig, join(root, 'pg.db')), /pg_dump/);
    // A usage error (the CLI's exit 2), naming the setting.
    await assert.rejects(
      backupStore(configFor(join(root, 'nothing-here')), join(root, 'none.db')),
      (e: unknown) => e instanceof BackupUsageError && /^dataDir: no SQLite store at /.test(e.message),
    );
    await assert.rejects(
      backupStore(configFor(dataDir), join(dataDir, 'takt.db'), { overwrite: true }),
      /live store/,
    );
  } finally {
    await store.close();
  }
});

function cli(env: CliContext['env'] = {}): { ctx: CliContext; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    ctx: { io: { out: (t) => out.push(t), err: (t) => err.push(t) }, env, cwd: process.cwd(), exitCode: 0 },
    out,
    err,
  };
}

test('takt backup --data-dir DIR --out FILE: exit 0 and a line naming the copy; exit 2 on a refused request', async () => {
  const { dataDir, store } = await liveStore('cli');
  try {
    const out = join(root, 'cli-copy.db');
    const ok = cli();
    await backupCommand(ok.ctx).parseAsync(['--data-dir', dataDir, '--out', out], { from: 'user' });
    assert.equal(ok.ctx.exitCode, 0, ok.err.join(''));
    assert.match(ok.out.join(''), /Backed up .*takt\.db to .*cli-copy\.db \(\d+ pages\)/);
    const copy = await openSqliteStore({ path: out });
    assert.equal(await copy.countJobs(jobRef('x')), 200);
    await copy.close();

    // The copy exists: refused (exit 1) with a message that names --force, which replaces it.
    const again = cli();
    await backupCommand(again.ctx).parseAsync(['--data-dir', dataDir, '--out', out], { from: 'user' });
    assert.equal(again.ctx.exitCode, 1);
    assert.match(
      again.err.join(''),
      /^error: backup: .*cli-copy\.db exists \(choose another file, or --force to replace it\)\n$/,
    );
    const forced = cli();
    await backupCommand(forced.ctx).parseAsync(['--data-dir', dataDir, '--out', out, '--force'], {
      from: 'user',
    });
    assert.equal(forced.ctx.exitCode, 0, forced.err.join(''));

    const refused = cli({ TAKT_DATABASE_URL: 'postgres://x@127.0.0.1/db' });
    await backupCommand(refused.ctx).parseAsync(['--data-dir', dataDir, '--out', join(root, 'x.db')], {
      from: 'user',
    });
    assert.equal(refused.ctx.exitCode, 2);
    assert.match(refused.err.join(''), /^error: .*PostgreSQL/);
  } finally {
    await store.close();
  }
});

test('--out naming a folder, or a file in a folder that does not exist: exit 2 naming --out, nothing left behind', async () => {
  const { dataDir, store } = await liveStore('out-paths');
  try {
    const folder = join(root, 'a-folder');
    mkdirSync(folder);
    for (const force of [[], ['--force']]) {
      const r = cli();
      await backupCommand(r.ctx).parseAsync(['--data-dir', dataDir, '--out', folder, ...force], {
        from: 'user',
      });
      assert.equal(r.ctx.exitCode, 2, r.err.join(''));
      assert.equal(
        r.err.join(''),
        `error: --out: ${folder} is a folder; name the file to write, e.g. ${join(folder, 'takt-backup.db')}\n`,
      );
    }
    assert.deepEqual(readdirSync(folder), []);
    const missing = join(root, 'no-such-folder', 'copy.db');
    const r = cli();
    await backupCommand(r.ctx).parseAsync(['--data-dir', dataDir, '--out', missing], { from: 'user' });
    assert.equal(r.ctx.exitCode, 2, r.err.join(''));
    assert.equal(r.err.join(''), `error: --out: the folder ${join(root, 'no-such-folder')} does not exist\n`);
    assert.ok(!readdirSync(root).some((f) => f.endsWith('.partial')), 'no partial file');
  } finally {
    await store.close();
  }
});

test('--out naming a file the node needs (its journal, its keys, its identity) is refused even with --force, unchanged', async () => {
  const { dataDir, store } = await liveStore('own-files');
  try {
    const key = join(dataDir, 'secret.key');
    writeFileSync(key, 'k'.repeat(44));
    for (const name of ['secret.key', 'takt.db-wal', 'node-id', 'connection.json']) {
      const target = join(dataDir, name);
      const before = existsSync(target) ? statSync(target).mtimeMs : undefined;
      const r = cli();
      await backupCommand(r.ctx).parseAsync(['--data-dir', dataDir, '--out', target, '--force'], {
        from: 'user',
      });
      assert.equal(r.ctx.exitCode, 2, `${name}: ${r.err.join('')}`);
      assert.equal(
        r.err.join(''),
        `error: --out: ${target} is a file of the data directory the node uses; choose another path\n`,
      );
      assert.equal(existsSync(target) ? statSync(target).mtimeMs : undefined, before, `${name} untouched`);
    }
  } finally {
    await store.close();
  }
});
