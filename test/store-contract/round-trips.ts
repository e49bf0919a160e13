/**
 * Round trips to PostgreSQL, counted at the driver: a round trip starts when a query is sent while
 * none of this process's queries is in flight (a pipelined BEGIN and the statement behind it are
 * one); and the statements sent, in order. Importing this file patches pg's Client for the test
 * file's process.
 */
import { after } from 'node:test';
import pg from 'pg';

let inFlight = 0;
let roundTrips = 0;
/** The statement texts sent while `statementsOf` runs (pipelined ones included). */
let sent: string[] | undefined;
const query = Reflect.get(pg.Client.prototype, 'query') as (...args: unknown[]) => unknown;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]): unknown {
  if (inFlight === 0) roundTrips += 1;
  const q = args[0];
  sent?.push(typeof q === 'string' ? q : String((q as { text?: unknown }).text));
  inFlight += 1;
  const answer = query.apply(this, args);
  if (answer instanceof Promise)
    void answer.then(
      () => (inFlight -= 1),
      () => (inFlight -= 1),
    );
  else inFlight -= 1;
  return answer;
} as typeof pg.Client.prototype.query;
after(() => {
  pg.Client.prototype.query = query as typeof pg.Client.prototype.query;
});

/** `work`'s value and the round trips it took (nothing else may query meanwhile). */
export async function counted<T>(work: () => Promise<T>): Promise<{ value: T; roundTrips: number }> {
  const before = roundTrips;
  const value = await work();
  return { value, roundTrips: roundTrips - before };
}

/** The statements `work` sent, in order, whitespace collapsed (nothing else may query meanwhile). */
export async function statementsOf(work: () => Promise<unknown>): Promise<string[]> {
  const texts: string[] = [];
  sent = texts;
  try {
    await work();
  } finally {
    sent = undefined;
  }
  return texts.map((text) => text.replace(/\s+/g, ' ').trim());
}
