// Files that are there but that the running user may not read (docs/operations.md, "Exit codes"):
// the operator is told the setting and the file with the system's code, never a library's bare
// message or a wrong diagnosis ("no SQLite store" for a store it could not read). The files are made
// unreadable (mode 000); run as root (as CI does), the commands run without the capabilities that
// let root read any file (setpriv drops CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH), so the OS answers
// EACCES either way — and the checkout itself stays readable, wherever it was cloned.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { ROOT, ensureBuilt, startTakt } from '../../support/serve.js';

const asRoot = process.getuid?.() === 0;

/** `takt <args>` as a user that cannot read mode-000 files; its exit code and non-log stderr lines. */
async function takt(args: readonly string[]): Promise<{ code: number | null; stderr: string }> {
  ensureBuilt();
  const node = [process.execPath, join(ROOT, 'bin', 'takt.js'), ...args];
  const argv = asRoot ? ['setpriv', '--bounding-set=-dac_override,-dac_read_search', '--', ...node] : node;
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

describe('files that cannot be read are named with the setting and the code', () => {
  const root = mkdtempSync(join(tmpdir(), 'takt-unreadable-'));
  after(() => rmSync(root, { recursive: true, force: true }));

  test('takt backup of a store it may not read says so, not "no SQLite store"', async () => {
    const data = join(root, 'data');
    const node = await startTakt(['--data-dir', data, '--port', '0']);
    assert.equal(await node.stop(), 0);
    const out = join(root, 'out');
    mkdirSync(out);
    chmodSync(data, 0o000); // the store inside cannot be reached
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
    const key = join(data, 'tls', 'server-key.pem');
    chmodSync(key, 0o000);
    try {
      const o = await takt(['serve', '--data-dir', data, '--port', '0']);
      assert.equal(o.stderr, `error: dataDir: cannot read ${key} (EACCES)`);
      assert.equal(o.code, 1);
    } finally {
      chmodSync(key, 0o600);
    }
  });
});
