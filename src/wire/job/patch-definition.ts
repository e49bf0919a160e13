import type { PlainJobDefinition } from '../../domain/job.js';
import { definitionToWireDoc } from './definition-doc.js';
import { mergeJobPatch } from './merge-patch.js';
import { parseJobDefinition, type ParseJobOptions } from './parse-job.js';
import { extend } from '../../domain/extend.js';

/** A stored definition with a PATCH body applied, as both APIs' PATCH job hands it to `patchJob`. */
export interface PatchedDefinition {
  readonly definition: PlainJobDefinition;
  readonly stateDetails?: string;
  readonly scheduleTouched: boolean;
  readonly startTimeTouched: boolean;
}

/**
 * Merges `patch` into the stored definition (docs/reference/classic-operations.md §12) and
 * parses the result as a replace of job `pathJobId`; `endTimeWritten` and `scheduleWritten` come
 * from the merge.
 */
export function patchDefinition(
  current: PlainJobDefinition,
  patch: unknown,
  pathJobId: string,
  options: Omit<ParseJobOptions, 'endTimeWritten' | 'scheduleWritten'>,
): PatchedDefinition {
  const merged = mergeJobPatch(definitionToWireDoc(current), patch, { pathJobId });
  const definition = parseJobDefinition(
    merged.document,
    extend(options, { endTimeWritten: merged.endTimeWritten, scheduleWritten: merged.scheduleTouched }),
  );
  return {
    definition,
    ...(merged.stateDetails !== undefined ? { stateDetails: merged.stateDetails } : {}),
    scheduleTouched: merged.scheduleTouched,
    startTimeTouched: merged.startTimeTouched,
  };
}
