import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The files Takt keeps in its data directory (docs/operations.md, "Data directory"). */
export interface DataDirLayout {
  readonly root: string;
  readonly sqliteFile: string;
  readonly connectionFile: string;
  readonly caCert: string;
  readonly caKey: string;
  readonly serverCert: string;
  readonly serverKey: string;
  readonly adminCert: string;
  readonly adminKey: string;
}

export function dataDirLayout(root: string): DataDirLayout {
  return {
    root,
    sqliteFile: join(root, 'takt.db'),
    connectionFile: join(root, 'connection.json'),
    caCert: join(root, 'tls', 'ca-cert.pem'),
    caKey: join(root, 'tls', 'ca-key.pem'),
    serverCert: join(root, 'tls', 'server-cert.pem'),
    serverKey: join(root, 'tls', 'server-key.pem'),
    adminCert: join(root, 'admin', 'admin-cert.pem'),
    adminKey: join(root, 'admin', 'admin-key.pem'),
  };
}

/** Makes the data directory (0700: it holds keys) if missing. */
export function ensureDir(path: string): void {
  mkdirSync(path, { recursive: true, mode: 0o700 });
}

/**
 * Writes a file atomically (temporary file, then rename) so a crash never leaves half a key.
 * `secret` files get mode 0600; public ones 0644.
 */
export function writeFileAtomic(path: string, content: string, secret: boolean): void {
  ensureDir(dirname(path));
  const tmp = `${path}.${process.pid}.tmp`;
  const mode = secret ? 0o600 : 0o644;
  writeFileSync(tmp, content, { mode });
  chmodSync(tmp, mode); // the umask may have narrowed it; never widened beyond `mode`
  renameSync(tmp, path);
}

export function readIfExists(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}
