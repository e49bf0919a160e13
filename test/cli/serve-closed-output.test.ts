// `takt serve | head -0` (or a supervisor's pipe whose reader ends): the reader of the startup
// banner is gone before it is written. The service must keep running and say so on stderr, where
// its logs go, instead of ending at once with exit code 0 as other commands do (docs/operations.md).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ensureBuilt, ROOT } from '../../support/serve.js';
import { runCli } from './support/run-cli.js';

const CLOSED = 'standard output is closed; takt keeps running, its output is dropped';

test('takt serve keeps running when its standard output is closed by the reader', async () => {
  ensureBuilt();
  const root = mkdtempSync(join(tmpdir(), 'takt-serve-closed-'));
  const dataDir = join(root, 'data');
  const child = spawn(
    process.execPath,
    [join(ROOT, 'bin', 'takt.js'), 'serve', '--data-dir', dataDir, '--port', '0'],
    {
      cwd: ROOT,
      env: { ...process.env, TAKT_LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout.destroy();
  const exited = once(child, 'exit');
  let err = '';
  try {
    await new Promise<void>((resolve, reject) => {
      child.stderr.setEncoding('utf8').on('data', (d: string) => {
        err += d;
        if (err.includes(CLOSED)) resolve();
      });
      void exited.then(([code]) => reject(new Error(`takt serve exited with ${String(code)}:\n${err}`)));
    });
    // Still serving: the CLI reaches it with the connection.json the first start wrote.
    const r = await runCli(['cs', 'list', '--profile', join(dataDir, 'connection.json')]);
    assert.equal(r.code, 0, r.err);
    assert.equal(err.split(CLOSED).length, 2, 'warned once');
    child.kill('SIGTERM');
    const [code] = (await exited) as [number | null];
    assert.equal(code, 0);
    assert.match(err, /"msg":"takt stopped"/, 'a graceful stop');
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(root, { recursive: true, force: true });
  }
});
