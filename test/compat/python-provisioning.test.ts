// support/python-azure.mjs on a machine that can neither import the Python Azure clients nor fetch
// them: it fails, naming the packages and the missing tools — the Python client tests then fail with
// that message instead of being skipped.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, isAbsolute, join } from 'node:path';
import { test } from 'node:test';
import { pythonExecutable } from '../../support/python-azure.mjs';
import { ROOT } from '../../support/serve.js';

/** The interpreter the tests use, as an absolute path (the child gets a PATH without it). */
function absolutePython(): string {
  const python = pythonExecutable();
  if (isAbsolute(python)) return python;
  const dir = (process.env.PATH ?? '').split(delimiter).find((d) => d && existsSync(join(d, python)));
  assert.ok(dir, `${python} is not on PATH`);
  return join(dir, python);
}

test('no importable clients and no apt-get: a clear failure naming what is missing', async () => {
  const empty = mkdtempSync(join(tmpdir(), 'takt-py-none-'));
  try {
    const child = spawn(process.execPath, [join(ROOT, 'support', 'python-azure.mjs')], {
      // An empty cache and a PATH without apt-get, dpkg-deb or tar.
      env: {
        ...process.env,
        TAKT_PYTHON: absolutePython(),
        TAKT_PYTHON_CACHE: join(empty, 'cache'),
        PATH: empty,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    const [code] = (await once(child, 'exit')) as [number | null];
    assert.equal(code, 1, err);
    assert.match(err, /need Debian's python3-azure/);
    assert.match(err, /python3-msrest/);
    assert.match(err, /no apt-get, dpkg-deb, tar to fetch them/);
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
});
