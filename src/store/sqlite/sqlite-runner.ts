import { closeSync, mkdirSync, openSync, realpathSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Database as Db, Statement, Transaction } from 'better-sqlite3';
import type { Migration } from '../migrations/migration.js';
import {
  runSync,
  type Program,
  type Runner,
  type Step,
  type StepResult,
  type WriteMode,
} from '../program.js';
import type { QueryName, QueryTable } from '../sql/queries.js';
import { fromSqliteError } from './sqlite-errors.js';
import { migrateSqlite } from './sqlite-migrate.js';
import type { CheckpointEvent, CheckpointSettings } from './checkpoint-policy.js';
import { WalCheckpointer } from './wal-checkpointer.js';
import { acquireWalIndexFile, type WalIndexFile } from './wal-index-file.js';
import { TurnTransaction } from './turn-transaction.js';
import { WalSync, type WalFiles } from './wal-sync.js';
import { RowBuilder } from './row-builder.js';
import { boundValues, planParams, type ParamPlan } from './param-plan.js';

/** A query prepared once: its statement, where its values go, and its row builder once it read rows. */
interface Prepared {
  readonly stmt: Statement;
  readonly plan: ParamPlan;
  rows?: RowBuilder;
}

export interface SqliteRunnerOptions {
  /** A file path, or ':memory:'. */
  readonly path: string;
  readonly queries: QueryTable;
  readonly migrations: readonly Migration[];
  /** How long a writer waits for another process's write lock before giving up (StoreUnavailable). */
  readonly busyTimeoutMs?: number;
  /**
   * Durability of a write (docs/operations.md, Durability). `full` (default): a durable write
   * resolves only once an fsync of the WAL that covers its commit completed, so an acknowledged
   * write survives power loss; the fsync is a group commit (wal-sync.ts), shared by every write
   * committed before it started and run off the event loop. `normal`: no fsync wait; the WAL is
   * fsynced at checkpoints, so a commit survives a process crash but the last ones can vanish on
   * power loss. Either way the connection runs `synchronous=NORMAL`, and the engine's own writes
   * (`write(program, false)`) never wait: an attempt they lose in a power cut is redelivered.
   */
  readonly synchronous?: 'full' | 'normal';
  /** The file operations of the WAL fsync (tests decide when an fsync completes). */
  readonly walFiles?: WalFiles;
  /**
   * Checkpoints of the WAL (docs/store.md, SQLite checkpoints): by default on a thread of their own
   * (wal-checkpointer.ts), never inside a commit; `false` leaves them to SQLite's automatic
   * checkpoint inside the commits (a short-lived CLI process, tests).
   */
  readonly checkpointer?: false | Partial<CheckpointSettings>;
  /** Every checkpoint of the checkpointer thread, and its failures (metrics, log). Must not throw. */
  readonly onCheckpoint?: (event: CheckpointEvent) => void;
}

/** SQLite's default automatic checkpoint, put back when the checkpointer thread is lost. */
const AUTOCHECKPOINT_PAGES = 1000;

/**
 * better-sqlite3 is synchronous: a whole program runs to completion within one call, so a write
 * never interleaves with another program of this process. The writes of one event-loop turn share
 * one transaction, each in a savepoint of its own (turn-transaction.ts). It begins `IMMEDIATE`, so a
 * second process (a CLI next to `takt serve`) waits for the lock up front instead of failing
 * mid-transaction on upgrade.
 */
export class SqliteRunner implements Runner {
  private readonly db: Db;
  /** The database file, symbolic links resolved (where SQLite puts the WAL), or ':memory:'. */
  private readonly file: string;
  private readonly statements = new Map<QueryName, Prepared>();
  private dataVersion: Statement | undefined;
  /**
   * Rows changed by this connection's statements run through `exec`: whether a program without a
   * savepoint changed rows (withoutSavepoint). Counted here rather than read with `SELECT
   * total_changes()` before and after (two statements per job write): the schema has no triggers,
   * and a cascade happens only under a statement that itself changed a row, so the two move together;
   * a writing statement read through `get`/`all` (RETURNING) counts as a change.
   */
  private changesRun = 0;
  /** The counter as read in the current event-loop turn. */
  private turnVersion: number | undefined;
  /** Group commit of durable writes; absent for ':memory:' (no WAL) and under `normal`. */
  private readonly walSync: WalSync | undefined;
  /** One wrapper for every write (a savepoint in the turn; BEGIN IMMEDIATE when alone), built once. */
  private readonly transaction: Transaction<(program: Program<unknown>) => unknown>;
  /** The writes of one event-loop turn share a transaction (turn-transaction.ts). */
  private readonly turn: TurnTransaction;
  /** Checkpoints off the event loop; absent for ':memory:' (no WAL) or when turned off. */
  private readonly checkpointer: WalCheckpointer | undefined;
  /** The wal-index the checkpointer reads, held until this connection is closed (wal-index-file.ts). */
  private walIndex: WalIndexFile | undefined;
  private closed = false;

  constructor(private readonly options: SqliteRunnerOptions) {
    // Zero set-up: the default data directory is created on first start.
    if (options.path !== ':memory:') {
      mkdirSync(dirname(options.path), { recursive: true });
      // The store holds sealed secrets and credential hashes: a new file is the owner's alone, as
      // backups are. SQLite gives its -wal and -shm files the database file's mode. An existing
      // file keeps the mode its operator chose.
      closeSync(openSync(options.path, 'a', 0o600));
    }
    this.db = new Database(options.path);
    this.file = options.path === ':memory:' ? ':memory:' : realpathSync(options.path);
    if (options.path !== ':memory:') this.db.pragma('journal_mode = WAL');
    // Never FULL: a FULL commit blocks the event loop for its fsync, one fsync per transaction.
    // Durable writes wait for the group fsync of the WAL instead (write()).
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma(`busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? 5000)}`);
    this.transaction = this.db.transaction((program: Program<unknown>) => runSync(program, this.exec));
    this.walSync =
      options.path !== ':memory:' && options.synchronous !== 'normal'
        ? new WalSync(`${this.file}-wal`, options.walFiles)
        : undefined;
    this.checkpointer = this.startCheckpointer();
    this.turn = new TurnTransaction(
      this.db,
      this.file,
      () => this.checkpointer?.committed(),
      fromSqliteError,
      this.walSync,
    );
  }

  private startCheckpointer(): WalCheckpointer | undefined {
    const { path, checkpointer, onCheckpoint } = this.options;
    if (path === ':memory:' || checkpointer === false) return undefined;
    // No commit of this connection checkpoints: the thread does, off the event loop.
    this.db.pragma('wal_autocheckpoint = 0');
    // A first read in WAL mode creates the wal-index.
    this.db.prepare('SELECT count(*) FROM sqlite_master').get();
    this.walIndex = acquireWalIndexFile(this.file);
    return new WalCheckpointer({
      path: this.file,
      walIndexFd: this.walIndex.fd,
      ...(checkpointer !== undefined ? { settings: checkpointer } : {}),
      ...(onCheckpoint !== undefined ? { onEvent: onCheckpoint } : {}),
      onLost: (reason) => {
        // Without the thread the WAL would grow without bound: the commits checkpoint again.
        if (!this.closed) this.db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
        onCheckpoint?.({ kind: 'failed', message: `${reason}; checkpoints run inside commits again` });
      },
    });
  }

  /** The connection's `wal_autocheckpoint` in pages, 0 when commits never checkpoint (tests). */
  autocheckpointPages(): number {
    return this.db.pragma('wal_autocheckpoint', { simple: true }) as number;
  }

  /** Whether durable writes wait for an fsync of the WAL (tests and diagnostics). */
  get syncsWal(): boolean {
    return this.walSync !== undefined;
  }

  /** The connection's effective `synchronous` setting (for tests and diagnostics). */
  synchronousSetting(): 'full' | 'normal' | 'off' | 'extra' {
    const level = this.db.pragma('synchronous', { simple: true }) as number;
    return (['off', 'normal', 'full', 'extra'] as const)[level] ?? 'full';
  }

  othersChangeCounter(): number {
    // Read once per event-loop turn: the pragma costs about 5 µs (it checks the WAL index), and
    // authentication asks twice per API request, a tenth of a GET's CPU. A commit by another
    // process cannot be ordered against the requests handled within one turn anyway; the next
    // turn reads the counter afresh. This process's own writes are counted by the store itself.
    // A rolled-back turn counts as another's change: what this process's reads (and caches) saw of
    // the writes it had answered early is gone.
    const lost = this.turn.lostCommits;
    if (this.turnVersion !== undefined) return this.turnVersion + lost;
    // Prepared once; a pragma statement reads the counter afresh on every call.
    this.dataVersion ??= this.db.prepare('PRAGMA data_version').pluck();
    const version = this.dataVersion.get() as number;
    this.turnVersion = version;
    setImmediate(() => (this.turnVersion = undefined));
    return version + lost;
  }

  read<T>(program: Program<T>): Promise<T> {
    return this.attempt(() => runSync(program, this.exec));
  }

  write<T>(
    program: Program<T>,
    {
      durable = true,
      onWritten,
      alone = false,
      checksFirst = false,
      answerWhenRun = false,
    }: WriteMode<T> = {},
  ): Promise<T> {
    // A durable write of the turn is answered once the first fsync started after the turn's commit
    // completed; the API's deferSync write once it ran; another at the commit (turn-transaction.ts,
    // TurnAnswer). An engine write (durable=false) does not wait for an fsync: the next group fsync
    // or checkpoint writes it to disk with everything before it.
    const answer = durable ? 'durable' : answerWhenRun ? 'ran' : 'commit';
    if (!alone)
      return checksFirst
        ? this.turn.run(() => this.withoutSavepoint(program), onWritten, answer)
        : // Inside the turn's transaction better-sqlite3's wrapper is a savepoint.
          this.turn.run(() => this.transaction(program) as T, onWritten, answer);
    const committed = this.attempt(() => {
      this.turn.flush();
      const value = this.transaction.immediate(program) as T;
      this.checkpointer?.committed();
      onWritten?.(value);
      return value;
    });
    const walSync = this.walSync;
    if (!durable || walSync === undefined) return committed;
    return committed.then(async (value) => {
      await walSync.sync();
      return value;
    });
  }

  /**
   * A program that refuses only before it changes a row (`WriteMode.checksFirst`), in the turn's
   * transaction without a savepoint. SQLite undoes a failed statement by itself; if the program
   * throws after rows changed (an SQLite error in a later statement), the turn is rolled back.
   */
  private withoutSavepoint<T>(program: Program<T>): T {
    const before = this.changesRun;
    try {
      return runSync(program, this.exec);
    } catch (err) {
      if (this.changesRun !== before) this.turn.abort(err);
      throw err;
    }
  }

  sync(): Promise<void> {
    if (this.walSync === undefined) return Promise.resolve();
    // A write answered before its commit (TurnAnswer 'ran') may still be in the open turn.
    this.turn.flush();
    return this.walSync.sync();
  }

  syncFailures(): number {
    // A rolled-back turn lost the writes it had answered early, as a failed fsync may lose commits.
    return (this.walSync?.failures ?? 0) + this.turn.lostCommits;
  }

  migrate(): Promise<number> {
    // Statements prepared before a migration may describe an older table shape.
    this.statements.clear();
    this.turn.flush();
    return this.attempt(() => migrateSqlite(this.db, this.options.migrations)).then(async (applied) => {
      this.checkpointer?.committed();
      await this.walSync?.sync();
      return applied;
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // The open turn commits; the durable writes it answers ask for their fsync in their own
    // continuations, which run before the next check phase.
    this.turn.flush();
    await new Promise((resolve) => setImmediate(resolve));
    // The fsyncs under way finish first: writes waiting for them are answered.
    await this.walSync?.close();
    // The thread's last checkpoint copies the whole WAL into the database file and empties it; this
    // connection, the last one, then deletes the WAL (SQLite checkpoints once more at close, a no-op).
    await this.checkpointer?.close();
    // A write made while closing commits too (its turn would otherwise commit on a closed connection).
    this.turn.flush();
    this.statements.clear();
    this.dataVersion = undefined;
    this.db.close();
    // Only now: closing it drops this process's locks on the wal-index (wal-index-file.ts).
    this.walIndex?.release();
  }

  private attempt<T>(body: () => T): Promise<T> {
    try {
      return Promise.resolve(body());
    } catch (err) {
      return Promise.reject(fromSqliteError(err));
    }
  }

  private readonly exec = (step: Step): StepResult => {
    const prepared = this.statement(step.query);
    const { stmt, plan } = prepared;
    switch (step.kind) {
      case 'all':
        // A writing statement read through (RETURNING) may have changed rows: counted as if it had.
        if (!stmt.readonly) this.changesRun += 1;
        return (prepared.rows ??= new RowBuilder(stmt)).all(boundValues(plan, step.params));
      case 'get':
        if (!stmt.readonly) this.changesRun += 1;
        return (prepared.rows ??= new RowBuilder(stmt)).get(boundValues(plan, step.params));
      case 'run': {
        const changes = stmt.run(...boundValues(plan, step.params)).changes;
        this.changesRun += changes;
        return changes;
      }
      case 'rows': {
        let changes = 0;
        for (const row of step.rows) {
          const n = stmt.run(...boundValues(plan, row)).changes;
          changes += n;
          this.changesRun += n;
        }
        return changes;
      }
    }
  };

  private statement(name: QueryName): Prepared {
    let prepared = this.statements.get(name);
    if (!prepared) {
      const plan = planParams(this.options.queries[name]);
      prepared = { stmt: this.db.prepare(plan.sql), plan };
      this.statements.set(name, prepared);
    }
    return prepared;
  }
}
