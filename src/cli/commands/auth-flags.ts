/**
 * The outbound authentication flags of `takt jobs create|set` (`--auth basic|cert|oauth|none` and
 * the flags of each kind) → the request's `authentication` member. A flag is never dropped: one of
 * another kind than the one written is refused, naming it.
 */
import { readFileSync } from 'node:fs';
import { UsageError } from '../client/api-error.js';
import { obj } from '../output/wire-values.js';
import { fileError, flagName, need, readBytes } from './flag-values.js';
import { parseChoice } from './remote.js';

type Doc = Record<string, unknown>;

/** The flags this module reads (part of `JobFlags`). */
export interface AuthFlags {
  readonly auth?: string;
  readonly username?: string;
  readonly password?: string;
  readonly pfx?: string;
  readonly pfxPassword?: string;
  readonly tenant?: string;
  readonly audience?: string;
  readonly clientId?: string;
  readonly secret?: string;
  readonly passwordStdin?: boolean;
}

/**
 * `--password-stdin` (docker login's flag): the `--password` read from standard input, so that it
 * stays out of the shell's history and `ps`, as `$TAKT_TOKEN` keeps the token. One final newline
 * (`echo`, a file) is not part of it.
 */
export function withStdinPassword<T extends AuthFlags>(f: T): T {
  if (!f.passwordStdin) return f;
  if (f.password !== undefined) throw new UsageError('--password-stdin: cannot be combined with --password');
  let text: string;
  try {
    text = readFileSync(0, 'utf8');
  } catch (e) {
    throw fileError('--password-stdin', 'read', 'standard input', e);
  }
  const password = text.replace(/\r?\n$/, '');
  if (password === '') throw new UsageError('--password-stdin: standard input is empty');
  return { ...f, password };
}

/** The flags of each kind of outbound authentication, and the wire type it writes. */
const AUTH_KINDS = {
  basic: { type: 'Basic', flags: ['username', 'password'] },
  cert: { type: 'ClientCertificate', flags: ['pfx', 'pfxPassword'] },
  oauth: { type: 'ActiveDirectoryOAuth', flags: ['tenant', 'audience', 'clientId', 'secret'] },
} as const;
type AuthKind = keyof typeof AUTH_KINDS;
type AuthFlag = (typeof AUTH_KINDS)[AuthKind]['flags'][number];

/** The authentication flags given, in the order of AUTH_KINDS, with their kind. */
function authFlagsGiven(f: AuthFlags): { kind: AuthKind; key: AuthFlag }[] {
  const given: { kind: AuthKind; key: AuthFlag }[] = [];
  for (const kind of Object.keys(AUTH_KINDS) as AuthKind[])
    for (const key of AUTH_KINDS[kind].flags) if (f[key] !== undefined) given.push({ kind, key });
  return given;
}

/** The flag as written: a password read from standard input came from `--password-stdin`. */
function writtenFlag(f: AuthFlags, key: AuthFlag): string {
  return key === 'password' && f.passwordStdin ? '--password-stdin' : flagName(key);
}

/** A flag of another kind than `kind` is refused rather than dropped. */
export function refuseOtherKinds(f: AuthFlags, kind: AuthKind | 'none', why: string): void {
  const stray = authFlagsGiven(f).find((g) => g.kind !== kind);
  if (stray) throw new UsageError(`${writtenFlag(f, stray.key)}: only with --auth ${stray.kind}${why}`);
}

export function authentication(f: AuthFlags): Doc | undefined {
  if (f.auth === undefined) {
    const first = authFlagsGiven(f)[0];
    if (first) throw new UsageError(`${writtenFlag(f, first.key)}: needs --auth (basic, cert or oauth)`);
    return undefined;
  }
  const kind = parseChoice(f.auth, '--auth', ['basic', 'cert', 'oauth', 'none'] as const);
  refuseOtherKinds(f, kind, '');
  if (kind === 'none') return undefined;
  if (kind === 'basic') {
    return {
      type: 'Basic',
      username: need(f.username, '--username', 'with --auth basic'),
      password: need(f.password, '--password', 'with --auth basic'),
    };
  }
  if (kind === 'cert') {
    const pfx = readBytes(need(f.pfx, '--pfx', 'with --auth cert (a PKCS#12 file)'), '--pfx').toString(
      'base64',
    );
    return { type: 'ClientCertificate', pfx, password: f.pfxPassword ?? '' };
  }
  return {
    type: 'ActiveDirectoryOAuth',
    tenant: need(f.tenant, '--tenant', 'with --auth oauth'),
    audience: need(f.audience, '--audience', 'with --auth oauth'),
    clientId: need(f.clientId, '--client-id', 'with --auth oauth'),
    secret: need(f.secret, '--secret', 'with --auth oauth'),
  };
}

/**
 * `jobs set` without `--auth`: flags of the kind the job already uses change those members (the
 * server merges them; a new password or secret replaces the stored one), so `--password p2` alone
 * changes the password. A flag of another kind needs `--auth` and all of that kind's flags.
 */
export function authenticationPatch(f: AuthFlags, stored: Doc): Doc | null | undefined {
  if (f.auth !== undefined) return authentication(f) ?? null;
  const given = authFlagsGiven(f);
  if (given.length === 0) return undefined;
  const storedType = obj(obj(obj(stored['action'])?.['request'])?.['authentication'])?.['type'];
  const kind = (Object.keys(AUTH_KINDS) as AuthKind[]).find(
    (k) => typeof storedType === 'string' && AUTH_KINDS[k].type.toLowerCase() === storedType.toLowerCase(),
  );
  if (kind === undefined) {
    throw new UsageError(
      `${writtenFlag(f, given[0]!.key)}: the job has no outbound authentication; pass --auth (basic, cert or oauth) with all of its flags`,
    );
  }
  refuseOtherKinds(f, kind, ` (the job uses ${AUTH_KINDS[kind].type}; pass --auth to change the kind)`);
  const patch: Doc = { type: AUTH_KINDS[kind].type };
  for (const { key } of given) {
    if (key === 'pfx') patch['pfx'] = readBytes(f.pfx ?? '', '--pfx').toString('base64');
    else if (key === 'pfxPassword') patch['password'] = f.pfxPassword;
    else patch[key] = f[key];
  }
  return patch;
}
