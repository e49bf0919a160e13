import { createHash } from 'node:crypto';
import type { Dispatcher } from 'undici';
import type { Clock } from '../../ports/clock.js';
import { maskSecrets } from '../common/mask-secrets.js';
import { EgressBlockedError } from '../egress/policy.js';
import { send } from '../net/send.js';
import { statusText } from '../net/status-text.js';
import { AttemptCancelledError, AttemptTimeoutError, Deadline, type AttemptSignal } from '../net/deadline.js';
import { findError, transportReason } from '../net/reason.js';

export interface OAuthClientCredentials {
  readonly tenant: string;
  readonly audience: string;
  readonly clientId: string;
  readonly secret: string;
}

/** A token could not be obtained; `detail` is safe to show (no secret). */
export class OAuthTokenError extends Error {
  constructor(readonly detail: string) {
    super(detail);
    this.name = 'OAuthTokenError';
  }
}

/** Characters of an authority's `error` code kept in a message (a code is a short word). */
const MAX_ERROR_CHARS = 256;

/**
 * The client secret as given and as it travels in the token request's form body (URLSearchParams
 * encodes `~`, `+`, `/`, `=`): an authority's error answer may echo either.
 */
export function clientSecretForms(secret: string): string[] {
  const encoded = new URLSearchParams({ v: secret }).toString().slice('v='.length);
  return encoded === secret ? [secret] : [secret, encoded];
}

/** Tokens are renewed this long before they expire. */
const RENEW_BEFORE_MS = 5 * 60_000;

interface CachedToken {
  readonly token: string;
  readonly renewAt: number;
}

/**
 * Client-credentials tokens from `{authority}/{tenant}/oauth2/token` (the v1 endpoint the retired
 * service used), cached per (tenant, client, secret, audience) until 5 minutes before expiry.
 * Concurrent attempts of the same identity share one token request. That request has its own
 * deadline (the attempt timeout) rather than the first caller's signal, so one attempt being
 * cancelled or timing out never fails the others that wait on the same token.
 */
export class OAuthTokenSource {
  private readonly cache = new Map<string, CachedToken>();
  private readonly inFlight = new Map<string, Promise<CachedToken>>();

  constructor(
    private readonly dispatcher: Dispatcher,
    private readonly authority: string,
    private readonly clock: Clock,
    private readonly timeoutMs: number,
  ) {}

  /** Throws OAuthTokenError, EgressBlockedError, or the signal's AttemptTimeoutError/AttemptCancelledError. */
  async token(creds: OAuthClientCredentials, signal: AttemptSignal): Promise<string> {
    const key = createHash('sha256')
      .update([creds.tenant, creds.clientId, creds.audience, creds.secret].join('\0'))
      .digest('hex');
    const cached = this.cache.get(key);
    if (cached && this.clock.now() < cached.renewAt) return cached.token;
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.fetch(creds).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    const fresh = await untilAborted(pending, signal).catch((err: unknown) => {
      // The target was never contacted: a timeout here is the authority's, and says so.
      const timeout = findError(err, AttemptTimeoutError);
      if (!timeout) throw err;
      throw new OAuthTokenError(
        `the authority ${this.authorityHost()} did not answer within ${timeout.timeoutMs / 1000} seconds`,
      );
    });
    if (this.clock.now() < fresh.renewAt) this.cache.set(key, fresh);
    return fresh.token;
  }

  /** `'host'` of the authority for messages; its path and query are left out. */
  private authorityHost(): string {
    try {
      return `'${new URL(this.authority).host}'`;
    } catch {
      return 'URI';
    }
  }

  private async fetch(creds: OAuthClientCredentials): Promise<CachedToken> {
    const deadline = new Deadline(this.clock, this.timeoutMs);
    try {
      return await this.request(creds, deadline);
    } finally {
      deadline.dispose();
    }
  }

  private async request(creds: OAuthClientCredentials, signal: AttemptSignal): Promise<CachedToken> {
    let url: URL;
    try {
      url = new URL(`${this.authority.replace(/\/+$/, '')}/${encodeURIComponent(creds.tenant)}/oauth2/token`);
    } catch {
      throw new OAuthTokenError('the authority URI is not valid');
    }
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: creds.clientId,
      client_secret: creds.secret,
      resource: creds.audience,
    }).toString();
    const requestedAt = this.clock.now();
    let res;
    try {
      res = await send(this.dispatcher, {
        url,
        method: 'POST',
        headers: [
          ['Content-Type', 'application/x-www-form-urlencoded'],
          ['Accept', 'application/json'],
        ],
        body: form,
        maxBodyBytes: 64 * 1024,
        signal,
      });
    } catch (err) {
      // A cancellation or an egress block is reported as such (docs/reference/scheduling-rules.md §10), not as a
      // token failure; a deadline becomes one in token().
      const known =
        findError(err, AttemptTimeoutError) ??
        findError(err, AttemptCancelledError) ??
        findError(err, EgressBlockedError);
      if (known) throw known;
      throw new OAuthTokenError(transportReason(err));
    }
    const parsed = parseJson(res.body.toString('utf8'));
    if (res.status < 200 || res.status > 299) {
      // The code is the authority's own text: masked, then bounded like a Service Bus error detail
      // (masked first, so that the cut cannot keep part of the secret).
      const error =
        typeof parsed?.error === 'string' ? maskSecrets(parsed.error, clientSecretForms(creds.secret)) : '';
      const code = error === '' ? '' : ` (${error.slice(0, MAX_ERROR_CHARS)})`;
      throw new OAuthTokenError(`the authority answered '${statusText(res.status, res.reason)}'${code}`);
    }
    const token = parsed?.access_token;
    if (typeof token !== 'string' || token === '') {
      throw new OAuthTokenError('the authority answered without an access_token');
    }
    return { token, renewAt: renewAt(parsed, requestedAt) };
  }
}

/** `promise`, or the signal's reason as soon as it aborts (the promise keeps running for others). */
function untilAborted<T>(promise: Promise<T>, signal: AttemptSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(abortReason(signal));
  return new Promise<T>((resolve, reject) => {
    const stopListening = signal.onAbort(() => reject(abortReason(signal)));
    promise.then(
      (value) => {
        stopListening();
        resolve(value);
      },
      (err: unknown) => {
        stopListening();
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}

function abortReason(signal: AttemptSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new AttemptCancelledError();
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** `expires_in` (seconds, number or string) is preferred; `expires_on` (epoch seconds) is the fallback; neither = no caching. */
function renewAt(body: Record<string, unknown> | undefined, requestedAt: number): number {
  const expiresIn = Number(body?.expires_in);
  if (Number.isFinite(expiresIn) && expiresIn > 0) return requestedAt + expiresIn * 1000 - RENEW_BEFORE_MS;
  const expiresOn = Number(body?.expires_on);
  if (Number.isFinite(expiresOn) && expiresOn > 0) return expiresOn * 1000 - RENEW_BEFORE_MS;
  return requestedAt;
}
