// The static rules are part of the suite, so CI (which runs `npm test`) enforces them: strict
// TypeScript over src, test, bench and scripts; lint, including the layer rules (dependencies
// point inward, docs/architecture.md) checked by dependency-cruiser; the formatter; and knip, which
// finds unused files, exports and dependencies.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Runs a package's command-line entry with this Node; answers its exit code and output. */
function run(bin: string, args: readonly string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    // The packages' own command-line files (not all of them are in their `exports`).
    const child = spawn(process.execPath, [`${ROOT}node_modules/${bin}`, ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

test('the TypeScript compiles under the strict settings (tsc --noEmit)', async () => {
  const { code, output } = await run('typescript/bin/tsc', ['--noEmit', '-p', 'tsconfig.json']);
  assert.equal(code, 0, output);
});

test('eslint passes (no any in src, no import cycles, type-aware rules)', async () => {
  const { code, output } = await run('eslint/bin/eslint.js', ['.']);
  assert.equal(code, 0, output);
});

test('the layer rules hold (dependency-cruiser: dependencies point inward)', async () => {
  const { code, output } = await run('dependency-cruiser/bin/dependency-cruise.mjs', [
    'src',
    '--config',
    '.dependency-cruiser.cjs',
  ]);
  assert.equal(code, 0, output);
  assert.match(output, /no dependency violations found/);
});

test('the code is formatted (prettier --check)', async () => {
  const { code, output } = await run('prettier/bin/prettier.cjs', ['--check', '.']);
  assert.equal(code, 0, output);
});

test('no dead code: every file, export and dependency is used (knip)', async () => {
  const { code, output } = await run('knip/bin/knip.js', ['--reporter', 'compact']);
  assert.equal(code, 0, output);
});
