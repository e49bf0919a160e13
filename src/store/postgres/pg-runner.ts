import pg from 'pg';
import type { PoolClient, QueryConfig, QueryResult } from 'pg';
import type { Migration } from '../migrations/migration.js';
import {
  runAsync,
  type Param,
  type Program,
  type Runner,
  type Step,
  type StepResult,
  type WriteMode,
} from '../program.js';
import type { QueryName, QueryTable } from '../sql/queries.js';
import { fromPgError } from './pg-errors.js';
import { migratePostgres, quoteIdent } from './pg-migrate.js';
import { PG_TYPES } from './pg-types.js';

export interface PgRunnerOptions {
  readonly url: string;
  /** Every table lives in this schema (the connections' search_path). Default `public`. */
  readonly schema?: string;
  readonly poolSize?: number;
  /** How long to wait for a free or new connection before StoreUnavailable. Default 10 s. */
  readonly connectTimeoutMs?: number;
  readonly queries: QueryTable;
  readonly migrations: readonly Migration[];
  /** Errors of idle pooled connections (the server restarted...); they are otherwise harmless. */
  readonly onIdleError?: (err: Error) => void;
  /** Connections kept open once made (never closed for idleness): the ones `warm` prepares. Default 0. */
  readonly keepConnections?: number;
}

/** Sent behind BEGIN (pipelined, no round trip of its own) by a write that need not be durable. */
const ASYNC_COMMIT = 'SET LOCAL synchronous_commit TO OFF';

/** A statement `warm` prepares, with parameters that make it touch no row. */
export interface WarmStatement {
  readonly query: QueryName;
  readonly params: readonly Param[];
}

/**
 * Reads run on any pooled connection without a transaction; a write runs the whole program on one
 * client between BEGIN and COMMIT (READ COMMITTED; the `lock*` queries take row locks), and rolls
 * back when a guard throws. Statements are named, so each connection prepares them once. The
 * connections pipeline (pg's `pipeline` mode): BEGIN travels with the program's first statement,
 * and statements whose answer the program does not read (`Step.ahead`) go out without waiting,
 * with the COMMIT behind them — a claim or an outcome batch costs two round trips.
 */
export class PgRunner implements Runner {
  private readonly pool: pg.Pool;
  private readonly schema: string;
  private readonly names = new Map<QueryName, string>();
  private closed = false;

  constructor(private readonly options: PgRunnerOptions) {
    this.schema = options.schema ?? 'public';
    this.pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
      min: options.keepConnections ?? 0,
      options: `-c search_path=${quoteIdent(this.schema)}`,
      types: PG_TYPES,
      // A write sends BEGIN with its first statement, and statements whose answer the program
      // does not read (`Step.ahead`) with the next one or the COMMIT, without waiting in between
      // (`write`). Every other query is awaited before the next is sent, as without pipelining.
      pipeline: true,
    });
    // Without a listener an idle client's error (server restart) would crash the process.
    this.pool.on('error', (err) => options.onIdleError?.(err));
  }

  async read<T>(program: Program<T>): Promise<T> {
    return this.writeEach(program);
  }

  /** Each statement on any pooled connection, committing on its own (synchronous_commit: durable). */
  async writeEach<T>(program: Program<T>): Promise<T> {
    try {
      return await runAsync(program, (step) => this.exec((q) => this.pool.query(q), step));
    } catch (err) {
      throw fromPgError(err);
    }
  }

  /**
   * A write that need not be durable (`durable: false`: the engine's claims, outcomes, lease
   * renewals and retention) commits asynchronously: its COMMIT answers before the WAL is flushed,
   * as an engine write on SQLite answers before the group fsync (docs/store.md, "Engine writes
   * without a flush"). Every other write waits for its flush, and that flush covers every earlier
   * commit too, since the WAL is written in order.
   */
  async write<T>(program: Program<T>, { onWritten, durable = true }: WriteMode<T> = {}): Promise<T> {
    const client = await this.connect();
    let broken: Error | undefined;
    // A checked-out client that loses its connection emits 'error'; unheard, that would crash the
    // process. The failed query rejects on its own, so the event only marks the client as broken.
    const onError = (err: Error): void => {
      broken = err;
    };
    client.on('error', onError);
    // Statements whose answers nobody waits for (BEGIN, `Step.ahead`), in the order sent.
    const ahead: Promise<unknown>[] = [];
    const send = (q: QueryConfig<Param[]> | string): Promise<QueryResult> => {
      const p = client.query(q);
      // Handled here; awaited with the COMMIT (or on failure, below).
      p.catch(() => undefined);
      return p;
    };
    const exec = (step: Step): Promise<StepResult> => {
      const answer = this.exec(send, step);
      if (!step.ahead) return answer;
      answer.catch(() => undefined);
      ahead.push(answer);
      return Promise.resolve(0);
    };
    try {
      // Pipelined: the program's first statement goes out behind BEGIN without waiting for it.
      ahead.push(send('BEGIN'));
      if (!durable) ahead.push(send(ASYNC_COMMIT));
      const result = await runAsync(program, exec);
      // COMMIT goes out behind the unanswered statements; it answers ROLLBACK (no error) if one of
      // them failed, so every answer is checked.
      await Promise.all([...ahead, send('COMMIT')]);
      onWritten?.(result);
      return result;
    } catch (caught) {
      // The first statement that failed is the cause (the later ones fail because of it).
      const err = (await firstFailure(ahead)) ?? caught;
      await client.query('ROLLBACK').catch((e: unknown) => {
        broken = e instanceof Error ? e : new Error(String(e));
      });
      throw fromPgError(err);
    } finally {
      // A client whose ROLLBACK failed is in an unknown state: destroy it rather than reuse it.
      client.off('error', onError);
      client.release(broken);
    }
  }

  /**
   * Opens the kept connections (`keepConnections`) and runs `statements` on each, inside a
   * transaction rolled back: each connection then has them prepared (named statements are per
   * connection) and its backend has the tables' catalog entries cached, so the engine's first claim
   * and outcome batch do not pay for connecting, parsing and planning (docs/engine.md, "The claim
   * on PostgreSQL").
   */
  async warm(statements: readonly WarmStatement[]): Promise<void> {
    const clients: PoolClient[] = [];
    let failed: Error | undefined;
    try {
      for (let i = 0; i < (this.options.keepConnections ?? 0); i++) clients.push(await this.connect());
      await Promise.all(
        clients.map(async (client) => {
          await client.query('BEGIN');
          for (const { query, params } of statements)
            await client.query({
              name: this.nameOf(query),
              text: this.options.queries[query],
              values: [...params],
            });
          await client.query('ROLLBACK');
        }),
      );
    } catch (err) {
      failed = err instanceof Error ? err : new Error(String(err));
      throw fromPgError(err);
    } finally {
      // A connection whose warming failed may be inside an aborted transaction: not reused.
      for (const client of clients) client.release(failed);
    }
  }

  async migrate(): Promise<number> {
    const client = await this.connect();
    try {
      return await migratePostgres(client, this.schema, this.options.migrations);
    } catch (err) {
      throw fromPgError(err);
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  private async connect(): Promise<PoolClient> {
    try {
      return await this.pool.connect();
    } catch (err) {
      throw fromPgError(err);
    }
  }

  private async exec(
    query: (q: QueryConfig<Param[]>) => Promise<QueryResult>,
    step: Step,
  ): Promise<StepResult> {
    const result = await query({
      name: this.nameOf(step.query),
      text: this.options.queries[step.query],
      // A `rows` step is one set-based statement over a JSON array of the rows.
      values: step.kind === 'rows' ? [JSON.stringify(step.rows)] : [...step.params],
    });
    switch (step.kind) {
      case 'all':
        return result.rows as Record<string, unknown>[];
      case 'get':
        return result.rows[0] as Record<string, unknown> | undefined;
      case 'run':
      case 'rows':
        return result.rowCount ?? 0;
    }
  }

  /** Prepared-statement names are per connection; one per query name of this runner's table. */
  private nameOf(query: QueryName): string {
    let name = this.names.get(query);
    if (name === undefined) {
      name = `takt_${query}`;
      this.names.set(query, name);
    }
    return name;
  }
}

/** The error of the first of `sent` that failed, once all have settled; undefined if none did. */
async function firstFailure(sent: readonly Promise<unknown>[]): Promise<unknown> {
  const settled = await Promise.allSettled(sent);
  return settled.find((r): r is PromiseRejectedResult => r.status === 'rejected')?.reason;
}
