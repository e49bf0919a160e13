// Runs the whole suite with Node's own test runner (TypeScript loaded through tsx).
// Usage: node scripts/test.mjs [folder-or-file ...]   (default: test/)
//
// PostgreSQL: with TAKT_TEST_DATABASE_URL set, the tests use that server. Without it, a throwaway
// embedded PostgreSQL is started for the run (support/embedded-postgres.mjs), its URL exported to
// the test processes, and stopped at the end — also when tests fail or the run is interrupted.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../support/embedded-postgres.mjs';

function collect(path, out) {
  if (statSync(path).isDirectory()) {
    for (const name of readdirSync(path).sort()) collect(join(path, name), out);
  } else if (path.endsWith('.test.ts')) {
    out.push(path);
  }
  return out;
}

const roots = process.argv.slice(2);
const files = (roots.length ? roots : ['test']).flatMap((r) => collect(r, []));
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}

let starting;
let embedded;
let child;
let interrupted;
const signalStatus = (signal) => 128 + (signal === 'SIGINT' ? 2 : 15);
async function onSignal(signal) {
  if (interrupted) return;
  interrupted = signal;
  // The runner gets the signal too when it came from the terminal; a second one does no harm.
  child?.kill(signal);
  if (!child) {
    const server = await starting?.catch(() => undefined);
    await server?.stop();
    process.exit(signalStatus(signal));
  }
}
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

const env = { ...process.env, TAKT_TEST: '1' };
if (!env.TAKT_TEST_DATABASE_URL) {
  starting = startEmbeddedPostgres();
  embedded = await starting;
  env.TAKT_TEST_DATABASE_URL = embedded.url;
  console.log(`# PostgreSQL: embedded, throwaway, at ${embedded.url}`);
} else {
  console.log(
    `# PostgreSQL: TAKT_TEST_DATABASE_URL (${env.TAKT_TEST_DATABASE_URL.replace(/:[^:@/]*@/, ':***@')})`,
  );
}

let status = 1;
try {
  if (!interrupted) {
    child = spawn(
      process.execPath,
      ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=300000', ...files],
      { stdio: 'inherit', env },
    );
    const [code, signal] = await once(child, 'exit');
    status = code ?? signalStatus(signal);
  }
} finally {
  await embedded?.stop();
}
if (interrupted) status = signalStatus(interrupted);
process.exit(status);
