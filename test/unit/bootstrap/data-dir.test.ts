// ensureDir makes the data directory and its folders; what goes wrong names `dataDir`.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ensureDir } from '../../../src/bootstrap/data-dir.js';

const root = mkdtempSync(join(tmpdir(), 'takt-data-dir-'));
after(() => rmSync(root, { recursive: true, force: true }));

test('missing folders are made 0700, parents included; an existing folder is fine', () => {
  const deep = join(root, 'a', 'b', 'c');
  ensureDir(deep);
  ensureDir(deep);
  for (const d of [join(root, 'a'), join(root, 'a', 'b'), deep])
    assert.equal(statSync(d).mode & 0o777, 0o700);
});

test('a file where a folder should be is named', () => {
  const file = join(root, 'file');
  writeFileSync(file, 'x');
  assert.throws(() => ensureDir(file), { message: `dataDir: ${file} is not a directory` });
  assert.throws(() => ensureDir(join(file, 'x', 'y')), {
    message: `dataDir: cannot create ${join(file, 'x', 'y')}: ${file} is not a directory`,
  });
});

test('a folder mkdir refuses with ENOENT under an existing parent (/proc) fails instead of hanging', () => {
  // Node 20's recursive mkdir loops forever there, deaf to SIGTERM. A child process, so that the
  // old behaviour fails this test by its timeout instead of blocking the test runner.
  const run = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '-e',
      `import('${join(import.meta.dirname, '../../../src/bootstrap/data-dir.ts')}').then((m) => { try { m.ensureDir('/proc/takt-data-dir-test'); } catch (e) { console.log(e.message); } })`,
    ],
    { encoding: 'utf8', timeout: 20_000 },
  );
  assert.equal(run.signal, null, 'ensureDir returned');
  assert.equal(run.stdout.trim(), 'dataDir: cannot create /proc/takt-data-dir-test (ENOENT)');
});
