/**
 * A history entry on the wire (docs/reference/classic-operations.md §6.9). `status` is omitted when the attempt
 * completed.
 */
import type { HistoryEntry } from '../../domain/history.js';
import { formatDateTime } from '../datetime.js';

export function formatHistoryEntry(e: HistoryEntry): Record<string, unknown> {
  return {
    jobId: e.job.jobId,
    timestamp: formatDateTime(e.timestamp),
    startTime: formatDateTime(e.startTime),
    endTime: formatDateTime(e.endTime),
    expectedExecutionTime: formatDateTime(e.expectedExecutionTime),
    state: e.state,
    ...(e.status !== 'completed' ? { status: e.status } : {}),
    message: e.message,
    retryCount: e.retryCount,
    repeatCount: e.repeatCount,
    actionName: e.actionName,
  };
}
