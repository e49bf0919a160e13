/**
 * Resolves after the I/O callbacks of the current event-loop turn (`setImmediate`; not a timer, so
 * no clock is involved). A synchronous store (SQLite) resolves its promises at once, so `await`
 * alone never lets timers or sockets in between two store calls; this does.
 */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
