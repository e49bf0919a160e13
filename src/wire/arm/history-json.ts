/**
 * The ARM JobHistoryDefinition (docs/api.md, ARM history): the classic entry without `jobId`,
 * `timestamp` and `state` (not in the swagger), `status` `Failed`/`Postponed` and omitted when the
 * attempt completed, in an envelope whose id ends with the entry's stable sequence number.
 */
import type { HistoryEntry } from '../../domain/history.js';
import { formatDateTime } from '../datetime.js';
import { pascal } from './job-json.js';
import { HISTORY_TYPE, jobResourceId } from './resource-ids.js';

export function formatArmHistoryEntry(e: HistoryEntry): Record<string, unknown> {
  const j = e.job;
  const entryId = String(e.seq ?? 0);
  return {
    id: `${jobResourceId(j.subscriptionId, j.cloudService, j.collection, j.jobId)}/history/${entryId}`,
    type: HISTORY_TYPE,
    name: `${j.collection}/${j.jobId}/${entryId}`,
    properties: {
      startTime: formatDateTime(e.startTime),
      endTime: formatDateTime(e.endTime),
      expectedExecutionTime: formatDateTime(e.expectedExecutionTime),
      ...(e.status !== 'completed' ? { status: pascal(e.status) } : {}),
      message: e.message,
      retryCount: e.retryCount,
      repeatCount: e.repeatCount,
      actionName: e.actionName,
    },
  };
}
