import type { ActionBody } from '../domain/job.js';
import type { PlainSecret } from '../domain/secret.js';
import type { ActionExecutor, AttemptContext, AttemptHandle, AttemptResult } from '../ports/executor.js';
import { Deadline, type AttemptSignal } from './net/deadline.js';
import { EgressPolicy } from './egress/policy.js';
import { HttpExecutor } from './http/http-executor.js';
import { OAuthTokenSource } from './http/oauth.js';
import { DispatcherPool } from './net/dispatchers.js';
import { executorSettings, type ExecutorOptions } from './options.js';
import { ServiceBusExecutor } from './service-bus/service-bus-executor.js';
import { StorageQueueExecutor } from './storage-queue/storage-queue-executor.js';

export type { ExecutorOptions, ExecutorSettings } from './options.js';
export type { EgressOptions } from './egress/policy.js';
export { describeEgressPolicy } from './egress/policy.js';

/** The executors of every action kind behind one ActionExecutor, plus shutdown of their connection pools. */
export type Executors = ActionExecutor & { close(): Promise<void> };

/** Builds the real executors. Throws at once on invalid options (e.g. a malformed egress CIDR). */
export function createExecutors(options: ExecutorOptions): Executors {
  const settings = executorSettings(options);
  const timeoutMs = settings.httpTimeoutMs;
  const userAgent = `Takt/${options.version}`;
  const pool = new DispatcherPool({
    policy: new EgressPolicy(options.egress),
    ...(options.lookup ? { lookup: options.lookup } : {}),
    ...(options.extraCaPem ? { extraCaPem: options.extraCaPem } : {}),
    connectionsPerOrigin: settings.connectionsPerOrigin,
    connectTimeoutMs: timeoutMs,
  });
  const oauth = new OAuthTokenSource(pool.shared, settings.oauthAuthority, options.clock, timeoutMs);
  const http = new HttpExecutor({ clock: options.clock, pool, oauth, timeoutMs, userAgent });
  const storage = new StorageQueueExecutor({
    clock: options.clock,
    dispatcher: pool.shared,
    timeoutMs,
    userAgent,
    settings,
  });
  const serviceBus = new ServiceBusExecutor({
    clock: options.clock,
    dispatcher: pool.shared,
    timeoutMs,
    userAgent,
    endpointTemplate: settings.serviceBusEndpointTemplate,
  });

  const run = (
    action: ActionBody<PlainSecret>,
    ctx: AttemptContext,
    signal: AttemptSignal,
  ): Promise<AttemptResult> => {
    switch (action.type) {
      case 'http':
      case 'https':
        return http.execute(action.request, ctx, signal);
      case 'storageQueue':
        return storage.execute(action.queueMessage, ctx, signal);
      case 'serviceBusQueue': {
        const m = action.serviceBusQueueMessage;
        return serviceBus.execute(m, { kind: 'queue', name: m.queueName }, ctx, signal);
      }
      case 'serviceBusTopic': {
        const m = action.serviceBusTopicMessage;
        return serviceBus.execute(m, { kind: 'topic', name: m.topicPath }, ctx, signal);
      }
    }
  };
  // One Deadline per attempt: its signal is the timeout and the cancellation at once.
  const start = (
    action: ActionBody<PlainSecret>,
    ctx: AttemptContext,
    parent?: AbortSignal,
  ): AttemptHandle => {
    const deadline = new Deadline(options.clock, timeoutMs);
    deadline.follow(parent);
    const result = run(action, ctx, deadline);
    void result.then(
      () => deadline.dispose(),
      () => deadline.dispose(),
    );
    return { result, cancel: () => deadline.cancel() };
  };

  return {
    execute: (action, ctx) => start(action, ctx, ctx.signal).result,
    start: (action, ctx) => start(action, ctx),
    close: () => pool.close(),
  };
}
