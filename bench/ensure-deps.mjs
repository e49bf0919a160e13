// Installs the benchmark-only packages (bench/package.json: autocannon, BullMQ, graphile-worker)
// into bench/node_modules on first use, so the project's own `npm ci` does not carry them. Every
// `npm run bench:*` runs this first; it does nothing when bench/node_modules matches the lock file.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const BENCH = import.meta.dirname;
const lock = join(BENCH, 'package-lock.json');
const installed = join(BENCH, 'node_modules', '.package-lock.json');
const deps = Object.keys(JSON.parse(readFileSync(join(BENCH, 'package.json'), 'utf8')).dependencies);

const current =
  existsSync(installed) &&
  statSync(installed).mtimeMs >= statSync(lock).mtimeMs &&
  deps.every((d) => existsSync(join(BENCH, 'node_modules', d, 'package.json')));
if (!current) {
  console.error('bench: installing the benchmark-only packages (bench/package.json) ...');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: BENCH, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
