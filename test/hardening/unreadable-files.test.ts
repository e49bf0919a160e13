// Files that are there but that the running user may not read (docs/operations.md, "Exit codes"):
// the operator is told the setting and the file with the system's code, never a library's bare
// message or a wrong diagnosis ("no SQLite store" for a store it could not read). Run as root (as
// CI does), the commands run as `nobody` (setpriv) against root's owner-only files; run as another
// user, the files are made unreadable to that user instead: either way the OS answers EACCES.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { ROOT, ensureBuilt, startTakt } from '../../support/serve.js';

const asRoot = process.getuid?.() === 0;
/** nobody:nogroup on Debian. */
const NOBODY = { uid: 65534, gid: 65534 };

/** `takt <args>` as a user that cannot read root's owner-only files; stdout and stderr apart. */
async function takt(args: readonly string[]): Promise<{ code: number | null; stderr: string }> {
  ensureBuilt();
  const node = [process.execPath, join(ROOT, 'bin', 'takt.js'), ...args];
  const argv = asRoot
    ? ['setpriv', `--reuid=${NOBODY.uid}`, `--regid=${NOBODY.gid}`, '--clear-groups', ...node]
    : node;
  const child = spawn(argv[0]!, argv.slice(1), {
    cwd: tmpdir(),
    env: { ...process.env, TAKT_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stdout.resume();
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const [code] = (await once(child, 'exit')) as [number | null];
  return {
    code,
    stderr: stderr
      .split('\n')
      .filter((l) => l !== '' && !l.startsWith('{'))
      .join('\n'),
  };
}

/** Gives `path` (and below) to nobody when root, so only the files made unreadable stay out of reach. */
function handOver(path: string): void {
  if (!asRoot) return;
  chownSync(path, NOBODY.uid, NOBODY.gid);
  if (statSync(path).isDirectory()) for (const name of readdirSync(path)) handOver(join(path, name));
}

/** The file stays root's (0600) when root; made unreadable to its owner otherwise. */
function keepOut(path: string): void {
  if (asRoot) chownSync(path, 0, 0);
  chmodSync(path, asRoot ? 0o600 : 0o000);
}

describe('files that cannot be read are named with the setting and the code', () => {
  const root = mkdtempSync(join(tmpdir(), 'takt-unreadable-'));
  chmodSync(root, 0o755);
  after(() => rmSync(root, { recursive: true, force: true }));

  test('takt backup of a store it may not read says so, not "no SQLite store"', async () => {
    const data = join(root, 'data');
    const node = await startTakt(['--data-dir', data, '--port', '0']);
    assert.equal(await node.stop(), 0);
    const out = join(root, 'out');
    mkdirSync(out);
    handOver(out);
    // The data directory is the owner's alone (0700): as root, nobody cannot enter it.
    if (!asRoot) chmodSync(data, 0o000);
    try {
      const o = await takt(['backup', '--data-dir', data, '--out', join(out, 'copy.db')]);
      assert.equal(o.stderr, `error: backup: cannot read ${join(data, 'takt.db')} (EACCES)`);
      assert.equal(o.code, 1);
      assert.deepEqual(readdirSync(out), [], 'nothing written');
    } finally {
      chmodSync(data, 0o700);
    }
  });

  test('takt serve with a server key it may not read names dataDir and the file', async () => {
    const data = join(root, 'keys');
    const node = await startTakt(['--data-dir', data, '--port', '0']);
    assert.equal(await node.stop(), 0);
    handOver(data);
    const key = join(data, 'tls', 'server-key.pem');
    keepOut(key);
    try {
      const o = await takt(['serve', '--data-dir', data, '--port', '0']);
      assert.equal(o.stderr, `error: dataDir: cannot read ${key} (EACCES)`);
      assert.equal(o.code, 1);
    } finally {
      chmodSync(key, 0o600);
    }
  });
});
