/**
 * One configuration option, declared once: its environment variable, flag, parser (type and
 * validation rule), default and description. The schema (config-schema.ts) is a tree of these; the
 * TypeScript type of the configuration, the loader, the flags' help and the option table in
 * docs/operations.md are all derived from it.
 */
import type { Parser } from './values.js';

/** The table of docs/operations.md (Configuration) an option is listed in. */
export type Section = 'node' | 'security' | 'api' | 'plans' | 'engine' | 'outbound';

/** Options resolved so far, by dotted path (options are resolved in declaration order). */
export type Resolved = Readonly<Record<string, unknown>>;

export interface OptionSpec<T> {
  /** Environment variable (`TAKT_…`). */
  readonly env?: string;
  /** Commander flag of `takt serve` and the local admin commands, e.g. `--data-dir <dir>`. */
  readonly flag?: string;
  /** Turns text (flag, environment) or JSON (config file) into the value; carries the rule. */
  readonly parse: Parser<T>;
  /** A value, or a function of the options declared before it. */
  readonly default: NoInfer<T> | ((resolved: Resolved) => NoInfer<T>);
  /** The default in words, where the value alone does not say it (derived, or decided at start). */
  readonly defaultDoc?: string;
  /** What the option does, in Markdown; also the flag's help (backticks removed). */
  readonly doc: string;
  /** Resolved against the working directory (flags, environment) or the config file's folder. */
  readonly isPath?: boolean;
}

export class ConfigOption<T> {
  constructor(
    readonly section: Section,
    readonly spec: OptionSpec<T>,
    /** `null` (file) or `none` (environment, flag) unsets it. */
    readonly optional: boolean,
  ) {}
}

/** The option builders of one section: `option` (always has a value) and `maybe` (may be unset). */
export function section(name: Section): {
  readonly option: <T>(spec: OptionSpec<T>) => ConfigOption<T>;
  readonly maybe: <T>(
    spec: Omit<OptionSpec<T>, 'default'> & { readonly default?: NoInfer<T> },
  ) => ConfigOption<T | undefined>;
} {
  return {
    option: (spec) => new ConfigOption(name, spec, false),
    maybe: <T>(spec: Omit<OptionSpec<T>, 'default'> & { readonly default?: NoInfer<T> }) =>
      new ConfigOption<T | undefined>(name, { ...spec, default: spec.default }, true),
  };
}

/** A tree of options: the nesting is the config file's (and the configuration's) nesting. */
export interface Schema {
  readonly [key: string]: ConfigOption<unknown> | Schema;
}

/** The configuration type a schema describes. */
export type ConfigOf<S> = {
  readonly [K in keyof S]: S[K] extends ConfigOption<infer T> ? T : ConfigOf<S[K]>;
};

export interface PathOption {
  /** Dotted path, e.g. `engine.httpTimeoutMs`. */
  readonly path: string;
  readonly option: ConfigOption<unknown>;
}

/** Every option of a schema with its dotted path, in declaration order. */
export function optionsOf(schema: Schema, prefix = ''): PathOption[] {
  return Object.entries(schema).flatMap(([key, node]) =>
    node instanceof ConfigOption
      ? [{ path: prefix + key, option: node }]
      : optionsOf(node, `${prefix}${key}.`),
  );
}

/** Commander's attribute name of a flag: `--data-dir <dir>` → `dataDir`. */
export function flagAttribute(flag: string): string {
  const long = /--([a-z0-9-]+)/.exec(flag)?.[1] ?? flag;
  return long.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** An option's default: its value, or its function applied to the options resolved before it. */
export function defaultOf(option: ConfigOption<unknown>, resolved: Resolved): unknown {
  const d = option.spec.default;
  return typeof d === 'function' ? (d as (r: Resolved) => unknown)(resolved) : d;
}

/** The defaults of a schema (or of one part of it), as the nested, frozen configuration. */
export function defaultsOf<S extends Schema>(schema: S): ConfigOf<S> {
  const flat: Record<string, unknown> = {};
  for (const { path, option } of optionsOf(schema)) flat[path] = defaultOf(option, flat);
  return deepFreeze(nest(flat)) as ConfigOf<S>;
}

/** `{ 'engine.leaseDurationMs': 1 }` → `{ engine: { leaseDurationMs: 1 } }`. */
export function nest(flat: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [path, value] of Object.entries(flat)) {
    const parts = path.split('.');
    let node = root;
    for (const part of parts.slice(0, -1)) {
      const next = node[part];
      if (isPlainObject(next)) node = next;
      else node = node[part] = {};
    }
    node[parts[parts.length - 1] ?? path] = value;
  }
  return root;
}

export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
