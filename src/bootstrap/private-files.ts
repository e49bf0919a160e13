import { chmodSync, statSync } from 'node:fs';
import type { Logger } from '../ports/logger.js';
import type { DataDirLayout } from './data-dir.js';

/**
 * The files of a data directory that open something: the secret key and the previous one (it
 * opens every secret sealed before a rotation), private keys and connection.json (the admin
 * token). Each is written 0600; one found readable by group or others (copied, restored, chmod-ed
 * by hand) is tightened at start, and the start says which (docs/security.md).
 */
export function privateFiles(layout: DataDirLayout, secretKeyFile: string): string[] {
  return [
    secretKeyFile,
    `${secretKeyFile}.previous`,
    layout.caKey,
    layout.serverKey,
    layout.adminKey,
    layout.connectionFile,
  ];
}

/**
 * Tightens each existing regular file of `files` that group or others may read or write to 0600.
 * Anything else is left alone: a `secretKeyFile` that names a folder by mistake (`/etc/takt`,
 * `/tmp`) fails later naming it (EISDIR), and must not be made 0600 on the way.
 */
export function tightenPrivateFiles(files: readonly string[], logger: Logger): void {
  for (const file of files) {
    const stats = statSync(file, { throwIfNoEntry: false });
    if (stats === undefined || !stats.isFile()) continue;
    const mode = stats.mode;
    if ((mode & 0o077) === 0) continue;
    chmodSync(file, 0o600);
    logger.warn(
      { file, was: `0${(mode & 0o777).toString(8)}` },
      'a private file was open to other users; tightened to 0600',
    );
  }
}

/**
 * The SQLite store keeps the mode it was given (an operator may share it with a backup group on
 * purpose), but one readable by others is named at start: it holds history messages and the API
 * tokens' hashes, and a plain `cp` of a backup under umask 022 makes it 0644 (docs/operations.md, Restore).
 */
export function warnOpenStore(file: string, logger: Logger): void {
  const mode = statSync(file, { throwIfNoEntry: false })?.mode;
  if (mode === undefined || (mode & 0o007) === 0) return;
  logger.warn(
    { file, mode: `0${(mode & 0o777).toString(8)}` },
    'the SQLite store is open to other users (it holds history and API token hashes): chmod 600 it unless that is intended',
  );
}
