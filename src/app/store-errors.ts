import { DomainError, conflict, notFound } from '../domain/errors.js';
import { StoreConflict, type StoreConflictReason } from '../ports/store.js';

/**
 * Turns a store guard failure into the wire error the operation calls for. A 'version' conflict
 * (another writer got in between) stays as it is: withVersionRetry, around every read-modify-write
 * that can meet one, runs the attempt again.
 */
export function translateStoreConflict(
  e: unknown,
  messages: Partial<Record<StoreConflictReason, string>>,
): unknown {
  if (!(e instanceof StoreConflict) || e.reason === 'version') return e;
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

/**
 * Runs a read-modify-write, again from its read when another writer got in between (optimistic
 * concurrency); after `tries` such attempts, a 409.
 */
export async function withVersionRetry<T>(attempt: () => Promise<T>, tries = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (e) {
      if (!(e instanceof StoreConflict) || e.reason !== 'version') throw e;
      if (i >= tries) throw conflict('The resource kept changing while this request ran; try again.');
    }
  }
}
