/**
 * A store verb is written once, as a *program*: a generator that yields named query steps and
 * receives their results. Each dialect runs programs with its own driver — SQLite synchronously
 * inside `db.transaction(...)`, PostgreSQL asynchronously inside BEGIN/COMMIT on one pooled
 * client — so the guards and their order are identical on both backends by construction, and a
 * guard that throws rolls back everything the program already wrote.
 */
import type { QueryName } from './sql/queries.js';

/** A bound value. Booleans travel as 0/1 (SQLite cannot bind booleans; PostgreSQL reads '1'/'0'). */
export type Param = string | number | null;

export type Step = (
  | { readonly kind: 'all'; readonly query: QueryName; readonly params: readonly Param[] }
  | { readonly kind: 'get'; readonly query: QueryName; readonly params: readonly Param[] }
  | { readonly kind: 'run'; readonly query: QueryName; readonly params: readonly Param[] }
  | { readonly kind: 'rows'; readonly query: QueryName; readonly rows: readonly NamedRow[] }
) & {
  /**
   * The program does not read this statement's answer: a runner may send the next statement (or
   * the COMMIT) without waiting for it — PostgreSQL pipelines them, one round trip for all. Its
   * failure still fails the whole write.
   */
  readonly ahead?: true;
};

/** One row of a batch write, keyed by column name (sql/engine-bulk.ts gives each batch's column list). */
export type NamedRow = Readonly<Record<string, Param>>;

/** What a step answers: rows for `all`, one row or undefined for `get`, changed-row count for `run`. */
export type StepResult = readonly Row[] | Row | undefined | number;

/** A raw row as the driver returns it; mappers in rows/ turn it into domain values. */
export type Row = Readonly<Record<string, unknown>>;

export type Program<T> = Generator<Step, T, StepResult>;

export function* all(query: QueryName, ...params: Param[]): Program<readonly Row[]> {
  return (yield { kind: 'all', query, params }) as readonly Row[];
}

export function* get(query: QueryName, ...params: Param[]): Program<Row | undefined> {
  return (yield { kind: 'get', query, params }) as Row | undefined;
}

/** Runs a statement; returns how many rows it changed. */
export function* run(query: QueryName, ...params: Param[]): Program<number> {
  return (yield { kind: 'run', query, params }) as number;
}

/** `run` whose answer the program does not read (Step.ahead). */
export function* runAhead(query: QueryName, ...params: Param[]): Program<void> {
  yield { kind: 'run', query, params, ahead: true };
}

/** `runRows` whose answer the program does not read (Step.ahead). */
export function* runRowsAhead(query: QueryName, rows: readonly NamedRow[]): Program<void> {
  yield { kind: 'rows', query, rows, ahead: true };
}

/**
 * Applies one statement to many rows; returns how many rows it changed. Each dialect picks the
 * cheaper form: SQLite runs its per-row statement once per row (a prepared statement in-process
 * costs half of decoding the rows from JSON) binding each row object's named parameters,
 * PostgreSQL sends all rows as ONE JSON array parameter to its set-based statement (one round trip). See sql/engine-bulk.ts.
 */
export function* runRows(query: QueryName, rows: readonly NamedRow[]): Program<number> {
  return (yield { kind: 'rows', query, rows }) as number;
}

/** Drives a program to completion with a synchronous executor (SQLite). */
export function runSync<T>(program: Program<T>, exec: (step: Step) => StepResult): T {
  let next = program.next();
  while (!next.done) next = program.next(exec(next.value));
  return next.value;
}

/** Drives a program to completion with an asynchronous executor (PostgreSQL). */
export async function runAsync<T>(
  program: Program<T>,
  exec: (step: Step) => Promise<StepResult>,
): Promise<T> {
  let next = program.next();
  while (!next.done) next = program.next(await exec(next.value));
  return next.value;
}

/** How a write commits (Runner.write). */
export interface WriteMode<T> {
  /**
   * Default true: the commit is on disk before the promise resolves. The engine's own writes
   * (claims, outcomes, leases, retention) pass false: a crash loses nothing they need, because an
   * unrecorded attempt is redelivered when its lease expires (at-least-once), and the next durable
   * commit flushes them too (docs/store.md, Durability).
   */
  readonly durable?: boolean;
  /**
   * Called with the program's value as soon as this process's reads see the write, with no other
   * code of the process in between — on SQLite right after the program ran inside the turn's
   * transaction (sqlite/turn-transaction.ts), on PostgreSQL after COMMIT. SqlStore's job cache
   * writes the written job through at that point; if the write then fails, SqlStore drops it.
   */
  readonly onWritten?: (value: T) => void;
  /**
   * A batch of many rows (the engine's claims, outcomes, lease renewals and retention): on SQLite a
   * transaction of its own, committed at once after the open turn's, not a savepoint of the turn
   * (docs/store.md, "One transaction per turn": a savepoint made such batches cost more).
   */
  readonly alone?: boolean;
  /**
   * The program refuses (throws) only before it has changed a row: its guards come first. On SQLite
   * it then runs in the turn's transaction without a savepoint of its own (a savepoint and its
   * release cost a PUT job about 5% of its CPU); should it throw after a change after all (an
   * SQLite error), the whole turn is rolled back and every write of it refused (docs/store.md,
   * "One transaction per turn").
   */
  readonly checksFirst?: boolean;
  /**
   * With `durable: false`, the API's `deferSync` write (WriteOptions): answered as soon as this
   * process's reads see it, before its commit — on SQLite with a group fsync the turn may be held
   * open until the running fsync ends, and the caller's durable write (the operation record) should
   * join it (docs/store.md, "One transaction per turn"). The caller makes it durable by that later
   * durable write or `sync()`, and checks `syncFailures()` did not move meanwhile: a turn rolled
   * back after the answer counts there, as a failed fsync does.
   */
  readonly answerWhenRun?: boolean;
}

/** How a program may touch the database: `read` needs no transaction, `write` gets one. */
export interface Runner {
  read<T>(program: Program<T>): Promise<T>;
  /** One write transaction (WriteMode says how it commits). */
  write<T>(program: Program<T>, mode?: WriteMode<T>): Promise<T>;
  /**
   * Runs a program whose every statement commits on its own: no BEGIN/COMMIT around them (two round
   * trips fewer on PostgreSQL). Only for programs each of whose statements is right alone (one
   * write, then reads). Absent on SQLite, whose `write` costs no round trips.
   */
  writeEach?<T>(program: Program<T>): Promise<T>;
  /**
   * Resolves once everything committed before the call is on disk (SQLite's group fsync, after
   * writes that did not wait for it). Absent where every commit is durable by itself (PostgreSQL).
   */
  sync?(): Promise<void>;
  /** How many of `sync`'s fsyncs failed so far (wal-sync.ts WalSync.failures). */
  syncFailures?(): number;
  migrate(): Promise<number>;
  close(): Promise<void>;
  /**
   * A number that changes whenever another connection committed a change (SQLite's
   * `PRAGMA data_version`). Absent where there is no cheap signal (PostgreSQL, several nodes):
   * then nothing is cached.
   */
  othersChangeCounter?(): number;
}
