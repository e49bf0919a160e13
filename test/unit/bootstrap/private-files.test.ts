// Private files found open to other users are tightened to 0600 at start, each named in a warning
// (src/bootstrap/private-files.ts): before, only secret.key was (and without a word), and
// secret.key.previous (which opens every secret sealed before a rotation), the TLS and admin keys
// and connection.json stayed 0644.
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { dataDirLayout } from '../../../src/bootstrap/data-dir.js';
import { privateFiles, tightenPrivateFiles, warnOpenStore } from '../../../src/bootstrap/private-files.js';
import type { Logger } from '../../../src/ports/logger.js';

const root = mkdtempSync(join(tmpdir(), 'takt-private-'));
after(() => rmSync(root, { recursive: true, force: true }));

test('every private file open to others becomes 0600 with a warning naming it; a 0600 one is left alone', () => {
  const layout = dataDirLayout(root);
  mkdirSync(join(root, 'tls'));
  mkdirSync(join(root, 'admin'));
  const key = join(root, 'secret.key');
  const files = privateFiles(layout, key);
  assert.deepEqual(files, [
    key,
    `${key}.previous`,
    layout.caKey,
    layout.serverKey,
    layout.adminKey,
    layout.connectionFile,
  ]);
  for (const f of files) {
    writeFileSync(f, 'x');
    chmodSync(f, 0o644);
  }
  chmodSync(layout.adminKey, 0o600);
  const warned: unknown[] = [];
  const logger = { warn: (fields: unknown) => warned.push(fields) } as unknown as Logger;
  tightenPrivateFiles([...files, join(root, 'missing.pem')], logger);
  for (const f of files) assert.equal(statSync(f).mode & 0o777, 0o600, f);
  assert.deepEqual(
    warned,
    files.filter((f) => f !== layout.adminKey).map((file) => ({ file, was: '0644' })),
  );
});

test('a folder named as a private file (secretKeyFile=/etc/takt by mistake) keeps its mode, with no warning', () => {
  // Before, a start with TAKT_SECRET_KEY_FILE naming a folder chmod-ed that folder 0600 (it
  // happened to /tmp) and only then failed with `secretKeyFile: cannot read <dir> (EISDIR)`.
  const folder = join(root, 'shared-folder');
  mkdirSync(folder);
  chmodSync(folder, 0o755);
  const warned: unknown[] = [];
  const logger = { warn: (fields: unknown) => warned.push(fields) } as unknown as Logger;
  tightenPrivateFiles([folder], logger);
  assert.equal(statSync(folder).mode & 0o777, 0o755);
  assert.deepEqual(warned, []);
});

test('a SQLite store readable by others keeps its mode and is named in a warning; 0600 or 0640 is not', () => {
  const db = join(root, 'takt.db');
  const warned: unknown[] = [];
  const logger = { warn: (fields: unknown) => warned.push(fields) } as unknown as Logger;
  writeFileSync(db, 'x');
  for (const mode of [0o600, 0o640]) {
    chmodSync(db, mode);
    warnOpenStore(db, logger);
  }
  assert.deepEqual(warned, []);
  chmodSync(db, 0o644);
  warnOpenStore(db, logger);
  assert.deepEqual(warned, [{ file: db, mode: '0644' }]);
  assert.equal(statSync(db).mode & 0o777, 0o644);
  warnOpenStore(join(root, 'none.db'), logger);
  assert.equal(warned.length, 1);
});
