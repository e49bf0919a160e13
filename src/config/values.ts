/**
 * Parsers for configuration values. Flags and environment variables arrive as text, the config file
 * as JSON, so each parser takes either and returns the typed value or throws a ConfigError that
 * names the option and the rule.
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

export type Parser<T> = (raw: unknown, origin: Origin) => T;

const show = (raw: unknown): string =>
  typeof raw === 'string' ? `'${raw}'` : (JSON.stringify(raw) ?? String(raw));

export function integer(min: number, max: number): Parser<number> {
  return (raw, origin) => {
    const n =
      typeof raw === 'number'
        ? raw
        : typeof raw === 'string' && /^-?\d+$/.test(raw.trim())
          ? Number(raw.trim())
          : NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      throw new ConfigError(`${origin}: must be an integer from ${min} to ${max}, got ${show(raw)}`);
    }
    return n;
  };
}

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** A duration: a number of milliseconds, or text such as `250ms`, `15s`, `5m`, `2h`, `60d`. */
export function duration(minMs: number, maxMs: number): Parser<number> {
  return (raw, origin) => {
    let ms = NaN;
    if (typeof raw === 'number') ms = raw;
    else if (typeof raw === 'string') {
      const m = /^(\d+)(ms|s|m|h|d)?$/.exec(raw.trim());
      if (m) ms = Number(m[1]) * (UNIT_MS[m[2] ?? 'ms'] ?? NaN);
    }
    if (!Number.isSafeInteger(ms) || ms < minMs || ms > maxMs) {
      throw new ConfigError(
        `${origin}: must be a duration from ${minMs} ms to ${maxMs} ms (milliseconds, or a number with ms/s/m/h/d), got ${show(raw)}`,
      );
    }
    return ms;
  };
}

export const bool: Parser<boolean> = (raw, origin) => {
  if (typeof raw === 'boolean') return raw;
  if (typeof raw === 'string') {
    const t = raw.trim().toLowerCase();
    if (['1', 'true', 'yes', 'on'].includes(t)) return true;
    if (['0', 'false', 'no', 'off'].includes(t)) return false;
  }
  throw new ConfigError(`${origin}: must be true or false, got ${show(raw)}`);
};

export function oneOf<T extends string>(values: readonly T[]): Parser<T> {
  return (raw, origin) => {
    const t = typeof raw === 'string' ? raw.trim().toLowerCase() : undefined;
    const hit = values.find((v) => v === t);
    if (hit === undefined)
      throw new ConfigError(`${origin}: must be one of ${values.join(', ')}, got ${show(raw)}`);
    return hit;
  };
}

export function text(pattern?: RegExp, rule?: string): Parser<string> {
  return (raw, origin) => {
    if (typeof raw !== 'string' || raw.trim() === '')
      throw new ConfigError(`${origin}: must be a non-empty string, got ${show(raw)}`);
    if (pattern && !pattern.test(raw))
      throw new ConfigError(`${origin}: ${rule ?? `must match ${String(pattern)}`}, got ${show(raw)}`);
    return raw.trim();
  };
}

/** An absolute http(s) URL; `{placeholder}` must appear when given (endpoint templates). */
export function url(
  placeholder?: string,
  protocols: readonly string[] = ['https:', 'http:'],
): Parser<string> {
  return (raw, origin) => {
    const t = text()(raw, origin);
    let parsed: URL;
    try {
      parsed = new URL(placeholder ? t.replace(placeholder, 'placeholder') : t);
    } catch {
      throw new ConfigError(`${origin}: must be an absolute URL, got ${show(raw)}`);
    }
    if (!protocols.includes(parsed.protocol)) {
      throw new ConfigError(
        `${origin}: must use ${protocols.map((p) => p.replace(':', '')).join(' or ')}, got ${show(raw)}`,
      );
    }
    if (placeholder && !t.includes(placeholder))
      throw new ConfigError(`${origin}: must contain ${placeholder}, got ${show(raw)}`);
    return t.replace(/\/+$/, '');
  };
}

/** A list: a JSON array of strings, or comma-separated text. Empty entries are dropped. */
export function list(item: Parser<string> = text()): Parser<readonly string[]> {
  return (raw, origin) => {
    let items: unknown[];
    if (Array.isArray(raw)) items = raw;
    else if (typeof raw === 'string')
      items = raw
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
    else
      throw new ConfigError(
        `${origin}: must be a list (JSON array or comma-separated text), got ${show(raw)}`,
      );
    return items.map((v, i) => item(v, `${origin}[${i}]`));
  };
}

/** Standard base64 of exactly `bytes` bytes. */
export function base64Bytes(bytes: number): Parser<string> {
  return (raw, origin) => {
    const t = typeof raw === 'string' ? raw.trim() : '';
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(t) || Buffer.from(t, 'base64').length !== bytes) {
      throw new ConfigError(
        `${origin}: must be ${bytes} bytes in base64 (e.g. \`openssl rand -base64 ${bytes}\`)`,
      );
    }
    return t;
  };
}
