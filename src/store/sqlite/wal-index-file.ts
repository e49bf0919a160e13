import { closeSync, openSync, readSync } from 'node:fs';
import { endianness } from 'node:os';
import type { WalIndex } from './checkpoint-policy.js';

// Closing any descriptor of a file drops every POSIX lock the process holds on that file (fcntl
// semantics), SQLite's included. SQLite holds a shared lock on the wal-index (the `-shm` file) for
// as long as a connection is open: it tells another process that opens the database that the
// wal-index is in use, and must not be truncated and rebuilt under this process's memory map
// (which ends in SIGBUS, or in readers using a stale index). So a descriptor of the `-shm` file is
// opened once per process and database file and closed only when the last connection of the
// process to that file has closed (docs/store.md "SQLite checkpoints").

interface Open {
  readonly fd: number;
  refs: number;
}
const opened = new Map<string, Open>();

/** A shared descriptor of a database file's wal-index; `fd` is absent when there is none yet. */
export interface WalIndexFile {
  readonly fd: number | undefined;
  /** Call after this holder's connection to the database is closed. */
  release(): void;
}

/** The wal-index of `file` (a real path), opened read-only, or shared with its other holders. */
export function acquireWalIndexFile(file: string): WalIndexFile {
  let entry = opened.get(file);
  if (!entry) {
    let fd: number;
    try {
      fd = openSync(`${file}-shm`, 'r');
    } catch {
      return { fd: undefined, release: () => undefined };
    }
    entry = { fd, refs: 0 };
    opened.set(file, entry);
  }
  entry.refs++;
  const held = entry;
  let released = false;
  return {
    fd: held.fd,
    release: () => {
      if (released) return;
      released = true;
      if (--held.refs > 0) return;
      opened.delete(file);
      closeSync(held.fd);
    },
  };
}

// The wal-index header (https://sqlite.org/walformat.html): mxFrame at byte 16, nBackfill at byte
// 96, in the machine's byte order. One pread of 100 bytes and no lock: a stale value only moves a
// checkpoint by one look.
const header = Buffer.alloc(100);
const littleEndian = endianness() === 'LE';

/** The frame counters of the wal-index open as `fd`; undefined when they cannot be read. */
export function readWalIndex(fd: number | undefined): WalIndex | undefined {
  if (fd === undefined) return undefined;
  try {
    if (readSync(fd, header, 0, header.length, 0) < header.length) return undefined;
  } catch {
    return undefined;
  }
  const read = (at: number): number => (littleEndian ? header.readUInt32LE(at) : header.readUInt32BE(at));
  return { mxFrame: read(16), nBackfill: read(96) };
}
