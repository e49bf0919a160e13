/**
 * Reading parsed JSON the way the classic API did (docs/reference/classic-operations.md §6.1): member names match
 * case-insensitively, a name repeated in any casing takes its last value, `null` is the same as
 * absent, unknown members are ignored. Every failure is a BadRequest naming the field path and the
 * rule, e.g. `action.request.uri: is required`.
 */
import { clip } from '../domain/clip.js';
import { badRequest } from '../domain/errors.js';

export type JsonMap = Readonly<Record<string, unknown>>;

export function isJsonObject(value: unknown): value is JsonMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function childPath(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}

/**
 * The member whose name equals `name` ignoring case; when several do, the last one (JSON.parse has
 * already collapsed exact repeats to their last value). Returns the name as written, too.
 */
export function findMember(
  obj: JsonMap,
  name: string,
): { readonly key: string; readonly value: unknown } | undefined {
  const wanted = name.toLowerCase();
  let found: { key: string; value: unknown } | undefined;
  for (const key of Object.keys(obj)) {
    if (key.toLowerCase() === wanted) found = { key, value: obj[key] };
  }
  return found;
}

/** The members of a JSON object by lower-cased name, each the last of its casings, in first-seen order. */
export function membersIgnoringCase(
  obj: JsonMap,
): Map<string, { readonly key: string; readonly value: unknown }> {
  const out = new Map<string, { key: string; value: unknown }>();
  for (const key of Object.keys(obj)) out.set(key.toLowerCase(), { key, value: obj[key] });
  return out;
}

/** A JSON object under a field path, with typed accessors. `null` members read as absent. */
export class JsonFields {
  private constructor(
    private readonly obj: JsonMap,
    readonly path: string,
  ) {}

  /** Throws `<path>: must be a JSON object` for anything else. */
  static of(value: unknown, path: string): JsonFields {
    if (!isJsonObject(value)) throw badRequest(`${path === '' ? 'body' : path}: must be a JSON object`);
    return new JsonFields(value, path);
  }

  /** The path of member `name` (for messages). */
  at(name: string): string {
    return childPath(this.path, name);
  }

  /** The member's value; undefined when absent or null. */
  get(name: string): unknown {
    const v = findMember(this.obj, name)?.value;
    return v === null ? undefined : v;
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  /** True when the object has no members at all. */
  isEmpty(): boolean {
    return Object.keys(this.obj).length === 0;
  }

  required(name: string): unknown {
    const v = this.get(name);
    if (v === undefined) throw badRequest(`${this.at(name)}: is required`);
    return v;
  }

  requiredString(name: string, rule: StringRule = {}): string {
    return checkString(this.required(name), this.at(name), rule);
  }

  optionalString(name: string, rule: StringRule = {}): string | undefined {
    const v = this.get(name);
    return v === undefined ? undefined : checkString(v, this.at(name), rule);
  }

  optionalInteger(name: string, min: number, max: number): number | undefined {
    const v = this.get(name);
    return v === undefined ? undefined : checkInteger(v, this.at(name), min, max);
  }

  optionalBoolean(name: string): boolean | undefined {
    const v = this.get(name);
    if (v === undefined) return undefined;
    if (typeof v !== 'boolean') throw badRequest(`${this.at(name)}: must be true or false`);
    return v;
  }

  requiredObject(name: string): JsonFields {
    return JsonFields.of(this.required(name), this.at(name));
  }

  optionalObject(name: string): JsonFields | undefined {
    const v = this.get(name);
    return v === undefined ? undefined : JsonFields.of(v, this.at(name));
  }

  /** A case-insensitive enum member, returned in its canonical form. */
  optionalEnum<T extends string>(name: string, values: readonly T[]): T | undefined {
    const v = this.get(name);
    return v === undefined ? undefined : parseEnum(v, this.at(name), values);
  }

  requiredEnum<T extends string>(name: string, values: readonly T[]): T {
    return parseEnum(this.required(name), this.at(name), values);
  }
}

export interface StringRule {
  /** Reject the empty string (default false). */
  readonly nonEmpty?: boolean;
  /** Maximum length in UTF-16 code units (what .NET's string.Length counts). */
  readonly max?: number;
}

export function checkString(value: unknown, path: string, rule: StringRule = {}): string {
  if (typeof value !== 'string') throw badRequest(`${path}: must be a string`);
  if (rule.nonEmpty && value.length === 0) throw badRequest(`${path}: must not be empty`);
  if (rule.max !== undefined && value.length > rule.max) {
    throw badRequest(`${path}: must be at most ${rule.max} characters, got ${value.length}`);
  }
  return value;
}

export function checkInteger(value: unknown, path: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw badRequest(`${path}: must be an integer`);
  if (value < min || value > max) throw badRequest(`${path}: must be ${min}..${max}, got ${value}`);
  return value;
}

/** Case-insensitive enum; an unknown value is a BadRequest listing the accepted ones. */
export function parseEnum<T extends string>(value: unknown, path: string, values: readonly T[]): T {
  if (typeof value === 'string') {
    const lower = value.toLowerCase();
    const hit = values.find((v) => v.toLowerCase() === lower);
    if (hit !== undefined) return hit;
  }
  throw badRequest(`${path}: must be one of ${values.join(', ')}, got ${describe(value)}`);
}

/** A short rendering of a rejected value for messages (never used for secret members). */
export function describe(value: unknown): string {
  if (typeof value === 'string') return `'${clip(value)}'`;
  if (value === null || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? 'an array' : 'an object';
}
