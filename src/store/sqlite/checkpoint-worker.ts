// The WAL checkpointer thread (wal-checkpointer.ts, docs/store.md "SQLite checkpoints"): its own
// connection to the database file copies the WAL into it, so that work and its fsyncs never run
// inside a commit on the event loop. The thread blocks in Atomics.wait between looks at the WAL;
// it never returns to its event loop until it stops, so it is told everything through the shared
// slots and answers by postMessage.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import {
  COMMITS_SLOT,
  STOP_SLOT,
  afterPassive,
  passiveDue,
  type CheckpointEvent,
  type CheckpointResult,
  type CheckpointerData,
  type FromCheckpointer,
} from './checkpoint-policy.js';
import { readWalIndex } from './wal-index-file.js';

const data = workerData as CheckpointerData;
const port = parentPort;
if (!port) throw new Error('checkpoint-worker: must run as a worker thread');
const settings = data.settings;
const slots = new Int32Array(data.shared);
const post = (message: FromCheckpointer): void => port.postMessage(message);
const report = (event: CheckpointEvent): void => post({ event });
const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** How long to wait after a failure before looking again, so a broken file is not hammered. */
const FAILURE_PAUSE_MS = 1000;
/** A reader pinning the WAL is reported at most this often. */
const PINNED_REPORT_MS = 10_000;

function checkpoint(db: Db, mode: 'PASSIVE' | 'RESTART' | 'TRUNCATE'): CheckpointResult {
  const rows = db.pragma(`wal_checkpoint(${mode})`) as CheckpointResult[];
  return rows[0] ?? { busy: 1, log: -1, checkpointed: -1 };
}

let lastPinnedReport = -Infinity;

/** One look at the WAL; true while frames remain to be copied. */
function look(db: Db, idle: boolean): boolean {
  const index = readWalIndex(data.walIndexFd);
  if (!passiveDue(index, settings, idle)) return index !== undefined && index.mxFrame > index.nBackfill;
  const started = performance.now();
  const passive = checkpoint(db, 'PASSIVE');
  const copied = passive.checkpointed - (index?.nBackfill ?? 0);
  if (copied > 0) report({ kind: 'passive', frames: copied, ms: performance.now() - started });
  const next = afterPassive(passive, settings);
  if (next === 'restart') {
    const began = performance.now();
    const restart = checkpoint(db, 'RESTART');
    report({
      kind: 'blocking',
      frames: passive.log,
      ms: performance.now() - began,
      busy: restart.busy !== 0,
    });
  } else if (next === 'pinned' && started - lastPinnedReport >= PINNED_REPORT_MS) {
    lastPinnedReport = started;
    report({ kind: 'pinned', frames: passive.log });
  }
  return passive.checkpointed < passive.log;
}

function run(db: Db): void {
  let seen = Atomics.load(slots, COMMITS_SLOT);
  let dirty = false;
  while (Atomics.load(slots, STOP_SLOT) === 0) {
    Atomics.wait(slots, COMMITS_SLOT, seen, settings.idleMs);
    if (Atomics.load(slots, STOP_SLOT) !== 0) break;
    const now = Atomics.load(slots, COMMITS_SLOT);
    const idle = now === seen;
    seen = now;
    dirty ||= !idle;
    let pause = settings.pollMs;
    if (dirty) {
      try {
        dirty = look(db, idle);
      } catch (e) {
        report({ kind: 'failed', message: messageOf(e) });
        pause = FAILURE_PAUSE_MS;
      }
    }
    // Woken early only by stop.
    Atomics.wait(slots, STOP_SLOT, 0, pause);
  }
}

const db = new Database(data.path, { fileMustExist: true });
let closed: CheckpointResult = { busy: 1, log: -1, checkpointed: -1 };
try {
  // A checkpoint fsyncs the WAL before copying it and the database file before the WAL may be
  // started over (at NORMAL or FULL; never OFF), so a crash never loses a copied frame. FULL, the
  // SQLite default, stated here: this connection commits nothing, so it costs nothing more.
  db.pragma('synchronous = FULL');
  db.pragma(`busy_timeout = ${Math.trunc(settings.busyMs)}`);
  run(db);
  // Stopping (the store closes; no more commits come): everything into the database file, and the
  // WAL emptied, so the file alone holds every commit.
  closed = checkpoint(db, 'TRUNCATE');
} catch (e) {
  report({ kind: 'failed', message: messageOf(e) });
} finally {
  db.close();
}
post({ closed });
