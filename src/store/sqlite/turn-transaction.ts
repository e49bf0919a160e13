import type { Database as Db, Statement } from 'better-sqlite3';
import { StoreUnavailable } from '../../ports/store.js';

/**
 * When a write of the turn is answered: `commit`, at the turn's commit; `durable`, once the first
 * fsync started after that commit completed; `ran`, at once (a `deferSync` write, whose caller makes
 * it durable with a later durable write and checks `lostCommits` — see `run`).
 */
export type TurnAnswer = 'commit' | 'durable' | 'ran';

/** A write of the open turn, answered as its `answer` says. */
interface TurnWrite {
  readonly value: unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (err: unknown) => void;
  readonly answer: TurnAnswer;
}

const ANSWERED = (): void => undefined;

/**
 * The group fsync of the WAL, as the turn sees it (wal-sync.ts). While an fsync runs, a turn's
 * commit could only be covered by the next one, which starts when the running one ends; so the turn
 * stays open until then and commits right before that fsync starts ("hold" below).
 */
export interface TurnSync {
  /** Whether an fsync is under way. */
  readonly busy: boolean;
  /** Runs `fn` once it settled, right before the next fsync starts. */
  whenIdle(fn: () => void): void;
  /** Resolves once an fsync that started after this call completed. */
  sync(): Promise<void>;
}

/**
 * Group commit of the writes of one event-loop turn (docs/store.md, "One transaction per turn").
 * The first write of a turn opens `BEGIN IMMEDIATE`; it and every later write of the turn run at
 * once, each in a savepoint of that transaction (a write that throws rolls back only itself), and
 * the transaction commits in the turn's check phase (`setImmediate`), answering them all. So the
 * writes keep the order and the isolation they had as transactions of their own — each runs to
 * completion, seeing every earlier write of the process — but 20 PUTs arriving together pay one
 * BEGIN, one COMMIT and one WAL write of each page they share instead of twenty.
 *
 * Reads on this connection see a write of the turn before its commit. That is visible only if the
 * commit then fails (an I/O error, the disk full): every write of the turn is then refused, and a
 * read that ran meanwhile answered what was never stored — as a committed write lost to a failed
 * fsync already could be (docs/operations.md, Durability).
 */
export class TurnTransaction {
  /**
   * The open turns of this process, by database file. A second connection to the same file in this
   * process (two nodes of a test, a tool next to the server) commits them before it begins: its
   * `BEGIN IMMEDIATE` would otherwise wait, blocking the event loop, for a lock that only the
   * event loop's next check phase releases.
   */
  private static readonly openTurns = new Map<string, Set<TurnTransaction>>();
  private writes: TurnWrite[] | undefined;
  /** Turns rolled back, at their commit or by `abort`, that held a write answered before it (`ran`). */
  private lost = 0;
  private readonly begin: Statement;
  private readonly commit: Statement;
  private readonly rollback: Statement;

  /**
   * @param committed Called after every successful commit (the checkpointer counts them).
   * @param walSync The group fsync durable writes wait for; absent when they wait for none.
   */
  constructor(
    private readonly db: Db,
    /** The database file (realpath), or ':memory:' (never shared). */
    private readonly file: string,
    private readonly committed: () => void,
    private readonly toError: (err: unknown) => Error,
    private readonly walSync?: TurnSync,
  ) {
    this.begin = db.prepare('BEGIN IMMEDIATE');
    this.commit = db.prepare('COMMIT');
    this.rollback = db.prepare('ROLLBACK');
  }

  /**
   * Runs `body` now, inside the turn's transaction; resolves with its value as `answer` says.
   * `body` must make its own savepoint (better-sqlite3's `db.transaction` does inside a transaction),
   * or change nothing before it throws, or `abort` the turn when it did.
   * `onWritten` runs right after `body`, before any other code of the process: from then on, reads
   * of this connection see the write.
   *
   * `ran`: answered before the commit, so that the caller's durable write (the API's operation
   * record) can join the same turn while it is held; without a group fsync it means `commit`. If the
   * turn is then rolled back, the write is lost although answered: `lostCommits` moves, which the
   * caller checks after its durable write, as it checks for a failed fsync (Store.syncFailures).
   */
  run<T>(body: () => T, onWritten?: (value: T) => void, answer: TurnAnswer = 'commit'): Promise<T> {
    let writes: TurnWrite[];
    let value: T;
    try {
      writes = this.open();
      value = body();
    } catch (err) {
      return Promise.reject(this.toError(err));
    }
    onWritten?.(value);
    if (answer === 'ran' && this.walSync === undefined) answer = 'commit';
    if (answer === 'ran') {
      writes.push({ value, resolve: ANSWERED, reject: ANSWERED, answer });
      return Promise.resolve(value);
    }
    return new Promise<T>((resolve, reject) => {
      writes.push({ value, resolve: resolve as (value: unknown) => void, reject, answer });
    });
  }

  /** How many turns holding a write answered before its commit were rolled back (see `run`). */
  get lostCommits(): number {
    return this.lost;
  }

  /**
   * Rolls the open turn back and refuses every write of it: a write that ran without a savepoint
   * (`WriteMode.checksFirst`) failed after it changed rows, which only the whole transaction can undo.
   */
  abort(cause: unknown): void {
    const writes = this.detach();
    if (writes !== undefined) this.refuse(writes, cause);
  }

  /** Commits the open turn now (before close, migrations). */
  readonly flush = (): void => {
    const writes = this.detach();
    if (writes === undefined) return;
    try {
      if (!this.db.inTransaction) throw new Error('the transaction of this turn was rolled back');
      this.commit.run();
    } catch (err) {
      this.refuse(writes, err);
      return;
    }
    this.committed();
    // One fsync asked for right after the commit covers every durable write of the turn (asked
    // for write by write, all but the first would find it running and wait for the next one).
    let synced: Promise<void> | undefined;
    for (const w of writes) {
      if (w.answer === 'durable' && this.walSync !== undefined) {
        synced ??= this.walSync.sync();
        synced.then(() => w.resolve(w.value), w.reject);
      } else w.resolve(w.value);
    }
  };

  /**
   * The turn's end (check phase). While an fsync runs, a commit now would wait for the next fsync
   * anyway, and the turns meanwhile would each write their shared pages (an index leaf, the
   * collection's counter, the operation records' last page) to the WAL again: the turn is held open
   * instead and commits once, right before that next fsync starts. So a group fsync covers one
   * commit, not one per turn, and writes fewer frames.
   */
  private readonly endOfTurn = (): void => {
    if (this.writes !== undefined && this.walSync?.busy === true) this.walSync.whenIdle(this.flush);
    else this.flush();
  };

  /** The open turn's writes, the turn closed; undefined when none is open. */
  private detach(): TurnWrite[] | undefined {
    const writes = this.writes;
    if (writes === undefined) return undefined;
    this.writes = undefined;
    TurnTransaction.openTurns.get(this.file)?.delete(this);
    return writes;
  }

  /** Rolls the turn's transaction back (if SQLite has not already) and refuses every write of it. */
  private refuse(writes: readonly TurnWrite[], cause: unknown): void {
    if (this.db.inTransaction) this.rollback.run();
    const err = commitError(this.toError(cause));
    if (writes.some((w) => w.answer === 'ran')) this.lost += 1;
    for (const w of writes) w.reject(err);
  }

  /** The open turn's writes, after beginning the turn if none is open. */
  private open(): TurnWrite[] {
    // SQLite may roll a transaction back by itself on some errors (I/O, out of memory): the turn's
    // earlier writes are gone, so they are refused before a new turn begins.
    if (this.writes !== undefined && !this.db.inTransaction) this.flush();
    if (this.writes !== undefined) return this.writes;
    const others = TurnTransaction.openTurns.get(this.file);
    if (others !== undefined) for (const other of others) other.flush();
    this.begin.run();
    const writes: TurnWrite[] = [];
    this.writes = writes;
    if (this.file !== ':memory:') {
      if (others === undefined) TurnTransaction.openTurns.set(this.file, new Set([this]));
      else others.add(this);
    }
    setImmediate(this.endOfTurn);
    return writes;
  }
}

/**
 * Nothing of the turn was stored, and each write of it may be innocent of the cause: safe to retry
 * (503 ServerBusy), never a conflict (409) for a request that did nothing wrong.
 */
function commitError(err: Error): Error {
  if (err instanceof StoreUnavailable) return err;
  return new StoreUnavailable(`the database could not commit: ${err.message}`, { cause: err });
}
