import { DomainError, conflict, notFound } from '../domain/errors.js';
import { StoreConflict, type StoreConflictReason } from '../ports/store.js';

/** Turns a store guard failure into the wire error the operation calls for. */
export function translateStoreConflict(
  e: unknown,
  messages: Partial<Record<StoreConflictReason, string>>,
): unknown {
  if (!(e instanceof StoreConflict)) return e;
  const message = messages[e.reason];
  switch (e.reason) {
    case 'missing':
      return notFound(message);
    case 'etag':
      return new DomainError(
        'PreconditionFailed',
        message ?? 'The condition specified by If-Match was not met.',
      );
    default:
      return conflict(message ?? 'The request conflicts with the current state of the resource.');
  }
}

/** Runs a read-modify-write, retrying when another writer got in between (optimistic concurrency). */
export async function withVersionRetry<T>(attempt: () => Promise<T>, tries = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (e) {
      if (!(e instanceof StoreConflict) || e.reason !== 'version' || i >= tries) throw e;
    }
  }
}
