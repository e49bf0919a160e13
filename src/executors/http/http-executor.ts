import type { Dispatcher } from 'undici';
import type { HttpRequest } from '../../domain/job.js';
import type { PlainSecret } from '../../domain/secret.js';
import type { Clock } from '../../ports/clock.js';
import type { AttemptContext, AttemptResult } from '../../ports/executor.js';
import { bodyText, BODY_BYTES, BODY_CHARS } from '../common/body-text.js';
import { maskSecrets } from '../common/mask-secrets.js';
import { result } from '../common/result.js';
import { trackingHeaders } from '../common/tracking.js';
import { traceparent } from './trace-context.js';
import type { AttemptSignal } from '../net/deadline.js';
import { failureReason } from '../net/failure-reason.js';
import { ClientCertificateError, type DispatcherPool } from '../net/dispatchers.js';
import { send, type RawResponse } from '../net/send.js';
import { statusText } from '../net/status-text.js';
import { failureMessage, oauthFailureReason, responseMessage, TOO_MANY_REDIRECTS } from './messages.js';
import { clientSecretForms, OAuthTokenError, type OAuthTokenSource } from './oauth.js';
import { MAX_REDIRECTS, nextHop, type Hop } from './redirect.js';
import { Targets } from './targets.js';
import { basicAuthorization, composeHeaders, methodSendsBody } from './request-headers.js';

export interface HttpExecutorDeps {
  readonly clock: Clock;
  readonly pool: DispatcherPool;
  readonly oauth: OAuthTokenSource;
  readonly timeoutMs: number;
  readonly userAgent: string;
}

/** A failure that has its history reason ready. */
class AttemptFailure extends Error {}

/** Runs `http` and `https` actions (docs/reference/scheduling-rules.md §6.1). */
export class HttpExecutor {
  private readonly targets = new Targets();

  constructor(private readonly deps: HttpExecutorDeps) {}

  /** `signal` is the attempt's one signal: its deadline and its cancellation (deadline.ts). */
  async execute(
    request: HttpRequest<PlainSecret>,
    ctx: AttemptContext,
    signal: AttemptSignal,
  ): Promise<AttemptResult> {
    const { clock } = this.deps;
    const startedAt = clock.now();
    const target = this.targets.of(request.uri);
    const host = target?.host ?? request.uri;
    // The secrets this attempt sends, in the forms it sends them: masked in what the target answers.
    const secrets: string[] = [];
    try {
      if (target === undefined) throw new AttemptFailure('The URI is not valid.');
      const response = await this.exchange(target.url, request, ctx, signal, secrets);
      const text = statusText(response.status, response.reason);
      const contentType = response.headers.find(([n]) => n.toLowerCase() === 'content-type')?.[1];
      const body = bodyText(response.body, contentType, BODY_CHARS, secrets);
      const ok = response.status >= 200 && response.status <= 299;
      const message = responseMessage(host, text, response.headers, body);
      return result(clock, startedAt, ok, maskSecrets(message, secrets));
    } catch (err) {
      // A failure can quote the target too (the reason phrase of a response cut off mid-body).
      return result(clock, startedAt, false, maskSecrets(failureMessage(host, reasonOf(err)), secrets));
    }
  }

  private async exchange(
    url: URL,
    request: HttpRequest<PlainSecret>,
    ctx: AttemptContext,
    signal: AttemptSignal,
    secrets: string[],
  ): Promise<RawResponse> {
    const auth = request.authentication;
    let certificate: Dispatcher | undefined;
    let authorization: string | undefined;
    if (auth?.type === 'Basic') {
      authorization = basicAuthorization(auth.username, auth.password);
      secrets.push(authorization, authorization.slice('Basic '.length), auth.password);
    }
    if (auth?.type === 'ClientCertificate' && url.protocol === 'https:') {
      certificate = this.deps.pool.forCertificate(auth.pfx, auth.password);
    }
    if (auth?.type === 'ActiveDirectoryOAuth') {
      // Before the token request: an authority's error answer (its reason phrase, its error code) may
      // echo the client secret, as sent or form-encoded, and the failure message quotes it.
      secrets.push(...clientSecretForms(auth.secret));
      const token = await this.deps.oauth.token(auth, signal);
      authorization = `Bearer ${token}`;
      secrets.push(authorization, token);
    }
    const sendsBody = methodSendsBody(request.method) && request.body !== undefined;
    // traceparent is HTTP only (a Takt extension); it replaces a job's own, like the tracking headers.
    const tracking = trackingHeaders(ctx);
    tracking.push(['traceparent', traceparent(ctx)]);
    let hop: Hop = {
      url,
      method: request.method,
      headers: composeHeaders({
        jobHeaders: request.headers,
        sendsBody,
        userAgent: this.deps.userAgent,
        tracking,
        ...(authorization !== undefined ? { authorization } : {}),
      }),
      ...(sendsBody && request.body !== undefined ? { body: request.body } : {}),
    };
    const firstOrigin = url.origin;
    for (let redirects = 0; ; redirects++) {
      // The client certificate, like Authorization, is only presented to the job's own origin.
      const dispatcher = certificate && hop.url.origin === firstOrigin ? certificate : this.deps.pool.shared;
      const response = await send(dispatcher, {
        url: hop.url,
        method: hop.method,
        headers: hop.headers,
        ...(hop.body !== undefined ? { body: hop.body } : {}),
        maxBodyBytes: BODY_BYTES,
        signal,
      });
      const location = response.headers.find(([n]) => n.toLowerCase() === 'location')?.[1];
      const decision = nextHop(hop, response.status, location);
      if (decision.kind === 'final') return response;
      if (decision.kind === 'invalid') throw new AttemptFailure(decision.reason);
      if (redirects >= MAX_REDIRECTS) throw new AttemptFailure(TOO_MANY_REDIRECTS);
      hop = decision.hop;
    }
  }
}

/** The `<reason>` of a failure message; never contains a secret. */
function reasonOf(err: unknown): string {
  if (err instanceof AttemptFailure || err instanceof ClientCertificateError) return err.message;
  if (err instanceof OAuthTokenError) return oauthFailureReason(err.detail);
  return failureReason(err);
}
