import { StoreConflict, StoreUnavailable } from '../../ports/store.js';

/**
 * Driver errors the port names. Guards check before writing, so a constraint error here means a
 * race or a guard the verbs do not have; it still becomes the matching conflict, never a 500.
 */
export function fromSqliteError(err: unknown): Error {
  if (!(err instanceof Error)) return new Error(String(err));
  if (!('code' in err) || typeof err.code !== 'string') return err;
  const code = err.code;
  if (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_') || code === 'SQLITE_LOCKED') {
    return new StoreUnavailable(`database is busy: ${err.message}`, { cause: err });
  }
  // A full disk or a failing one: the store cannot serve now, and may again once an operator acts
  // (503 on the API, `takt_store_failures_total{kind="unavailable"}`), not a fault of the request.
  if (code === 'SQLITE_FULL' || code === 'SQLITE_IOERR' || code.startsWith('SQLITE_IOERR_')) {
    return new StoreUnavailable(`database cannot write: ${err.message}`, { cause: err });
  }
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return new StoreConflict('exists', err.message);
  }
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') return new StoreConflict('missing', err.message);
  return err;
}
