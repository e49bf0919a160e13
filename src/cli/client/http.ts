/**
 * One HTTP exchange with Takt over node:https (client certificate + CA of the profile) or node:http
 * (bearer token only). Every request carries `x-ms-version: 2013-03-01`, which the API requires.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { ApiError, apiErrorFrom, ConnectionError } from './api-error.js';
import type { Profile } from './profile.js';

export const API_VERSION = '2013-03-01';

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

export interface Exchange {
  readonly method: 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';
  /** Path below the base URL, already percent-encoded, with the query if any. */
  readonly path: string;
  readonly body?: string;
  readonly contentType?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Statuses that count as success (the classic API's are exact). */
  readonly expect: readonly number[];
}

export class HttpTransport {
  private readonly agent: HttpsAgent | undefined;

  constructor(
    private readonly profile: Profile,
    private readonly timeoutMs = 30_000,
  ) {
    this.agent =
      profile.url.protocol === 'https:'
        ? new HttpsAgent({
            keepAlive: true,
            ...(profile.caPem !== undefined ? { ca: profile.caPem } : {}),
            ...(profile.certPem !== undefined ? { cert: profile.certPem } : {}),
            ...(profile.keyPem !== undefined ? { key: profile.keyPem } : {}),
          })
        : undefined;
  }

  /** Sends the request; resolves on an expected status, rejects with ApiError or ConnectionError. */
  async send(x: Exchange): Promise<HttpAnswer> {
    const answer = await this.raw(x);
    if (!x.expect.includes(answer.status)) {
      const rid = answer.headers['x-ms-request-id'];
      throw apiErrorFrom(answer.status, answer.body, typeof rid === 'string' ? rid : undefined);
    }
    return answer;
  }

  close(): void {
    this.agent?.destroy();
  }

  private raw(x: Exchange): Promise<HttpAnswer> {
    const base = this.profile.url;
    const prefix = base.pathname.replace(/\/+$/, '');
    const target = new URL(base.origin + prefix + x.path);
    const headers: Record<string, string> = {
      'x-ms-version': API_VERSION,
      'user-agent': 'takt-cli',
      accept: 'application/json, application/xml',
      ...(x.headers ?? {}),
    };
    if (this.profile.token !== undefined) headers['authorization'] = `Bearer ${this.profile.token}`;
    const payload = x.body === undefined ? undefined : Buffer.from(x.body, 'utf8');
    if (payload) {
      headers['content-type'] = x.contentType ?? 'application/json';
      headers['content-length'] = String(payload.length);
    } else if (x.method !== 'GET') {
      headers['content-length'] = '0';
    }
    const options = { method: x.method, headers, timeout: this.timeoutMs };
    return new Promise<HttpAnswer>((resolvePromise, reject) => {
      const onResponse = (res: IncomingMessage): void => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (e) => reject(new ConnectionError(`${target.origin}: ${e.message}`)));
        res.on('end', () =>
          resolvePromise({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      };
      const req =
        target.protocol === 'https:'
          ? httpsRequest(target, { ...options, ...(this.agent ? { agent: this.agent } : {}) }, onResponse)
          : httpRequest(target, options, onResponse);
      req.on('timeout', () => req.destroy(new Error(`no answer within ${this.timeoutMs / 1000} s`)));
      req.on('error', (e: Error & { code?: string }) => {
        if (e instanceof ApiError) return reject(e);
        reject(
          new ConnectionError(
            `cannot reach ${target.origin}: ${e.code !== undefined ? `${e.code} ` : ''}${e.message}`,
          ),
        );
      });
      req.end(payload);
    });
  }
}
