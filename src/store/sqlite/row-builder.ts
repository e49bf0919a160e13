import type { Statement } from 'better-sqlite3';
import type { Param, Row } from '../program.js';

type Build = (values: readonly unknown[]) => Row;

/**
 * Reads a statement's rows as arrays and builds the row objects here. better-sqlite3 (12.x) builds
 * each row object through V8's C++ API, one property at a time: for the engine's 24-column job rows
 * that was ~9.7 µs a row against ~5.5 µs for `raw` arrays turned into objects here (docs/store.md,
 * "Row objects"). The objects are the same: the columns' names in their order, a later column of the
 * same name winning, as in better-sqlite3's own objects.
 */
export class RowBuilder {
  private readonly build: Build;

  constructor(private readonly stmt: Statement) {
    stmt.raw(true);
    this.build = builderFor(stmt.columns().map((c) => c.name));
  }

  all(values: readonly Param[]): Row[] {
    // Each array is replaced by its object in place: no second array per call.
    const rows = this.stmt.all(...values);
    for (let i = 0; i < rows.length; i++) rows[i] = this.build(rows[i] as unknown[]);
    return rows as Row[];
  }

  get(values: readonly Param[]): Row | undefined {
    const row = this.stmt.get(...values) as unknown[] | undefined;
    return row === undefined ? undefined : this.build(row);
  }
}

const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * One function per statement that returns an object literal of its columns. A single loop storing
 * `row[name] = value` for every statement's columns makes those stores megamorphic: ~0.95 µs for a
 * 24-column row, against ~0.05–0.1 µs for a literal of fixed keys (micro-benchmark, 13 statements'
 * shapes). The source is built from column names that SQLite reports for our own queries (names
 * of the `AS` aliases and columns in src/store/sql/), each a plain identifier, quoted as a JSON
 * string; a name of any other shape falls back to the loop.
 */
export function builderFor(names: readonly string[]): Build {
  const loop: Build = (values) => {
    const row: Record<string, unknown> = {};
    for (let i = 0; i < names.length; i++) row[names[i]!] = values[i];
    return row;
  };
  if (!names.every((n) => PLAIN_NAME.test(n))) return loop;
  const members = names.map((n, i) => `${JSON.stringify(n)}: v[${i}]`).join(', ');
  try {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- trusted names, see above
    return new Function('v', `return { ${members} };`) as Build;
  } catch {
    // node --disallow-code-generation-from-strings: the loop gives the same rows, only slower.
    return loop;
  }
}
