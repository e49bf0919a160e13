import { StoreConflict, StoreUnavailable } from '../../ports/store.js';
import { JobSlotSplitNeeded } from '../verbs/job-slots.js';

/** Socket-level failures: the server is down, unreachable or went away mid-query. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/**
 * SQLSTATEs that mean "try again later": connection exceptions (08), insufficient resources (53),
 * operator intervention such as shutdown (57P01..57P03), lock timeouts (55P03) and
 * serialization/deadlock failures (40001, 40P01).
 */
function transientSqlState(code: string): boolean {
  return (
    code.startsWith('08') ||
    code.startsWith('53') ||
    code === '57P01' ||
    code === '57P02' ||
    code === '57P03' ||
    code === '55P03' ||
    code === '40001' ||
    code === '40P01'
  );
}

/**
 * Refusals of a new connection: the database was dropped or renamed (3D000), the login refused
 * (28000, 28P01: a password rotated under the node), or the database set to refuse connections
 * (`ALLOW_CONNECTIONS false`, 55000 with this message; 55000 otherwise is a statement's error).
 */
function connectionRefused(code: string, message: string): boolean {
  return (
    code === '3D000' ||
    code === '28000' ||
    code === '28P01' ||
    (code === '55000' && /not currently accepting connections/.test(message))
  );
}

/** node-postgres reports pool and socket trouble with plain Errors and these messages. */
const TRANSIENT_MESSAGES = [
  /timeout exceeded when trying to connect/i,
  /connection terminated/i,
  /Connection terminated unexpectedly/i,
  /Client has encountered a connection error/i,
];

/** Maps a driver error to the port's errors; anything else is returned unchanged (a bug: 500). */
export function fromPgError(err: unknown): unknown {
  if (!(err instanceof Error)) return err;
  if (err instanceof StoreConflict || err instanceof StoreUnavailable) return err;
  const code = 'code' in err && typeof err.code === 'string' ? err.code : undefined;
  if (code !== undefined) {
    if (NETWORK_CODES.has(code) || transientSqlState(code) || connectionRefused(code, err.message)) {
      return new StoreUnavailable(`database unavailable: ${err.message}`, { cause: err });
    }
    // The one-statement create found its counter shard full (migration 006, takt_job_slot_taken).
    if (code === 'TKT01') return new JobSlotSplitNeeded();
    // Guards check first; a constraint error means a concurrent writer won the race.
    if (code === '23505') return new StoreConflict('exists', err.message);
    if (code === '23503') return new StoreConflict('missing', err.message);
  }
  if (err instanceof AggregateError || TRANSIENT_MESSAGES.some((re) => re.test(err.message))) {
    return new StoreUnavailable(`database unavailable: ${err.message}`, { cause: err });
  }
  return err;
}
