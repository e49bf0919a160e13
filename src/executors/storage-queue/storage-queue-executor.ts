import { AnonymousCredential, newPipeline, QueueClient } from '@azure/storage-queue';
import type { Dispatcher } from 'undici';
import type { QueueMessage } from '../../domain/job.js';
import type { PlainSecret } from '../../domain/secret.js';
import type { Clock } from '../../ports/clock.js';
import type { AttemptContext, AttemptResult } from '../../ports/executor.js';
import { result } from '../common/result.js';
import { Deadline } from '../net/deadline.js';
import { failureReason } from '../net/failure-reason.js';
import { errorCode } from '../net/reason.js';
import { statusText } from '../net/status-text.js';
import { DEFAULT_STORAGE_API_VERSION, DEFAULT_STORAGE_ENDPOINT } from '../options.js';
import { accountNotFound, errorResponse, noResponse, queueMissing, succeeded } from './messages.js';
import { SdkHttpClient } from './sdk-http-client.js';
import { storageQueueWrapper } from './wrapper.js';

export interface StorageQueueExecutorDeps {
  readonly clock: Clock;
  readonly dispatcher: Dispatcher;
  readonly timeoutMs: number;
  readonly userAgent: string;
  readonly settings?: {
    readonly endpointTemplate?: string;
    readonly apiVersion?: string;
    readonly base64Messages?: boolean;
  };
}

/** The queue URL with the SAS token as its query (leading `?` optional in the job). */
export function queueUrl(template: string, account: string, queue: string, sasToken: string): string {
  const endpoint = template.replaceAll('{account}', encodeURIComponent(account)).replace(/\/+$/, '');
  const sas = sasToken.replace(/^\?/, '');
  return `${endpoint}/${encodeURIComponent(queue)}${sas ? `?${sas}` : ''}`;
}

/** Runs `storageQueue` actions with the official client (behaviour.md §6.2). */
export class StorageQueueExecutor {
  constructor(private readonly deps: StorageQueueExecutorDeps) {}

  async execute(q: QueueMessage<PlainSecret>, ctx: AttemptContext): Promise<AttemptResult> {
    const { clock, settings } = this.deps;
    const startedAt = clock.now();
    const account = q.storageAccount;
    const queue = q.queueName;
    const deadline = new Deadline(clock, this.deps.timeoutMs, ctx.signal);
    const transport = new SdkHttpClient({
      dispatcher: this.deps.dispatcher,
      signal: deadline.signal,
      overrides: [
        ['x-ms-client-request-id', ctx.clientRequestId],
        ['User-Agent', this.deps.userAgent],
        ['x-ms-version', settings?.apiVersion ?? DEFAULT_STORAGE_API_VERSION],
      ],
    });
    try {
      const wrapper = storageQueueWrapper(q.message, ctx);
      const text = settings?.base64Messages ? Buffer.from(wrapper, 'utf8').toString('base64') : wrapper;
      // A client per attempt: it is a light object, and its transport carries this attempt's headers.
      const client = new QueueClient(
        queueUrl(settings?.endpointTemplate ?? DEFAULT_STORAGE_ENDPOINT, account, queue, q.sasToken),
        newPipeline(new AnonymousCredential(), { httpClient: transport, retryOptions: { maxTries: 1 } }),
      );
      await client.sendMessage(text, { abortSignal: deadline.signal });
    } catch (err) {
      // Worded from what the transport saw below; an error thrown before any request lands here.
      if (!transport.lastResponse && transport.lastError === undefined) {
        return result(clock, startedAt, false, noResponse(account, queue, failureReason(err)));
      }
    } finally {
      deadline.dispose();
    }
    return result(clock, startedAt, ...outcome(transport, account, queue));
  }
}

function outcome(transport: SdkHttpClient, account: string, queue: string): [boolean, string] {
  const res = transport.lastResponse;
  if (res) {
    const text = statusText(res.status, res.reason);
    if (res.status >= 200 && res.status <= 299) return [true, succeeded(account, queue, text)];
    if (res.status === 404) return [false, queueMissing(account, queue)];
    const code = res.headers.find(([n]) => n.toLowerCase() === 'x-ms-error-code')?.[1];
    return [false, errorResponse(account, queue, text, code)];
  }
  if (errorCode(transport.lastError) === 'ENOTFOUND') return [false, accountNotFound(account)];
  return [false, noResponse(account, queue, failureReason(transport.lastError))];
}

