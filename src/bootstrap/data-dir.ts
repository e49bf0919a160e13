import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The files Takt keeps in its data directory (docs/operations.md, "Data directory"). */
export interface DataDirLayout {
  readonly root: string;
  readonly sqliteFile: string;
  readonly connectionFile: string;
  /** The node id of a SQLite node (bootstrap/node-id.ts) and the lock its engine holds on it. */
  readonly nodeIdFile: string;
  readonly nodeIdLock: string;
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
    nodeIdFile: join(root, 'node-id'),
    nodeIdLock: join(root, 'node-id.lock'),
    caCert: join(root, 'tls', 'ca-cert.pem'),
    caKey: join(root, 'tls', 'ca-key.pem'),
    serverCert: join(root, 'tls', 'server-cert.pem'),
    serverKey: join(root, 'tls', 'server-key.pem'),
    adminCert: join(root, 'admin', 'admin-cert.pem'),
    adminKey: join(root, 'admin', 'admin-key.pem'),
  };
}

/**
 * Makes the data directory (0700: it holds keys), or a folder in it, with its missing parents.
 * Failures name the setting (`dataDir: … is not a directory`) instead of Node's `EEXIST: file
 * already exists, mkdir`. One level at a time: Node 20's recursive mkdir loops forever, ignoring
 * SIGTERM, where mkdir fails with ENOENT although the parent exists (`/proc/x`).
 */
export function ensureDir(path: string): void {
  const missing: string[] = [];
  for (let p = resolve(path); ;) {
    const kind = entryKind(p);
    if (kind === 'dir') break;
    if (kind === 'other')
      throw new Error(
        p === resolve(path)
          ? `dataDir: ${path} is not a directory`
          : `dataDir: cannot create ${path}: ${p} is not a directory`,
      );
    missing.unshift(p);
    const parent = dirname(p);
    if (parent === p) break;
    p = parent;
  }
  for (const dir of missing) {
    try {
      mkdirSync(dir, { mode: 0o700 });
    } catch (e) {
      // Made meanwhile by another process (nodes starting together): fine if it is a folder.
      if (errorCode(e) === 'EEXIST' && entryKind(dir) === 'dir') continue;
      throw new Error(`dataDir: cannot create ${path} (${errorCode(e) ?? String(e)})`);
    }
  }
}

function entryKind(path: string): 'dir' | 'other' | 'missing' {
  try {
    return statSync(path).isDirectory() ? 'dir' : 'other';
  } catch (e) {
    // ENOTDIR: a parent is a file; the walk up finds and names it.
    if (errorCode(e) === 'ENOENT' || errorCode(e) === 'ENOTDIR') return 'missing';
    throw new Error(`dataDir: cannot read ${path} (${errorCode(e) ?? String(e)})`);
  }
}

const errorCode = (e: unknown): string | undefined => {
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
};

/**
 * Writes a file atomically (temporary file, then rename) so a crash never leaves half a key.
 * `secret` files get mode 0600; public ones 0644.
 */
export function writeFileAtomic(path: string, content: string, secret: boolean): void {
  ensureDir(dirname(path));
  const tmp = `${path}.${process.pid}.tmp`;
  const mode = secret ? 0o600 : 0o644;
  try {
    writeFileSync(tmp, content, { mode });
    chmodSync(tmp, mode); // the umask may have narrowed it; never widened beyond `mode`
    renameSync(tmp, path);
  } catch (e) {
    throw new Error(`dataDir: cannot write ${path} (${errorCode(e) ?? String(e)})`);
  }
}

/** A file of the data directory, or undefined when there is none; one that cannot be read is named. */
export function readIfExists(path: string): string | undefined {
  if (!existsSync(path)) return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error(`dataDir: cannot read ${path} (${errorCode(e) ?? String(e)})`);
  }
}
