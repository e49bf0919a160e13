import type { AttemptContext } from '../../ports/executor.js';
import { isoUtcNoZone } from '../common/time-format.js';

/** Escapes element text the way .NET's XmlSerializer does (`&`, `<`, `>`). */
export function xmlText(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/**
 * The `StorageQueueMessage` text the retired service put on queues and customer code parses
 * (docs/reference/scheduling-rules.md §6.2): utf-16 declaration (kept verbatim although the text travels as UTF-8,
 * because parsers in the field expect it), this element order, CRLF, two-space indent, no trailing newline.
 */
export function storageQueueWrapper(message: string, ctx: AttemptContext): string {
  return [
    '<?xml version="1.0" encoding="utf-16"?>',
    '<StorageQueueMessage xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">',
    `  <ExecutionTag>${xmlText(ctx.executionTag)}</ExecutionTag>`,
    `  <ClientRequestId>${xmlText(ctx.clientRequestId)}</ClientRequestId>`,
    `  <ExpectedExecutionTime>${isoUtcNoZone(ctx.expectedExecutionTime)}</ExpectedExecutionTime>`,
    `  <SchedulerJobId>${xmlText(ctx.job.jobId)}</SchedulerJobId>`,
    `  <SchedulerJobCollectionId>${xmlText(ctx.job.collection)}</SchedulerJobCollectionId>`,
    `  <Region>${xmlText(ctx.region)}</Region>`,
    `  <Message>${xmlText(message)}</Message>`,
    '</StorageQueueMessage>',
  ].join('\r\n');
}
