import type { AttemptContext } from '../../ports/executor.js';
import { isoUtc } from './time-format.js';

/**
 * The tracking values Takt adds to HTTP requests and Service Bus messages (docs/reference/scheduling-rules.md §6.1,
 * §6.3), in this order.
 */
export function trackingHeaders(ctx: AttemptContext): [string, string][] {
  return [
    ['x-ms-scheduler-jobid', ctx.job.jobId],
    ['x-ms-scheduler-jobcollectionid', ctx.job.collection],
    ['x-ms-scheduler-expected-execution-time', isoUtc(ctx.expectedExecutionTime)],
    ['x-ms-scheduler-execution-region', ctx.region],
    ['x-ms-execution-tag', ctx.executionTag],
    ['x-ms-client-request-id', ctx.clientRequestId],
  ];
}
