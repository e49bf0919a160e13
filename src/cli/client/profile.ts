/**
 * Connection profiles. `takt serve` writes `connection.json` into its data directory on first start:
 * { url, subscriptionId, caCertPath, certPath, keyPath, token }. The CLI reads, in order:
 * `--profile FILE`, else `$TAKT_PROFILE`, else `./data/connection.json`; then flags override fields
 * (`--url`, `--subscription`, `--cert`, `--key`, `--ca`, `--token`). With `--url` and no
 * `--profile`, `./data/connection.json` (when it exists) still gives the subscription, and its
 * credentials and CA when its url has the same origin; without that file the flags alone make the
 * profile.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { UsageError } from './api-error.js';
import { jsonSyntaxReason } from '../../domain/json-syntax-reason.js';

export interface ConnectionFlags {
  readonly profile?: string;
  readonly url?: string;
  readonly subscription?: string;
  readonly cert?: string;
  readonly key?: string;
  readonly ca?: string;
  readonly token?: string;
}

/** A profile with its files read: ready for the HTTP client. */
export interface Profile {
  readonly url: URL;
  readonly subscriptionId: string;
  readonly caPem?: string;
  readonly certPem?: string;
  readonly keyPem?: string;
  readonly token?: string;
  /** Where it came from, for messages. */
  readonly source: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface RawProfile {
  url?: string;
  subscriptionId?: string;
  caCertPath?: string;
  certPath?: string;
  keyPath?: string;
  token?: string;
}

export function loadProfile(
  flags: ConnectionFlags,
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): Profile {
  const explicit = flags.profile ?? env['TAKT_PROFILE'];
  const file = explicit !== undefined ? resolve(cwd, explicit) : resolve(cwd, 'data', 'connection.json');
  let raw: RawProfile = {};
  let source = '--url and flags';
  let base = cwd;
  if (explicit === undefined && flags.url !== undefined && existsSync(file)) {
    // --url without a profile: the local connection.json still supplies the subscription; its
    // credentials only when it points at the same server (they must not go to another one).
    const local = readProfileFile(file);
    const same = local.url !== undefined && sameOrigin(local.url, flags.url);
    raw = same
      ? local
      : { ...(local.subscriptionId !== undefined ? { subscriptionId: local.subscriptionId } : {}) };
    source = file;
    base = dirname(file);
  } else if (explicit !== undefined || flags.url === undefined) {
    if (!existsSync(file)) {
      throw new UsageError(
        explicit !== undefined
          ? `--profile: file not found: ${file}`
          : `no connection profile: ${file} does not exist (start \`takt serve\` here first, or pass --profile FILE, or --url with --subscription and --token or --cert/--key)`,
      );
    }
    raw = readProfileFile(file);
    source = file;
    base = dirname(file);
  }
  // Paths given as flags are relative to the working directory; paths in a profile to its folder.
  const fromFlag = (p: string | undefined): string | undefined =>
    p === undefined ? undefined : resolve(cwd, p);
  const fromFile = (p: string | undefined): string | undefined =>
    p === undefined ? undefined : isAbsolute(p) ? p : resolve(base, p);
  const urlText = flags.url ?? raw.url;
  const subscriptionId = flags.subscription ?? raw.subscriptionId;
  const where = flags.url !== undefined ? '--url' : `${source}: url`;
  if (urlText === undefined) throw new UsageError(`${source}: url: is required`);
  const url = parseBaseUrl(urlText, where);
  if (subscriptionId === undefined)
    throw new UsageError(`--subscription: is required (the profile ${source} has no subscriptionId)`);
  if (!GUID.test(subscriptionId)) {
    throw new UsageError(
      `${flags.subscription !== undefined ? '--subscription' : `${source}: subscriptionId`}: must be a GUID, got '${subscriptionId}'`,
    );
  }
  // A credential given as a flag replaces the profile's credentials of both kinds: `--token X` in a
  // folder whose profile holds the admin certificate tries X alone (sent beside that certificate, a
  // wrong token passed, and checking a token that way told a lie).
  // $TAKT_TOKEN is --token kept out of `ps` and the shell's history; the flag wins.
  const given = flags.token ?? emptyAsUnset(env['TAKT_TOKEN']);
  const tokenFlag = given !== undefined;
  const certFlag = flags.cert !== undefined || flags.key !== undefined;
  const token = given ?? (certFlag ? undefined : raw.token);
  const certPath = fromFlag(flags.cert) ?? (tokenFlag ? undefined : fromFile(raw.certPath));
  const keyPath = fromFlag(flags.key) ?? (tokenFlag ? undefined : fromFile(raw.keyPath));
  const caPath = fromFlag(flags.ca) ?? fromFile(raw.caCertPath);
  if ((certPath === undefined) !== (keyPath === undefined)) {
    throw new UsageError(
      `${certPath === undefined ? '--cert' : '--key'}: a client certificate needs both --cert and --key`,
    );
  }
  if (certPath === undefined && (token === undefined || token === '')) {
    throw new UsageError('no credential: pass --token, or --cert and --key (or a profile that has them)');
  }
  const useCert = certPath !== undefined && url.protocol === 'https:';
  return {
    url,
    subscriptionId,
    source,
    ...(token !== undefined && token !== '' ? { token } : {}),
    ...(caPath !== undefined
      ? { caPem: readPem(caPath, flags.ca !== undefined ? '--ca' : 'caCertPath') }
      : {}),
    ...(useCert && certPath !== undefined && keyPath !== undefined
      ? {
          certPem: readPem(certPath, flags.cert !== undefined ? '--cert' : 'certPath'),
          keyPem: readPem(keyPath, flags.key !== undefined ? '--key' : 'keyPath'),
        }
      : {}),
  };
}

function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

function readProfileFile(file: string): RawProfile {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`${file}: not valid JSON (${jsonSyntaxReason(e)})`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    throw new UsageError(`${file}: must be a JSON object`);
  const out: RawProfile = {};
  for (const key of ['url', 'subscriptionId', 'caCertPath', 'certPath', 'keyPath', 'token'] as const) {
    const v = (doc as Record<string, unknown>)[key];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string') throw new UsageError(`${file}: ${key}: must be a string`);
    out[key] = v;
  }
  return out;
}

function parseBaseUrl(text: string, where: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`${where}: must be an absolute URL such as https://127.0.0.1:8443, got '${text}'`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UsageError(`${where}: must be an http:// or https:// URL, got '${text}'`);
  }
  return url;
}

function readPem(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    throw new UsageError(`${what}: cannot read ${path}${typeof code === 'string' ? ` (${code})` : ''}`);
  }
}

function emptyAsUnset(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
