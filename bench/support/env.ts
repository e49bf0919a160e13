/**
 * A positive number from the environment (the benchmarks' size knobs), `dflt` when unset or empty;
 * anything else is a mistake in the command line and stops the run. `integer`: counts (jobs,
 * batch sizes), not rates or durations.
 */
export function envNumber(name: string, dflt: number, integer = false): number {
  const v = process.env[name];
  if (v === undefined || v === '') return dflt;
  const n = Number(v);
  const ok = integer ? Number.isInteger(n) : Number.isFinite(n);
  if (!ok || n <= 0)
    throw new Error(`${name} must be a positive ${integer ? 'integer' : 'number'}, got ${v}`);
  return n;
}

/** A count from the environment where 0 turns the step off (warm-ups): a non-negative integer. */
export function envCount(name: string, dflt: number): number {
  return process.env[name] === '0' ? 0 : envNumber(name, dflt, true);
}
