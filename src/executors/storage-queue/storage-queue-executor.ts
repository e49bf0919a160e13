import type { Dispatcher } from 'undici';
import type { QueueMessage } from '../../domain/job.js';
import type { PlainSecret } from '../../domain/secret.js';
import type { Clock } from '../../ports/clock.js';
import type { AttemptContext, AttemptResult } from '../../ports/executor.js';
import { maskSecrets, sasSignatureForms } from '../common/mask-secrets.js';
import { result } from '../common/result.js';
import type { AttemptSignal } from '../net/deadline.js';
import { failureReason } from '../net/failure-reason.js';
import { errorCode } from '../net/reason.js';
import { send } from '../net/send.js';
import { statusText } from '../net/status-text.js';
import type { ExecutorSettings } from '../options.js';
import { accountNotFound, errorResponse, noResponse, queueMissing, succeeded } from './messages.js';
import { putMessageBody, putMessageUrl, storageErrorCode } from './put-message.js';
import { storageQueueWrapper } from './wrapper.js';

export interface StorageQueueExecutorDeps {
  readonly clock: Clock;
  readonly dispatcher: Dispatcher;
  readonly timeoutMs: number;
  readonly userAgent: string;
  readonly settings: Pick<
    ExecutorSettings,
    'storageEndpointTemplate' | 'storageApiVersion' | 'storageBase64'
  >;
}

/**
 * Runs `storageQueue` actions with the storage REST "Put Message" operation (docs/reference/scheduling-rules.md
 * §6.2), sent on Takt's own dispatcher so it gets the egress check at connect time, the extra CAs, pooling
 * and the attempt deadline. The request is composed here rather than by @azure/storage-queue: that client's
 * XML serializer turns the wrapper's CR LF into a bare CR and sends Content-Type without a charset, so the
 * message would not arrive as §6.2 (and customer parsers) require.
 */
export class StorageQueueExecutor {
  constructor(private readonly deps: StorageQueueExecutorDeps) {}

  /** `signal` is the attempt's one signal: its deadline and its cancellation (deadline.ts). */
  async execute(
    q: QueueMessage<PlainSecret>,
    ctx: AttemptContext,
    signal: AttemptSignal,
  ): Promise<AttemptResult> {
    const { clock, settings } = this.deps;
    const startedAt = clock.now();
    const account = q.storageAccount;
    const queue = q.queueName;
    // The SAS travels in the query: a front end may quote the request line in its reason phrase.
    const secrets = [q.sasToken, ...sasSignatureForms(q.sasToken)];
    try {
      let url: URL;
      try {
        url = new URL(putMessageUrl(settings.storageEndpointTemplate, account, queue, q.sasToken));
      } catch {
        return result(clock, startedAt, false, noResponse(account, queue, 'The queue URI is not valid.'));
      }
      const wrapper = storageQueueWrapper(q.message, ctx);
      const text = settings.storageBase64 ? Buffer.from(wrapper, 'utf8').toString('base64') : wrapper;
      const res = await send(this.deps.dispatcher, {
        url,
        method: 'POST',
        headers: [
          ['x-ms-version', settings.storageApiVersion],
          ['Content-Type', 'application/xml; charset=utf-8'],
          ['x-ms-client-request-id', ctx.clientRequestId],
          ['User-Agent', this.deps.userAgent],
        ],
        body: Buffer.from(putMessageBody(text), 'utf8'),
        maxBodyBytes: 64 * 1024,
        signal,
      });
      const status = maskSecrets(statusText(res.status, res.reason), secrets);
      if (res.status >= 200 && res.status <= 299)
        return result(clock, startedAt, true, succeeded(account, queue, status));
      if (res.status === 404) return result(clock, startedAt, false, queueMissing(account, queue));
      const code = storageErrorCode(res.headers, res.body.toString('utf8'));
      // The code is the service's short word; a front end that put the query there cannot leak the SAS.
      const masked = code === undefined ? undefined : maskSecrets(code, secrets);
      return result(clock, startedAt, false, errorResponse(account, queue, status, masked));
    } catch (err) {
      if (errorCode(err) === 'ENOTFOUND') return result(clock, startedAt, false, accountNotFound(account));
      const reason = maskSecrets(failureReason(err), secrets);
      return result(clock, startedAt, false, noResponse(account, queue, reason));
    }
  }
}
