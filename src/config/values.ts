import { isIP } from 'node:net';

/**
 * Parsers for configuration values. Flags and environment variables arrive as text, the config file
 * as JSON, so each parser takes either and returns the typed value or throws a ConfigError that
 * names the option and the rule. Each parser carries its rule in words: the same text is in the
 * error message and in the generated option table of docs/operations.md.
 */

/** An invalid configuration; the message starts with the option's name. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Where a raw value came from, for messages: `--port`, `TAKT_PORT`, `config file: port`. */
export type Origin = string;

export interface Parser<T> {
  (raw: unknown, origin: Origin): T;
  /** What a valid value is, completing "must be …" (e.g. `an integer from 0 to 65535`). */
  readonly rule: string;
  /** How a value is written in the docs (durations with a unit); default: as is. */
  show?(value: T): string;
}

const showRaw = (raw: unknown): string =>
  typeof raw === 'string' ? `'${raw}'` : (JSON.stringify(raw) ?? String(raw));

function parser<T>(
  rule: string,
  parse: (raw: unknown, origin: Origin) => T,
  show?: (v: T) => string,
): Parser<T> {
  return Object.assign(parse, show ? { rule, show } : { rule });
}

/** The standard failure: `<origin>: must be <rule> (<hint>), got <raw>`. */
export function invalid(origin: Origin, rule: string, raw: unknown, hint?: string): ConfigError {
  return new ConfigError(`${origin}: must be ${rule}${hint ? ` (${hint})` : ''}, got ${showRaw(raw)}`);
}

export function integer(min: number, max: number): Parser<number> {
  const rule = `an integer from ${min} to ${max}`;
  return parser(rule, (raw, origin) => {
    const n =
      typeof raw === 'number'
        ? raw
        : typeof raw === 'string' && /^-?\d+$/.test(raw.trim())
          ? Number(raw.trim())
          : NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) throw invalid(origin, rule, raw);
    return n;
  });
}

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Milliseconds in the largest unit that divides them: `60 s`, `7 d`, `250 ms`. */
export function showDuration(ms: number): string {
  for (const [unit, size] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['min', 60_000],
    ['s', 1000],
  ] as const) {
    if (ms !== 0 && ms % size === 0) return `${ms / size} ${unit}`;
  }
  return `${ms} ms`;
}

/** A duration: a number of milliseconds, or text such as `250ms`, `15s`, `5m`, `2h`, `60d`. */
export function duration(minMs: number, maxMs: number): Parser<number> {
  const rule = `a duration from ${showDuration(minMs)} to ${showDuration(maxMs)}`;
  return parser(
    rule,
    (raw, origin) => {
      let ms = NaN;
      if (typeof raw === 'number') ms = raw;
      else if (typeof raw === 'string') {
        const m = /^(\d+)(ms|s|m|h|d)?$/.exec(raw.trim());
        if (m) ms = Number(m[1]) * (UNIT_MS[m[2] ?? 'ms'] ?? NaN);
      }
      if (!Number.isSafeInteger(ms) || ms < minMs || ms > maxMs)
        throw invalid(origin, rule, raw, 'milliseconds, or a number with ms/s/m/h/d');
      return ms;
    },
    showDuration,
  );
}

export const bool: Parser<boolean> = parser('true or false', (raw, origin) => {
  if (typeof raw === 'boolean') return raw;
  if (typeof raw === 'string') {
    const t = raw.trim().toLowerCase();
    if (['1', 'true', 'yes', 'on'].includes(t)) return true;
    if (['0', 'false', 'no', 'off'].includes(t)) return false;
  }
  throw invalid(origin, 'true or false', raw);
});

export function oneOf<T extends string>(values: readonly T[]): Parser<T> {
  const rule = `one of ${values.join(', ')}`;
  return parser(rule, (raw, origin) => {
    const t = typeof raw === 'string' ? raw.trim().toLowerCase() : undefined;
    const hit = values.find((v) => v === t);
    if (hit === undefined) throw invalid(origin, rule, raw);
    return hit;
  });
}

/** Non-empty text; with a pattern, `rule` says in words what the pattern accepts. */
export function text(pattern?: RegExp, rule = 'a non-empty string'): Parser<string> {
  return parser(rule, (raw, origin) => {
    if (typeof raw !== 'string') throw invalid(origin, rule, raw);
    if (raw.trim() === '') throw invalid(origin, 'a non-empty string', raw);
    if (pattern && !pattern.test(raw)) throw invalid(origin, rule, raw);
    return raw.trim();
  });
}

/** An absolute http(s) URL; `{placeholder}` must appear when given (endpoint templates). */
export function url(
  placeholder?: string,
  protocols: readonly string[] = ['https:', 'http:'],
): Parser<string> {
  const schemes = protocols.map((p) => p.replace(':', '')).join(' or ');
  const rule = `an absolute ${schemes} URL${placeholder ? ` containing ${placeholder}` : ''}`;
  return parser(rule, (raw, origin) => {
    const t = text(undefined, rule)(raw, origin);
    let parsed: URL;
    try {
      parsed = new URL(placeholder ? t.replace(placeholder, 'placeholder') : t);
    } catch {
      throw invalid(origin, 'an absolute URL', raw);
    }
    if (!protocols.includes(parsed.protocol))
      throw new ConfigError(`${origin}: must use ${schemes}, got ${showRaw(raw)}`);
    if (placeholder && !t.includes(placeholder))
      throw new ConfigError(`${origin}: must contain ${placeholder}, got ${showRaw(raw)}`);
    return t.replace(/\/+$/, '');
  });
}

/**
 * A list: a JSON array of strings, or comma-separated text. Empty entries are dropped. `none` (or
 * `null` in the file), the way every optional value is unset, is the empty list — refused when the
 * list needs `atLeastOne` entry.
 */
export function list(
  item: Parser<string> = text(),
  { atLeastOne = false }: { readonly atLeastOne?: boolean } = {},
): Parser<readonly string[]> {
  const rule = `a list, each ${item.rule}`;
  return parser(
    rule,
    (raw, origin) => {
      let items: unknown[];
      if (raw === null || (typeof raw === 'string' && raw.trim().toLowerCase() === 'none')) items = [];
      else if (Array.isArray(raw)) items = raw;
      else if (typeof raw === 'string')
        items = raw
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== '');
      else throw invalid(origin, rule, raw, 'a JSON array, or comma-separated text');
      if (atLeastOne && items.length === 0)
        throw new ConfigError(`${origin}: must name at least one entry, got ${showRaw(raw)}`);
      return items.map((v, i) => item(v, `${origin}[${i}]`));
    },
    (v) => (v.length === 0 ? 'none' : v.join(', ')),
  );
}

/** Standard base64 of exactly `bytes` bytes. The value is never echoed (it is a secret). */
export function base64Bytes(bytes: number): Parser<string> {
  const rule = `${bytes} bytes in base64 (e.g. \`openssl rand -base64 ${bytes}\`)`;
  return parser(rule, (raw, origin) => {
    const t = typeof raw === 'string' ? raw.trim() : '';
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(t) || Buffer.from(t, 'base64').length !== bytes) {
      throw new ConfigError(`${origin}: must be ${rule}`);
    }
    return t;
  });
}

/** One label of a host name: letters, digits, `-` (not first or last) and `_` (container names). */
const HOST_LABEL = /^[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$/;

/**
 * A listen address: a host name, an IPv4 address or an IPv6 literal, which may be bracketed as in
 * a URL (`[::1]` becomes `::1`, the form `listen` takes). Checked here so that `999.1.1.1` or
 * `[::1` is refused with the option's name instead of failing in the certificate or in `listen`.
 */
export function hostAddress(rule = 'a host name or IP address'): Parser<string> {
  return parser(rule, (raw, origin) => {
    const t = text(undefined, rule)(raw, origin);
    const bracketed = /^\[(.*)\]$/.exec(t);
    if (bracketed) {
      if (isIP(bracketed[1]!) !== 6) throw invalid(origin, rule, raw);
      return bracketed[1]!;
    }
    if (isIP(t) !== 0) return t;
    // A name of digits and dots only would be read as an IPv4 address, and is not a valid one.
    const labels = t.split('.');
    if (t.length > 253 || /^[\d.]+$/.test(t) || !labels.every((l) => HOST_LABEL.test(l)))
      throw invalid(origin, rule, raw);
    return t;
  });
}

/**
 * The URL with its passwords replaced by `***`: the user part's, and query parameters such as
 * `password` and `sslpassword`, which the PostgreSQL driver honours. Works on text that is not a
 * valid URL.
 */
export function maskUrlPassword(raw: string): string {
  return maskUserPassword(raw).replace(/([?&][^=&#]*password=)[^&#]*/gi, '$1***');
}

function maskUserPassword(raw: string): string {
  const start = raw.indexOf('//');
  if (start < 0) return raw;
  const at = raw.lastIndexOf('@');
  // Without an `@` the part after a colon may be a port or a password: masked either way.
  const end = at > start ? at : raw.indexOf('/', start + 2) >= 0 ? raw.indexOf('/', start + 2) : raw.length;
  const colon = raw.indexOf(':', start + 2);
  if (colon < 0 || colon > end) return raw;
  return `${raw.slice(0, colon + 1)}***${raw.slice(end)}`;
}

/**
 * A PostgreSQL URL that parses (so the driver cannot fail on it at start with a bare "Invalid
 * URL"). The value is echoed with its password masked: messages reach terminals and logs.
 */
export function postgresUrl(rule = 'a postgres:// or postgresql:// URL'): Parser<string> {
  return parser(rule, (raw, origin) => {
    const shown = typeof raw === 'string' ? maskUrlPassword(raw) : raw;
    const t = typeof raw === 'string' ? raw.trim() : '';
    if (!/^postgres(ql)?:\/\//.test(t)) throw invalid(origin, rule, shown);
    let url: URL;
    try {
      url = new URL(t);
    } catch {
      // The scheme is right: say what is wrong with the rest (a port over 65535, a bad host).
      throw invalid(origin, rule, shown, 'this one does not parse as a URL: check its host and port');
    }
    const sslmode = url.searchParams.get('sslmode');
    if (sslmode !== null && !SSL_MODES.includes(sslmode))
      throw invalid(origin, rule, shown, `sslmode must be one of ${SSL_MODES.join(', ')}`);
    return t;
  });
}

/** The sslmode values the driver (pg-connection-string) knows; another would be taken as `require`. */
const SSL_MODES = ['disable', 'prefer', 'require', 'verify-ca', 'verify-full', 'no-verify'];
