import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { optionTable, type OptionSpec } from './options.js';
import type { TaktConfig } from './types.js';
import { ConfigError } from './values.js';

/** What a configuration is built from; everything is passed in (no global reads). */
export interface ConfigSources {
  /** Parsed command-line flags by commander name (`dataDir`, `port`, `config`...). Undefined = not given. */
  readonly flags?: Readonly<Record<string, unknown>>;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Base of relative paths given as flags or env. */
  readonly cwd: string;
}

/**
 * Builds the one configuration: flags > environment > JSON config file (`--config` / `TAKT_CONFIG`)
 * > defaults. Throws ConfigError naming the option (and where its value came from) when invalid.
 * The result is deeply frozen.
 */
export function loadConfig(src: ConfigSources): TaktConfig {
  const flags = src.flags ?? {};
  const rows = optionTable();
  const file = readConfigFile(flags, src);
  const known = new Set(rows.map((r) => r.path));
  for (const key of file.values.keys()) {
    if (!known.has(key)) throw new ConfigError(`config file ${file.path}: unknown option '${key}'`);
  }

  const flat: Record<string, unknown> = {};
  for (const row of rows) {
    const picked = pick(row, flags, src.env, file);
    flat[row.path] = picked === undefined ? defaultOf(row, flat) : parseRow(row, picked, src.cwd, file.path);
  }
  crossCheck(flat);
  const url = flat['databaseUrl'];
  flat['store'] = typeof url === 'string' ? { kind: 'postgres', url } : { kind: 'sqlite' };
  return deepFreeze(nest(flat)) as unknown as TaktConfig;
}

interface FileValues {
  readonly path: string;
  readonly values: Map<string, unknown>;
}

interface Picked {
  readonly raw: unknown;
  readonly origin: string;
  readonly source: 'flag' | 'env' | 'file';
}

function pick(
  row: OptionSpec,
  flags: Readonly<Record<string, unknown>>,
  env: ConfigSources['env'],
  file: FileValues,
): Picked | undefined {
  if (row.flag !== undefined && flags[row.flag] !== undefined) {
    return { raw: flags[row.flag], origin: `--${kebab(row.flag)}`, source: 'flag' };
  }
  const e = row.env !== undefined ? env[row.env] : undefined;
  if (row.env !== undefined && e !== undefined && e !== '') return { raw: e, origin: row.env, source: 'env' };
  if (file.values.has(row.path)) {
    return {
      raw: file.values.get(row.path),
      origin: `config file ${file.path}: ${row.path}`,
      source: 'file',
    };
  }
  return undefined;
}

function parseRow(row: OptionSpec, p: Picked, cwd: string, filePath: string): unknown {
  if (
    row.optional &&
    (p.raw === null || (typeof p.raw === 'string' && p.raw.trim().toLowerCase() === 'none'))
  )
    return undefined;
  const value = row.parse(p.raw, p.origin);
  if (!row.isPath) return value;
  // Paths in the config file are relative to the file; on the command line, to the working directory.
  const base = p.source === 'file' ? dirname(filePath) : cwd;
  return Array.isArray(value) ? value.map((v) => resolve(base, String(v))) : resolve(base, String(value));
}

function defaultOf(row: OptionSpec, resolved: Record<string, unknown>): unknown {
  const d: unknown =
    typeof row.default === 'function'
      ? (row.default as (c: Record<string, unknown>) => unknown)(resolved)
      : row.default;
  return row.isPath && typeof d === 'string' ? resolve(d) : d;
}

function readConfigFile(flags: Readonly<Record<string, unknown>>, src: ConfigSources): FileValues {
  const given = flags['config'] ?? src.env['TAKT_CONFIG'];
  if (given === undefined || given === '') return { path: '', values: new Map() };
  if (typeof given !== 'string') throw new ConfigError(`--config: must be a file path`);
  const path = resolve(src.cwd, given);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    throw new ConfigError(`--config: cannot read ${path}${typeof code === 'string' ? ` (${code})` : ''}`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(
      `config file ${path}: not valid JSON (${e instanceof Error ? e.message : String(e)})`,
    );
  }
  if (!isPlainObject(doc)) throw new ConfigError(`config file ${path}: must be a JSON object`);
  const values = new Map<string, unknown>();
  flatten(doc, '', values);
  return { path, values };
}

/** Plain objects become dotted paths; arrays and scalars are values. */
function flatten(obj: Record<string, unknown>, prefix: string, out: Map<string, unknown>): void {
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix + k;
    if (isPlainObject(v)) flatten(v, `${key}.`, out);
    else out.set(key, v);
  }
}

function crossCheck(c: Record<string, unknown>): void {
  if ((c['tlsCertFile'] === undefined) !== (c['tlsKeyFile'] === undefined)) {
    throw new ConfigError(
      `${c['tlsCertFile'] === undefined ? 'tlsCertFile' : 'tlsKeyFile'}: a supplied server certificate needs both tlsCertFile and tlsKeyFile`,
    );
  }
  // Node refuses a headers timeout longer than the request timeout.
  if (Number(c['api.headersTimeoutMs']) > Number(c['api.requestTimeoutMs'])) {
    throw new ConfigError(
      `api.headersTimeoutMs: must not exceed api.requestTimeoutMs (${String(c['api.requestTimeoutMs'])} ms)`,
    );
  }
  const port = c['port'];
  if (c['plainHttpPort'] !== undefined && c['plainHttpPort'] !== 0 && c['plainHttpPort'] === port) {
    throw new ConfigError(`plainHttpPort: must differ from port (${String(port)})`);
  }
}

function nest(flat: Record<string, unknown>): Record<string, unknown> {
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

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const kebab = (s: string): string => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
