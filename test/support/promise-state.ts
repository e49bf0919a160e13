/** A promise's state, read without waiting for it (tests that assert a write is not answered yet). */
export interface PromiseState {
  state: 'pending' | 'resolved' | 'rejected';
  error?: unknown;
}

export function track(p: Promise<unknown>): PromiseState {
  const t: PromiseState = { state: 'pending' };
  p.then(
    () => (t.state = 'resolved'),
    (e: unknown) => {
      t.state = 'rejected';
      t.error = e;
    },
  );
  return t;
}
