/** Get operation status (#11, docs/reference/classic-operations.md §7.5). */
import { el, leaf, renderXmlDocument } from './render.js';

export interface OperationView {
  /** 32 lower-case hex; written as a dashed GUID in `ID`. */
  readonly id: string;
  readonly status: 'InProgress' | 'Succeeded' | 'Failed';
  readonly httpStatusCode?: number;
  readonly error?: { readonly code: string; readonly message: string };
}

/** `67e081d92791b59496907c8c88501b34` → `67e081d9-2791-b594-9690-7c8c88501b34`. */
export function dashedGuid(hex32: string): string {
  const h = hex32.toLowerCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function formatOperationXml(op: OperationView): string {
  const inProgress = op.status === 'InProgress';
  return renderXmlDocument(
    el('Operation', [
      leaf('ID', dashedGuid(op.id)),
      leaf('Status', op.status),
      // Omitted while InProgress: the Node client reads its absence as "not finished".
      !inProgress && op.httpStatusCode !== undefined ? leaf('HttpStatusCode', op.httpStatusCode) : undefined,
      op.status === 'Failed' && op.error
        ? el('Error', [leaf('Code', op.error.code), leaf('Message', op.error.message)])
        : undefined,
    ]),
  );
}
