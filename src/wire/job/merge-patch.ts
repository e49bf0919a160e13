/**
 * PATCH of one job (docs/reference/classic-operations.md §12): the patch is merged into the stored definition's full
 * wire document (`definitionToWireDoc`, secrets included), and the caller re-parses the result with
 * `parseJobDefinition`, so the merged job gets the full validation of a PUT.
 *
 * - Objects merge member by member, recursively; member names match case-insensitively and the
 *   stored spelling is kept.
 * - Arrays and maps (`headers`, `customMessageProperties`) are replaced as a whole.
 * - `null` removes a member; removing a required one fails in the re-parse (`… is required`).
 * - A new action `type` whose details live in another sub-object drops the old sub-object; a new
 *   HTTP `authentication.type` drops the old members (the new type's must all be sent).
 * - `authentication: {}` changes nothing (the Node SDK sends `{}` for unknown casings).
 * - `status` → 400; `id` ≠ path → 400; `state` completed/faulted or null → 400.
 * - `stateDetails` is not part of the definition: it is returned separately.
 */
import { settableState } from './settable-state.js';
import { badRequest } from '../../domain/errors.js';
import type { ActionType } from '../../domain/job.js';
import { checkString, childPath, isJsonObject, type JsonMap, membersIgnoringCase } from '../json-object.js';
import { ACTION_TYPES, SUB_OBJECT } from './action-json.js';
import { checkBodyId } from './parse-job.js';

export interface MergedPatch {
  /** The merged wire document, to be re-parsed with parseJobDefinition (mode `replace`). */
  readonly document: Record<string, unknown>;
  /** The SDKs' updateStateReason, when the patch carried one (null is treated as absent). */
  readonly stateDetails?: string;
  /** The patch set or removed `startTime` or `recurrence` (docs/reference/scheduling-rules.md §4.8). */
  readonly scheduleTouched: boolean;
  /** The patch set or removed `startTime` (the anchor moves). */
  readonly startTimeTouched: boolean;
  /** The patch wrote `recurrence.endTime`, which must then lie in the future. */
  readonly endTimeWritten: boolean;
}

/** Maps are replaced whole, like arrays: their keys are data, not members. */
const REPLACED_WHOLE = new Set(['headers', 'custommessageproperties']);
/**
 * A reason text, stored with the job row (read with every job) and never returned: bounded like a
 * request body, not by the 1 MiB request limit (docs/reference/classic-operations.md §6.8).
 */
const MAX_STATE_DETAILS_CHARS = 8192;

export function mergeJobPatch(
  stored: JsonMap,
  patch: unknown,
  opts: { readonly pathJobId: string },
): MergedPatch {
  if (!isJsonObject(patch)) throw badRequest('body: must be a JSON object');
  const top = membersIgnoringCase(patch);
  if (top.has('status')) throw badRequest('status: is server-controlled and cannot be written');
  checkBodyId(top.get('id')?.value, opts.pathJobId);
  const state = top.get('state');
  if (state !== undefined) {
    if (state.value === null) throw badRequest('state: cannot be removed; send enabled or disabled');
    settableState(state.value, 'state');
  }
  const details = top.get('statedetails')?.value;
  const stateDetails =
    details === undefined || details === null ? undefined : checkString(details, 'stateDetails');
  if (stateDetails !== undefined && stateDetails.length > MAX_STATE_DETAILS_CHARS) {
    throw badRequest(
      `stateDetails: must be at most ${MAX_STATE_DETAILS_CHARS} characters, got ${stateDetails.length}`,
    );
  }

  const definitionPatch: Record<string, unknown> = {};
  for (const [lower, { key, value }] of top) {
    if (lower !== 'id' && lower !== 'statedetails') definitionPatch[key] = value;
  }
  const recurrence = top.get('recurrence')?.value;
  const endTimeWritten =
    isJsonObject(recurrence) &&
    [...membersIgnoringCase(recurrence)].some(([k, m]) => k === 'endtime' && m.value !== null);
  return {
    document: mergeObject(stored, definitionPatch, ''),
    ...(stateDetails !== undefined ? { stateDetails } : {}),
    scheduleTouched: top.has('starttime') || top.has('recurrence'),
    startTimeTouched: top.has('starttime'),
    endTimeWritten,
  };
}

function mergeObject(base: JsonMap, patch: JsonMap, path: string): Record<string, unknown> {
  let result: Record<string, unknown> = { ...base };
  if (path === 'action' || path === 'action.errorAction') result = dropOldSubObject(result, patch);
  for (const [lower, { key, value }] of membersIgnoringCase(patch)) {
    const existingKey = Object.keys(result).find((k) => k.toLowerCase() === lower);
    const name = existingKey ?? key;
    const at = childPath(path, name);
    const existing = existingKey === undefined ? undefined : result[existingKey];
    if (value === null) {
      if (existingKey !== undefined) delete result[existingKey];
      continue;
    }
    if (lower === 'authentication' && isJsonObject(value) && Object.keys(value).length === 0) continue;
    const mergeable =
      isJsonObject(value) &&
      isJsonObject(existing) &&
      !REPLACED_WHOLE.has(lower) &&
      !(lower === 'authentication' && path.endsWith('request') && authTypeChanges(existing, value));
    result[name] = mergeable ? mergeObject(existing, value, at) : value;
  }
  return result;
}

function typeOf(obj: JsonMap): unknown {
  let found: unknown;
  for (const [lower, { value }] of membersIgnoringCase(obj)) if (lower === 'type') found = value;
  return found;
}

function authTypeChanges(existing: JsonMap, patch: JsonMap): boolean {
  const next = typeOf(patch);
  if (typeof next !== 'string') return false;
  const current = typeOf(existing);
  return typeof current !== 'string' || current.toLowerCase() !== next.toLowerCase();
}

function actionType(value: unknown): ActionType | undefined {
  if (typeof value !== 'string') return undefined;
  return ACTION_TYPES.find((t) => t.toLowerCase() === value.toLowerCase());
}

/** On a type change, the stored details of the old type do not belong to the new one. */
function dropOldSubObject(base: Record<string, unknown>, patch: JsonMap): Record<string, unknown> {
  const next = actionType(typeOf(patch));
  const current = actionType(typeOf(base));
  if (!next || !current || SUB_OBJECT[next] === SUB_OBJECT[current]) return base;
  const old = SUB_OBJECT[current].toLowerCase();
  return Object.fromEntries(Object.entries(base).filter(([k]) => k.toLowerCase() !== old));
}
