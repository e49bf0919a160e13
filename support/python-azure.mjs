// Provides the two Python Azure clients of the compatibility tests — the classic
// `azure.servicemanagement` and the ARM `azure.mgmt.scheduler` — from Debian's packages, without pip
// (PyPI is not reachable from every build machine) and without root: `apt-get download` of
// python3-azure and the few pure-Python packages its two clients import, unpacked with dpkg-deb into
// node_modules/.cache/takt-python/ (ignored by git, kept across runs of one checkout). No maintainer
// scripts run and nothing is installed system-wide.
//
// Usage: `node support/python-azure.mjs` provisions (or finds) the clients and prints what it uses.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const CACHE = process.env.TAKT_PYTHON_CACHE ?? join(ROOT, 'node_modules', '.cache', 'takt-python');
const SITE = join(CACHE, 'site');
const DIST_PACKAGES = join(SITE, 'usr', 'lib', 'python3', 'dist-packages');

/** python3-azure ships ~200 SDKs (585 MB unpacked); only these paths are taken out of it. */
const AZURE_PATHS = [
  'azure/__init__.py',
  'azure/common',
  'azure/core',
  'azure/servicemanagement',
  'azure/mgmt/__init__.py',
  'azure/mgmt/core',
  'azure/mgmt/scheduler',
];

/**
 * What the two clients import (checked with `apt-cache depends` and by importing): requests and its
 * dependencies for both; msrest, isodate, typing_extensions and azure-core for the ARM client.
 * python3-azure's other dependencies (aiohttp, uamqp, cryptography …) serve other SDKs. All of these
 * are architecture `all`, so they suit any Python 3 of the machine.
 */
export const DEBIAN_PACKAGES = [
  'python3-azure',
  'python3-requests',
  'python3-urllib3',
  'python3-idna',
  'python3-certifi',
  'python3-charset-normalizer',
  'python3-chardet',
  'python3-six',
  'python3-msrest',
  'python3-isodate',
  'python3-requests-oauthlib',
  'python3-oauthlib',
  'python3-typing-extensions',
];

const IMPORTS =
  'import azure.servicemanagement.schedulermanagementservice, azure.mgmt.scheduler, azure.mgmt.scheduler.patch';

/** Debian's own interpreter when there is one (it matches the packages), else python3 on PATH. */
export function pythonExecutable() {
  if (process.env.TAKT_PYTHON) return process.env.TAKT_PYTHON;
  return existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
}

function imports(python, pythonPath) {
  const r = spawnSync(python, ['-c', IMPORTS], { env: pythonEnv(pythonPath), encoding: 'utf8' });
  return { ok: r.status === 0, error: r.error?.message ?? r.stderr };
}

function has(command) {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, command)));
}

function missingTools() {
  return ['apt-get', 'dpkg-deb', 'tar'].filter((c) => !has(c));
}

async function run(command, args, options) {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (d) => (err += d));
  const [code] = await once(child, 'exit');
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} failed (${code}):\n${err}`);
}

/** `dpkg-deb --fsys-tarfile deb | tar -x -C dir [members]`: no maintainer scripts, no root. */
async function unpack(deb, dir, members) {
  const dpkg = spawn('dpkg-deb', ['--fsys-tarfile', deb], { stdio: ['ignore', 'pipe', 'pipe'] });
  const tar = spawn('tar', ['-x', '-C', dir, ...members], { stdio: ['pipe', 'ignore', 'pipe'] });
  dpkg.stdout.pipe(tar.stdin);
  let err = '';
  for (const c of [dpkg, tar]) c.stderr.setEncoding('utf8').on('data', (d) => (err += d));
  const [[a], [b]] = await Promise.all([once(dpkg, 'exit'), once(tar, 'exit')]);
  if (a !== 0 || b !== 0) throw new Error(`unpacking ${deb} failed:\n${err}`);
}

/** Downloads and unpacks into a fresh folder, then renames it into place (two runs may race). */
async function provision() {
  mkdirSync(CACHE, { recursive: true });
  const work = mkdtempSync(join(CACHE, 'tmp-'));
  try {
    const debs = join(work, 'debs');
    const site = join(work, 'site');
    mkdirSync(debs);
    mkdirSync(site);
    await run('apt-get', ['download', ...DEBIAN_PACKAGES], { cwd: debs }).catch((e) => {
      throw new Error(
        `${e.message}\n(apt-get needs the package lists of a Debian release that has these packages; ` +
          '`apt-get update` as root fetches them.)',
      );
    });
    const files = readdirSync(debs).filter((f) => f.endsWith('.deb'));
    await Promise.all(
      files.map((f) =>
        unpack(
          join(debs, f),
          site,
          f.startsWith('python3-azure_')
            ? AZURE_PATHS.map((p) => `./usr/lib/python3/dist-packages/${p}`)
            : [],
        ),
      ),
    );
    writeFileSync(join(site, 'packages.txt'), `${files.sort().join('\n')}\n`);
    // A folder without packages.txt is incomplete (not made by this function): replace it.
    if (existsSync(SITE) && !existsSync(join(SITE, 'packages.txt')))
      rmSync(SITE, { recursive: true, force: true });
    try {
      renameSync(site, SITE);
    } catch (e) {
      // Another run got there first: use its copy.
      if (!existsSync(join(SITE, 'packages.txt'))) throw e;
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * The environment the clients run with. Compiled bytecode goes to the cache (PYTHONPYCACHEPREFIX),
 * also where PYTHONDONTWRITEBYTECODE is set: importing azure-core from source costs ~1 s a run.
 */
function pythonEnv(pythonPath) {
  const env = { ...process.env, PYTHONPYCACHEPREFIX: join(CACHE, 'pycache') };
  delete env.PYTHONDONTWRITEBYTECODE;
  if (pythonPath) env.PYTHONPATH = pythonPath;
  else delete env.PYTHONPATH;
  return env;
}

/**
 * Resolves to `{ python, env }` with which `python` imports both clients: the machine's own packages
 * when it has them, else the cache (filled on first use, ~12 MB of .deb files for the 13 packages,
 * ~2 MB unpacked). Rejects, naming what is missing, when neither works — the tests then fail; they
 * are never skipped.
 */
export async function providePythonAzure() {
  const python = pythonExecutable();
  const system = imports(python, undefined);
  if (system.ok) return { python, env: pythonEnv(undefined), source: 'system' };
  if (/ENOENT/.test(system.error))
    throw new Error(`The Python client tests need Python 3: ${python} was not found (set TAKT_PYTHON).`);
  // packages.txt is written last, into a folder renamed into place whole: its presence means complete.
  if (!existsSync(join(SITE, 'packages.txt'))) {
    const missing = missingTools();
    if (missing.length > 0)
      throw new Error(
        `The Python client tests need Debian's python3-azure and the packages its clients import ` +
          `(${DEBIAN_PACKAGES.join(' ')}). ${python} cannot import them and this machine has no ` +
          `${missing.join(', ')} to fetch them: install those packages, or run the tests on Debian or Ubuntu.`,
      );
    await provision();
  }
  const cached = imports(python, DIST_PACKAGES);
  if (!cached.ok)
    throw new Error(
      `${python} cannot import the Azure clients unpacked in ${SITE} (delete the folder to fetch them again):\n${cached.error}`,
    );
  return { python, env: pythonEnv(DIST_PACKAGES), source: SITE };
}

if (process.argv[1] === import.meta.filename) {
  const start = process.hrtime.bigint();
  try {
    const { python, source } = await providePythonAzure();
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    console.log(`${python} imports the Azure clients from ${source} (${Math.round(ms)} ms)`);
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  }
}
