import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import {
  deepFreeze,
  defaultOf,
  flagAttribute,
  isPlainObject,
  nest,
  optionsOf,
  type PathOption,
} from './config-option.js';
import { CONFIG_FILE_OPTION, configSchema, type TaktConfig } from './config-schema.js';
import { checkEnvTypos } from './env-typos.js';
import { nearestOption } from './nearest-option.js';
import { ConfigError } from './values.js';
import { jsonSyntaxReason } from '../domain/json-syntax-reason.js';

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
  checkEnvTypos(src.env);
  const rows = optionsOf(configSchema);
  const file = readConfigFile(flags, src);
  const known = new Set(rows.map((r) => r.path));
  for (const [key, value] of file.values) {
    if (known.has(key)) continue;
    // `{ "engine": 5 }`: the key is a section, not an unknown option.
    if (rows.some((r) => r.path.startsWith(`${key}.`))) {
      throw new ConfigError(
        `config file ${file.path}: ${key}: must be a JSON object of ${key}.* options, got ${JSON.stringify(value) ?? String(value)}`,
      );
    }
    const near = nearestOption(key, known);
    throw new ConfigError(
      `config file ${file.path}: unknown option '${key}'${near ? `; did you mean '${near}'?` : ''}`,
    );
  }

  const flat: Record<string, unknown> = {};
  /** Where each given value came from (`--port`, `TAKT_PORT`, `config file …: port`); defaults are absent. */
  const origins = new Map<string, string>();
  for (const row of rows) {
    const picked = pick(row, flags, src.env, file);
    if (picked !== undefined) origins.set(row.path, picked.origin);
    flat[row.path] =
      picked === undefined ? defaultPath(row, flat) : parseRow(row, picked, src.cwd, file.path);
  }
  crossCheck(flat, origins);
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
  { path, option: { spec } }: PathOption,
  flags: Readonly<Record<string, unknown>>,
  env: ConfigSources['env'],
  file: FileValues,
): Picked | undefined {
  const flag = spec.flag !== undefined ? flagAttribute(spec.flag) : undefined;
  if (flag !== undefined && flags[flag] !== undefined) {
    return { raw: flags[flag], origin: `--${kebab(flag)}`, source: 'flag' };
  }
  const e = spec.env !== undefined ? env[spec.env] : undefined;
  if (spec.env !== undefined && e !== undefined && e !== '')
    return { raw: e, origin: spec.env, source: 'env' };
  if (file.values.has(path)) {
    return {
      raw: file.values.get(path),
      origin: `config file ${file.path}: ${path}`,
      source: 'file',
    };
  }
  return undefined;
}

function parseRow({ option }: PathOption, p: Picked, cwd: string, filePath: string): unknown {
  if (
    option.optional &&
    (p.raw === null || (typeof p.raw === 'string' && p.raw.trim().toLowerCase() === 'none'))
  )
    return undefined;
  const value = option.spec.parse(p.raw, p.origin);
  if (!option.spec.isPath) return value;
  // Paths in the config file are relative to the file; on the command line, to the working directory.
  const base = p.source === 'file' ? dirname(filePath) : cwd;
  return Array.isArray(value) ? value.map((v) => resolve(base, String(v))) : resolve(base, String(value));
}

function defaultPath({ option }: PathOption, resolved: Record<string, unknown>): unknown {
  const d = defaultOf(option, resolved);
  return option.spec.isPath && typeof d === 'string' ? resolve(d) : d;
}

function readConfigFile(flags: Readonly<Record<string, unknown>>, src: ConfigSources): FileValues {
  const fromFlag = flags[flagAttribute(CONFIG_FILE_OPTION.flag)];
  const given = fromFlag ?? src.env[CONFIG_FILE_OPTION.env];
  // Messages name where the value came from, as for every other option.
  const name = fromFlag !== undefined ? '--config' : CONFIG_FILE_OPTION.env;
  // An empty variable counts as unset, as every variable does; an empty flag is a mistake, as for every flag.
  if (fromFlag === '') throw new ConfigError(`--config: must be a non-empty string, got ''`);
  if (given === undefined || given === '') return { path: '', values: new Map() };
  if (typeof given !== 'string') throw new ConfigError(`${name}: must be a file path`);
  const path = resolve(src.cwd, given);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    throw new ConfigError(`${name}: cannot read ${path}${typeof code === 'string' ? ` (${code})` : ''}`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`config file ${path}: not valid JSON (${jsonSyntaxReason(e)})`);
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

function crossCheck(c: Record<string, unknown>, origins: ReadonlyMap<string, string>): void {
  // Each message names the value the user gave and where it came from, as a single option's does.
  if ((c['tlsCertFile'] === undefined) !== (c['tlsKeyFile'] === undefined)) {
    const [given, missing] =
      c['tlsCertFile'] === undefined
        ? ['tlsKeyFile', 'tlsCertFile (TAKT_TLS_CERT_FILE)']
        : ['tlsCertFile', 'tlsKeyFile (TAKT_TLS_KEY_FILE)'];
    throw new ConfigError(
      `${origins.get(given) ?? given}: a supplied server certificate needs both tlsCertFile and tlsKeyFile; ${missing} is not set`,
    );
  }
  checkHeadersTimeout(Number(c['api.headersTimeoutMs']), Number(c['api.requestTimeoutMs']), origins);
  // Given for a store this node does not use, it would be ignored without a word.
  const sqliteOnly = origins.get('sqliteSynchronous');
  if (sqliteOnly !== undefined && c['databaseUrl'] !== undefined) {
    throw new ConfigError(
      `${sqliteOnly}: applies to the SQLite store only, and databaseUrl (${origins.get('databaseUrl') ?? 'databaseUrl'}) selects PostgreSQL, whose durability is the server's (synchronous_commit); unset one of them`,
    );
  }
  const port = c['port'];
  if (c['plainHttpPort'] !== undefined && c['plainHttpPort'] !== 0 && c['plainHttpPort'] === port) {
    throw new ConfigError(
      `${origins.get('plainHttpPort') ?? 'plainHttpPort'}: must differ from port ${String(port)} (${origins.get('port') ?? 'the default'})`,
    );
  }
}

/**
 * Node refuses a headers timeout longer than the request timeout. The message names the value the
 * user gave, where it came from (a request timeout set below the headers timeout's default names the
 * request timeout, not the option left alone), and the other side's value.
 */
function checkHeadersTimeout(headers: number, request: number, origins: ReadonlyMap<string, string>): void {
  if (headers <= request) return;
  const given = (path: string, ms: number): string =>
    `${path} ${ms} ms (${origins.get(path) ?? 'the default'})`;
  const requestOrigin = origins.get('api.requestTimeoutMs');
  if (requestOrigin !== undefined && !origins.has('api.headersTimeoutMs')) {
    throw new ConfigError(
      `${requestOrigin}: must be at least ${given('api.headersTimeoutMs', headers)}, got ${request} ms; lower api.headersTimeoutMs (TAKT_API_HEADERS_TIMEOUT) with it`,
    );
  }
  throw new ConfigError(
    `${origins.get('api.headersTimeoutMs') ?? 'api.headersTimeoutMs'}: must not exceed ${given('api.requestTimeoutMs', request)}, got ${headers} ms`,
  );
}

const kebab = (s: string): string => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
