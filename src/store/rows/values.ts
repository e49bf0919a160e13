/**
 * Reading driver values. PostgreSQL returns BIGINT (and COUNT) as strings and BOOLEAN as booleans;
 * SQLite returns numbers for both. Every mapper goes through these so the domain sees one shape.
 */
import type { Param, Row } from '../program.js';

export function num(row: Row, column: string): number {
  const v = row[column];
  if (typeof v === 'number') return v;
  if (typeof v === 'string' || typeof v === 'bigint') return Number(v);
  throw new Error(`store: column ${column} is not a number (${typeof v})`);
}

export function optNum(row: Row, column: string): number | undefined {
  return row[column] === null || row[column] === undefined ? undefined : num(row, column);
}

export function str(row: Row, column: string): string {
  const v = row[column];
  if (typeof v === 'string') return v;
  throw new Error(`store: column ${column} is not text (${typeof v})`);
}

export function optStr(row: Row, column: string): string | undefined {
  return row[column] === null || row[column] === undefined ? undefined : str(row, column);
}

export function bool(row: Row, column: string): boolean {
  const v = row[column];
  return v === true || v === 1 || v === '1' || v === 't';
}

export const flag = (b: boolean): Param => (b ? 1 : 0);

/** `undefined` binds as NULL. */
export const opt = <T extends Param>(v: T | undefined): T | null => v ?? null;

/** Names compare case-insensitively (ASCII, docs/reference/scheduling-rules.md §2): the key column holds this. */
export const nameKey = (name: string): string => name.toLowerCase();

/** Subscription ids are lower-case GUIDs. */
export const subKey = (id: string): string => id.toLowerCase();

/** Certificate thumbprints are 40 upper-case hex. */
export const thumbKey = (thumbprint: string): string => thumbprint.toUpperCase();
