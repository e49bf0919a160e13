// support/python-azure.mjs on machines that cannot provide the Python Azure clients: it fails with a
// message naming what is missing — the Python client tests then fail with it instead of being skipped.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

/** Runs the provisioning script with an empty cache and only the commands of `bin` on PATH. */
async function provisionWith(bin: string, cache: string): Promise<{ code: number | null; err: string }> {
  const child = spawn(process.execPath, [join(ROOT, 'support', 'python-azure.mjs')], {
    env: { ...process.env, TAKT_PYTHON: absolutePython(), TAKT_PYTHON_CACHE: cache, PATH: bin },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, err };
}

test('no importable clients and no apt-get: a clear failure naming the packages and the tools', async () => {
  const empty = mkdtempSync(join(tmpdir(), 'takt-py-none-'));
  try {
    const { code, err } = await provisionWith(empty, join(empty, 'cache'));
    assert.equal(code, 1, err);
    assert.match(err, /need Debian's python3-azure/);
    assert.match(err, /python3-msrest/);
    assert.match(err, /no apt-get, dpkg-deb, tar to fetch them/);
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
});

test('apt-get without package lists: its own error, and how to get the lists', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'takt-py-nolists-'));
  try {
    // What apt-get download says on a container whose lists were never fetched.
    for (const tool of ['apt-get', 'dpkg-deb', 'tar']) {
      writeFileSync(
        join(dir, tool),
        '#!/bin/sh\necho "E: Unable to locate package python3-azure" >&2\nexit 100\n',
      );
      chmodSync(join(dir, tool), 0o755);
    }
    const { code, err } = await provisionWith(dir, join(dir, 'cache'));
    assert.equal(code, 1, err);
    assert.match(err, /apt-get download python3-azure .* failed \(100\)/);
    assert.match(err, /Unable to locate package python3-azure/);
    assert.match(err, /`apt-get update` as root fetches them/);
    assert.equal(existsSync(join(dir, 'cache', 'site')), false, 'nothing half-made is left as the cache');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
