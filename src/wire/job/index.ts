export { parseJobDefinition, type ParseJobOptions } from './parse-job.js';
export { formatJob } from './format-job.js';
export { formatHistoryEntry } from './history-json.js';
export { definitionToWireDoc } from './definition-doc.js';
export { mergeJobPatch, type MergedPatch } from './merge-patch.js';
export { patchDefinition } from './patch-definition.js';
export {
  DEFAULT_RETRY_COUNT,
  DEFAULT_RETRY_INTERVAL_TICKS,
  MAX_RETRY_INTERVAL_TICKS,
} from './retry-policy-json.js';
