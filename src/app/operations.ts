import { notFound } from '../domain/errors.js';
import type { OperationRecord, OperationStatus } from '../domain/tenant.js';
import type { AppDeps } from './deps.js';

/**
 * Operation records (docs/reference/classic-operations.md §9): every authenticated mutating request leaves one under
 * its request id, polled with Get Operation Status (#11).
 */
export interface OperationOutcome {
  readonly id: string;
  readonly subscriptionId: string;
  /** The answered status; 2xx is a success, reported as 200 whatever the exact code was. */
  readonly httpStatus: number;
  readonly error?: { readonly code: string; readonly message: string };
  /** Asynchronous (202) operations report InProgress for the deployment's artificial delay. */
  readonly asynchronous: boolean;
}

export async function recordOperation(deps: AppDeps, o: OperationOutcome): Promise<void> {
  const now = deps.clock.now();
  const ok = o.httpStatus >= 200 && o.httpStatus < 300;
  const record: OperationRecord = {
    id: o.id,
    subscriptionId: o.subscriptionId,
    status: ok ? 'Succeeded' : 'Failed',
    httpStatusCode: ok ? 200 : o.httpStatus,
    ...(!ok && o.error ? { error: o.error } : {}),
    createdAt: now,
    completesAt: ok && o.asynchronous ? now + deps.settings.operationDelayMs : now,
  };
  await deps.store.putOperation(record);
}

export interface OperationStatusView {
  readonly id: string;
  readonly status: OperationStatus;
  readonly httpStatusCode?: number;
  readonly error?: { readonly code: string; readonly message: string };
}

const HEX32 = /^[0-9a-f]{32}$/i;
const DASHED = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `opId` as 32 hex characters or a dashed GUID, any case. Unknown or malformed → 404. */
export async function getOperationStatus(
  deps: AppDeps,
  subscriptionId: string,
  opId: string,
): Promise<OperationStatusView> {
  const missing = () => notFound(`The operation '${opId}' does not exist.`);
  if (!HEX32.test(opId) && !DASHED.test(opId)) throw missing();
  const id = opId.replace(/-/g, '').toLowerCase();
  const op = await deps.store.getOperation(subscriptionId, id);
  if (!op) throw missing();
  if (deps.clock.now() < op.completesAt) return { id, status: 'InProgress' };
  return {
    id,
    status: op.status,
    ...(op.httpStatusCode !== undefined ? { httpStatusCode: op.httpStatusCode } : {}),
    ...(op.error ? { error: op.error } : {}),
  };
}
