import type { NamedRow, Param } from '../program.js';

/**
 * The shared SQL's placeholders — `$1` (a program's parameters, in order) and `$name` (a batch
 * row's column, SQLite's per-row writes) — rewritten as SQLite's anonymous `?`, with the value
 * each `?` takes. better-sqlite3 binds anonymous parameters from an argument list about twice as
 * fast as it looks named ones up in an object (13 values: 1.6 against 3.0 µs; docs/store.md, "Row
 * objects"). Quoted text, quoted names and comments are left alone (`'$.action'` is a JSON path).
 */
export interface ParamPlan {
  readonly sql: string;
  /** Per `?`, in order: the index of a program parameter, or the name of a row's column. */
  readonly slots: readonly (number | string)[];
}

const PLACEHOLDER = /^\$(\d+|[A-Za-z_][A-Za-z0-9_]*)/;

export function planParams(sql: string): ParamPlan {
  let out = '';
  const slots: (number | string)[] = [];
  let i = 0;
  while (i < sql.length) {
    const skip = skipQuoted(sql, i);
    if (skip > i) {
      out += sql.slice(i, skip);
      i = skip;
      continue;
    }
    const m = sql[i] === '$' ? PLACEHOLDER.exec(sql.slice(i)) : null;
    if (m) {
      const key = m[1]!;
      slots.push(/^\d+$/.test(key) ? Number(key) - 1 : key);
      out += '?';
      i += m[0].length;
      continue;
    }
    out += sql[i];
    i++;
  }
  return { sql: out, slots };
}

/** The end of the quoted text or comment starting at `i`, or `i` when none starts there. */
function skipQuoted(sql: string, i: number): number {
  const c = sql[i];
  if (c === "'" || c === '"') {
    // A doubled quote inside is an escaped quote: scanning on to the next quote handles it.
    const end = sql.indexOf(c, i + 1);
    return end < 0 ? sql.length : end + 1;
  }
  if (c === '-' && sql[i + 1] === '-') {
    const end = sql.indexOf('\n', i);
    return end < 0 ? sql.length : end;
  }
  if (c === '/' && sql[i + 1] === '*') {
    const end = sql.indexOf('*/', i + 2);
    return end < 0 ? sql.length : end + 2;
  }
  return i;
}

/**
 * The values of a program's step (`source` its parameters: numbered slots) or of a batch row (`source`
 * the row: named slots), in the order of the statement's `?`.
 */
export function boundValues(plan: ParamPlan, source: readonly Param[] | NamedRow): Param[] {
  const values = new Array<Param>(plan.slots.length);
  for (let k = 0; k < plan.slots.length; k++) {
    const slot = plan.slots[k]!;
    const value = (source as Readonly<Record<number | string, Param | undefined>>)[slot];
    if (value === undefined) {
      const what = typeof slot === 'number' ? 'parameter' : 'column';
      throw new RangeError(`Missing ${what} ${String(slot)} of a statement.`);
    }
    values[k] = value;
  }
  return values;
}
