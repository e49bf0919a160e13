/** A short, secret-free description of a transport failure (`connect ECONNREFUSED 127.0.0.1:8080`). */
export function transportReason(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length > 0) {
    // Happy-eyeballs tries every address; an empty AggregateError message hides the real causes.
    const parts = [...new Set(err.errors.map((e) => transportReason(e)))];
    return parts.join('; ');
  }
  if (err instanceof Error) {
    const openSsl = openSslReason(err);
    if (openSsl) return openSsl;
    const cause = (err as Error & { cause?: unknown }).cause;
    if (!err.message && cause !== undefined) return transportReason(cause);
    return err.message || err.name;
  }
  return String(err);
}

/**
 * OpenSSL's own message carries a per-process thread id, its source file and line and a trailing
 * newline (`806C…:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/…:350:`);
 * Node also sets `library` and `reason` on such an error, which say the same in words
 * (`SSL routines: wrong version number`, what an https:// URI to a plain-HTTP port gives).
 */
function openSslReason(err: Error): string | undefined {
  const { library, reason } = err as Error & { library?: unknown; reason?: unknown };
  // Only OpenSSL's errors have `library`; a certificate name mismatch has a `reason` that is only
  // half of its message.
  if (typeof library !== 'string' || library === '' || typeof reason !== 'string' || reason === '')
    return undefined;
  return `${library}: ${reason}`;
}

/** Finds an error of class `type` in `err` or its cause/aggregate chain. */
export function findError<T extends Error>(
  err: unknown,
  type: abstract new (...args: never[]) => T,
): T | undefined {
  const seen = new Set<unknown>();
  const stack: unknown[] = [err];
  while (stack.length > 0) {
    const e = stack.pop();
    if (e === undefined || e === null || seen.has(e)) continue;
    seen.add(e);
    if (e instanceof type) return e;
    if (e instanceof AggregateError) stack.push(...(e.errors as unknown[]));
    if (e instanceof Error) stack.push((e as Error & { cause?: unknown }).cause);
  }
  return undefined;
}

/** The error code (`ENOTFOUND`, `ECONNREFUSED`…) of `err` or of its causes, if any. */
export function errorCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let i = 0; i < 5 && e instanceof Error; i++) {
    const code = (e as Error & { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = e instanceof AggregateError ? (e.errors as unknown[])[0] : (e as Error & { cause?: unknown }).cause;
  }
  return undefined;
}
