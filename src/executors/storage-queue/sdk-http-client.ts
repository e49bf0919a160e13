import type { HttpOperationResponse, IHttpClient, WebResource } from '@azure/storage-queue';
import type { Dispatcher } from 'undici';
import { send, type RawResponse } from '../net/send.js';
import { SdkHeaders } from './response-headers.js';

export interface SdkHttpClientOptions {
  readonly dispatcher: Dispatcher;
  readonly signal: AbortSignal;
  /** Headers that override the SDK's own (client request id, User-Agent, x-ms-version). */
  readonly overrides: readonly (readonly [string, string])[];
}

/**
 * The transport under the official storage client for one attempt. Going through Takt's undici
 * dispatcher gives the SDK's request the same egress check at connect time, extra CAs, pooling and
 * deadline as an HTTP action. It also pins the headers the SDK would choose itself: the attempt's
 * `x-ms-client-request-id` (the SDK makes a random one), `User-Agent: Takt/<version>` and the
 * configured `x-ms-version`. It records what happened so the executor can word the history
 * message from facts rather than from the SDK's error wrapping.
 */
export class SdkHttpClient implements IHttpClient {
  lastResponse: RawResponse | undefined;
  lastError: unknown;

  constructor(private readonly options: SdkHttpClientOptions) {}

  async sendRequest(request: WebResource): Promise<HttpOperationResponse> {
    const override = new Set(this.options.overrides.map(([n]) => n.toLowerCase()));
    const headers: [string, string][] = request.headers
      .headersArray()
      .filter((h) => !override.has(h.name.toLowerCase()) && h.name.toLowerCase() !== 'content-length')
      .map((h) => [h.name, h.value]);
    headers.push(...this.options.overrides.map(([n, v]) => [n, v] as [string, string]));
    const body = typeof request.body === 'string' || Buffer.isBuffer(request.body) ? request.body : undefined;
    try {
      const response = await send(this.options.dispatcher, {
        url: new URL(request.url),
        method: request.method,
        headers,
        ...(body !== undefined ? { body } : {}),
        maxBodyBytes: 64 * 1024,
        signal: this.options.signal,
      });
      this.lastResponse = response;
      return {
        request,
        status: response.status,
        headers: new SdkHeaders(response.headers),
        bodyAsText: response.body.toString('utf8'),
      };
    } catch (err) {
      this.lastError = err;
      throw err;
    }
  }
}
