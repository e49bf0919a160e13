// What an operator sees when `takt serve` cannot start (docs/operations.md, "Exit codes"): one
// line on standard error that names the setting at fault, never a library's bare message
// ("listen EADDRINUSE", "PEM routines::no start line", "database ... does not exist") or a stack
// trace, and never a node that starts with a certificate and key that cannot work together.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createCa, issueClientCert, issueServerCert } from '../../src/bootstrap/first-start/pki.js';
import { main } from '../../src/cli/main.js';
import { databaseUrl, postgresUrl, uniqueName } from '../../support/postgres.js';
import { ROOT, ensureBuilt, startTakt } from '../../support/serve.js';

interface Outcome {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `takt serve <args>` to its exit; a node that gets ready is stopped and fails the test. */
async function serveUntilExit(args: readonly string[], env: Record<string, string> = {}): Promise<Outcome> {
  ensureBuilt();
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'takt.js'), 'serve', '--port', '0', ...args], {
    cwd: ROOT,
    env: { ...process.env, TAKT_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
    if (stdout.includes('Takt is ready')) child.kill('SIGTERM');
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

const readdirCount = (d: string): number => readdirSync(d).length;

/** How many tokens and certificates the data directory's store holds (`takt tokens/certs list`). */
async function adminRows(dataDir: string): Promise<{ tokens: number; certs: number }> {
  const rows = async (kind: 'tokens' | 'certs'): Promise<number> => {
    let out = '';
    const code = await main(
      [kind, 'list', '--data-dir', dataDir, '--json'],
      {},
      {
        out: (t) => (out += t),
        err: () => undefined,
      },
    );
    assert.equal(code, 0, `${kind} list`);
    return (JSON.parse(out) as unknown[]).length;
  };
  return { tokens: await rows('tokens'), certs: await rows('certs') };
}

/** The one `error:` line, checked to be the only non-log line and free of stack frames. */
function errorLine(o: Outcome): string {
  assert.ok(!o.stdout.includes('Takt is ready'), `the node started:\n${o.stdout}`);
  const lines = o.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('{'));
  assert.equal(lines.length, 1, `one line on standard error, got:\n${o.stderr}`);
  assert.doesNotMatch(o.stderr, /\n\s+at /, 'no stack trace');
  return lines[0]!;
}

describe('takt serve start errors name the setting', () => {
  const root = mkdtempSync(join(tmpdir(), 'takt-start-errors-'));
  const dir = (name: string): string => join(root, name);
  const files: Record<string, string> = {};
  after(() => rmSync(root, { recursive: true, force: true }));

  before(async () => {
    const now = Date.now() - 60_000;
    const ca = await createCa(now);
    const server = await issueServerCert(ca, now);
    const other = await issueServerCert(ca, now);
    const rsa = await issueClientCert(ca, now, 'Other');
    const write = (name: string, text: string): void => {
      files[name] = join(root, name);
      writeFileSync(files[name], text);
    };
    write('cert.pem', server.certPem);
    write('key.pem', server.keyPem);
    write('other-key.pem', other.keyPem);
    write('rsa-key.pem', rsa.keyPem);
    write('garbage.pem', 'not a PEM file\n');
    write('a-file', 'x');
  });

  test('a port in use: the port and the address, exit 1; no admin credentials left in the store', async () => {
    const blocker = createServer().listen(0, '127.0.0.1');
    await once(blocker, 'listening');
    const port = (blocker.address() as AddressInfo).port;
    try {
      const o = await serveUntilExit(['--data-dir', dir('busy'), '--port', String(port)]);
      assert.equal(
        errorLine(o),
        `error: port: cannot listen on 127.0.0.1:${port}: the address is already in use (another process listens there)`,
      );
      assert.equal(o.code, 1);
    } finally {
      blocker.close();
    }
    // The failed first start issued no token or certificate that no connection.json names: the
    // next start's admin credentials are the only ones.
    assert.deepEqual(await adminRows(dir('busy')), { tokens: 0, certs: 0 });
    const again = await serveUntilExit(['--data-dir', dir('busy')]);
    assert.match(again.stdout, /Takt is ready/);
    assert.deepEqual(await adminRows(dir('busy')), { tokens: 1, certs: 1 });
  });

  test('a listen address of another machine, or a name that does not resolve: the host', async () => {
    // 192.0.2.1 is TEST-NET-1 (RFC 5737): never an address of this machine.
    const foreign = await serveUntilExit(['--data-dir', dir('foreign'), '--host', '192.0.2.1']);
    assert.match(
      errorLine(foreign),
      /^error: host: cannot listen on 192\.0\.2\.1:0: not an address of this machine$/,
    );
    assert.equal(foreign.code, 1);
    const unknown = await serveUntilExit(['--data-dir', dir('unknown'), '--host', 'no-such-host.invalid']);
    assert.match(
      errorLine(unknown),
      /^error: host: cannot listen on no-such-host\.invalid:0: the name does not resolve \((ENOTFOUND|EAI_AGAIN)\)$/,
    );
    assert.equal(unknown.code, 1);
  });

  test('a supplied certificate or key that is not PEM names tlsCertFile or tlsKeyFile', async () => {
    const badCert = await serveUntilExit(['--data-dir', dir('bad-cert')], {
      TAKT_TLS_CERT_FILE: files['garbage.pem']!,
      TAKT_TLS_KEY_FILE: files['key.pem']!,
    });
    assert.equal(errorLine(badCert), `error: tlsCertFile: ${files['garbage.pem']} is not a PEM certificate`);
    assert.equal(badCert.code, 1);
    assert.equal(existsSync(dir('bad-cert')), false, 'refused before the data directory is made');
    const badKey = await serveUntilExit(['--data-dir', dir('bad-key')], {
      TAKT_TLS_CERT_FILE: files['cert.pem']!,
      TAKT_TLS_KEY_FILE: files['garbage.pem']!,
    });
    assert.equal(errorLine(badKey), `error: tlsKeyFile: ${files['garbage.pem']} is not a PEM private key`);
  });

  test('a supplied key that does not match the certificate is refused, whatever its type', async () => {
    // An RSA key beside an ECDSA certificate used to start a node whose every handshake failed.
    for (const key of ['rsa-key.pem', 'other-key.pem']) {
      const o = await serveUntilExit(['--data-dir', dir(`mismatch-${key}`)], {
        TAKT_TLS_CERT_FILE: files['cert.pem']!,
        TAKT_TLS_KEY_FILE: files[key]!,
      });
      assert.equal(
        errorLine(o),
        `error: tlsKeyFile: ${files[key]} is not the private key of the certificate in ${files['cert.pem']}`,
      );
      assert.equal(o.code, 1);
      assert.equal(existsSync(dir(`mismatch-${key}`)), false, 'nothing written');
    }
  });

  test('a data directory that is a file, or cannot be made', async () => {
    const o = await serveUntilExit(['--data-dir', files['a-file']!]);
    assert.equal(errorLine(o), `error: dataDir: ${files['a-file']} is not a directory`);
    assert.equal(o.code, 1);
    const below = join(files['a-file']!, 'data');
    const under = await serveUntilExit(['--data-dir', below]);
    assert.equal(
      errorLine(under),
      `error: dataDir: cannot create ${below}: ${files['a-file']} is not a directory`,
    );
  });

  test('a file of the data directory, or the secret key file, that cannot be read names the setting and the file', async () => {
    // A directory where a file belongs: EISDIR (root reads any file, so a mode cannot stand in for EACCES here).
    const d = dir('unreadable');
    mkdirSync(join(d, 'connection.json'), { recursive: true });
    const o = await serveUntilExit(['--data-dir', d]);
    assert.equal(errorLine(o), `error: dataDir: cannot read ${join(d, 'connection.json')} (EISDIR)`);
    assert.equal(o.code, 1);
    const keyDir = dir('key-is-a-dir');
    mkdirSync(keyDir);
    const k = await serveUntilExit(['--data-dir', dir('key-data')], { TAKT_SECRET_KEY_FILE: keyDir });
    assert.equal(errorLine(k), `error: secretKeyFile: cannot read ${keyDir} (EISDIR)`);
    assert.equal(k.code, 1);
  });

  test('a second takt serve on a SQLite data directory in use is refused and changes nothing; the first keeps it', async () => {
    const d = dir('in-use');
    const first = await startTakt(['--data-dir', d, '--port', '0']);
    try {
      const profile = readFileSync(join(d, 'connection.json'), 'utf8');
      // The lock file keeps no rollback journal beside it, even while held.
      assert.ok(!existsSync(join(d, 'node-id.lock-journal')), 'no node-id.lock-journal');
      const tokens = readdirCount(d);
      const o = await serveUntilExit(['--data-dir', d]);
      assert.equal(
        errorLine(o),
        `error: the data directory ${d} is served by another running takt process (its node id is in use); stop it first, or give this process its own --data-dir`,
      );
      assert.equal(o.code, 1);
      assert.equal(readFileSync(join(d, 'connection.json'), 'utf8'), profile, 'connection.json kept');
      assert.equal(readdirCount(d), tokens, 'no file made or removed');
      // An API-only process on the same directory runs no engine, so it may run beside it; it
      // leaves connection.json to the node (rewritten with its own port, the CLI's default
      // profile pointed at nothing once it stopped).
      const api = await serveUntilExit(['--data-dir', d, '--role', 'api']);
      assert.match(api.stdout, /Takt is ready/);
      assert.equal(readFileSync(join(d, 'connection.json'), 'utf8'), profile, 'connection.json kept');
    } finally {
      assert.equal(await first.stop(), 0);
    }
    // Once the first has stopped, the directory is free again.
    const again = await serveUntilExit(['--data-dir', d]);
    assert.match(again.stdout, /Takt is ready/);
  });

  test('a data directory switched to a supplied certificate, and back: connection.json names the CA of this start', async () => {
    const d = dir('switch-tls');
    const local = await serveUntilExit(['--data-dir', d]);
    assert.match(local.stdout, /Takt is ready/);
    const ca = join(d, 'tls', 'ca-cert.pem');
    const profile = (): { caCertPath?: string } =>
      JSON.parse(readFileSync(join(d, 'connection.json'), 'utf8')) as { caCertPath?: string };
    assert.equal(profile().caCertPath, ca);
    const supplied = await serveUntilExit(['--data-dir', d], {
      TAKT_TLS_CERT_FILE: files['cert.pem']!,
      TAKT_TLS_KEY_FILE: files['key.pem']!,
    });
    assert.match(supplied.stdout, /Takt is ready/);
    assert.equal(profile().caCertPath, undefined, 'the local CA did not sign the supplied certificate');
    assert.doesNotMatch(supplied.stdout, /--cacert|CA certificate/);
    const back = await serveUntilExit(['--data-dir', d]);
    assert.match(back.stdout, /Takt is ready/);
    assert.equal(profile().caCertPath, ca);
  });

  test('an extra CA file with no certificate in it names outbound.extraCaFiles', async () => {
    const o = await serveUntilExit(['--data-dir', dir('extra-ca')], {
      TAKT_EXTRA_CA_FILES: files['garbage.pem']!,
    });
    assert.equal(
      errorLine(o),
      `error: outbound.extraCaFiles: ${files['garbage.pem']} holds no PEM certificate`,
    );
    assert.equal(o.code, 1);
  });

  test('a SQLite file that is not a database names the data directory and the file', async () => {
    mkdirSync(dir('not-a-db'));
    writeFileSync(join(dir('not-a-db'), 'takt.db'), 'x'.repeat(4096));
    const o = await serveUntilExit(['--data-dir', dir('not-a-db')]);
    assert.equal(
      errorLine(o),
      `error: dataDir: cannot open SQLite ${join(dir('not-a-db'), 'takt.db')}: file is not a database`,
    );
    assert.equal(o.code, 1);
    // The key this start generated is gone with it: the next start must not take it for one it was
    // given (docs/security.md, "A new key on a store with secrets").
    assert.ok(!existsSync(join(dir('not-a-db'), 'secret.key')), 'no secret.key left behind');
  });

  test('a PostgreSQL database that does not exist names databaseUrl, with the password masked', async () => {
    const name = uniqueName('takt_missing');
    const url = databaseUrl(name, postgresUrl());
    const o = await serveUntilExit(['--data-dir', dir('pg-missing'), '--database-url', url], {
      TAKT_SECRET_KEY: Buffer.alloc(32, 3).toString('base64'),
    });
    const shown = new URL(url);
    if (shown.password !== '') shown.password = '***';
    assert.equal(
      errorLine(o),
      `error: databaseUrl: cannot open PostgreSQL ${shown.toString()}: database "${name}" does not exist`,
    );
    assert.equal(o.code, 1);
    // Without a configured key, the one this start generated is removed with the failed start.
    const keyless = await serveUntilExit(['--data-dir', dir('pg-missing-keyless'), '--database-url', url]);
    assert.equal(keyless.code, 1);
    assert.ok(!existsSync(join(dir('pg-missing-keyless'), 'secret.key')), 'no secret.key left behind');
    // The admin commands open the store the same way; `takt migrate` migrates after opening.
    for (const argv of [['migrate'], ['subscriptions', 'list']]) {
      let err = '';
      const code = await main(
        [...argv, '--database-url', url],
        {},
        { out: () => undefined, err: (t) => (err += t) },
      );
      assert.equal(code, 1, argv.join(' '));
      assert.equal(
        err,
        `error: databaseUrl: cannot open PostgreSQL ${shown.toString()}: database "${name}" does not exist\n`,
      );
    }
  });

  test('a damaged local CA names its files and the way out; a damaged server certificate is re-issued', async () => {
    const data = dir('damaged');
    const first = await startTakt(['--data-dir', data, '--port', '0']);
    await first.stop();
    writeFileSync(join(data, 'tls', 'server-cert.pem'), 'half written\n');
    const again = await startTakt(['--data-dir', data, '--port', '0']);
    await again.stop();
    assert.match(readFileSync(join(data, 'tls', 'server-cert.pem'), 'utf8'), /BEGIN CERTIFICATE/);

    writeFileSync(join(data, 'tls', 'ca-cert.pem'), 'half written\n');
    const o = await serveUntilExit(['--data-dir', data]);
    const caCert = join(data, 'tls', 'ca-cert.pem');
    assert.equal(
      errorLine(o),
      `error: dataDir: the local CA (${caCert}, ${join(data, 'tls', 'ca-key.pem')}) does not load: ${caCert} is not a PEM certificate; restore both files, or delete them to make a new CA (clients must then trust the new ${caCert})`,
    );
    assert.equal(o.code, 1);
  });
});

describe('signals while takt serve starts', () => {
  const root = mkdtempSync(join(tmpdir(), 'takt-start-signals-'));
  after(() => rmSync(root, { recursive: true, force: true }));

  test('a SIGHUP before the certificate watcher is installed does not end the process', async () => {
    // SIGHUP asks for a certificate reload (docs/operations.md, TLS certificates); its default
    // action ends a process, so one that arrived during a first start (say from a configuration
    // tool that reloads everything) used to kill the node.
    ensureBuilt();
    const dataDir = join(root, 'data');
    const child = spawn(
      process.execPath,
      [join(ROOT, 'bin', 'takt.js'), 'serve', '--data-dir', dataDir, '--port', '0'],
      {
        cwd: ROOT,
        env: { ...process.env, TAKT_LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    const exited = once(child, 'exit');
    // The secret key is written while the store opens, well before the HTTPS listener and its watcher.
    const deadline = Date.now() + 30_000;
    while (!existsSync(join(dataDir, 'secret.key')) && child.exitCode === null && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 5));
    assert.ok(!stdout.includes('Takt is ready'), 'the signal is sent before the node is ready');
    child.kill('SIGHUP');
    while (!stdout.includes('Takt is ready') && child.exitCode === null && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    const alive = child.exitCode === null && child.signalCode === null;
    child.kill('SIGTERM');
    const [code, signal] = (await exited) as [number | null, string | null];
    assert.ok(alive, `takt serve ended: code ${String(code)}, signal ${String(signal)}`);
    assert.equal(code, 0);
  });
});
