import type {
  ApiToken,
  ManagementCertificate,
  OperationRecord,
  OperationStatus,
  Subscription,
} from '../../domain/tenant.js';
import type { Row } from '../program.js';
import { bool, num, optNum, optStr, str } from './values.js';
import { extend } from '../../domain/extend.js';

export function toSubscription(r: Row): Subscription {
  return {
    id: str(r, 'id'),
    enabled: bool(r, 'enabled'),
    registered: bool(r, 'registered'),
    createdAt: num(r, 'created_at'),
  };
}

/** Folds (certificate, subscription) rows — ordered by thumbprint — into certificates. */
export function toCertificates(rows: readonly Row[]): ManagementCertificate[] {
  const out: { cert: Omit<ManagementCertificate, 'subscriptionIds'>; ids: string[] }[] = [];
  for (const r of rows) {
    const thumbprint = str(r, 'thumbprint');
    let last = out[out.length - 1];
    if (last?.cert.thumbprint !== thumbprint) {
      last = {
        cert: {
          thumbprint,
          subject: str(r, 'subject'),
          notBefore: num(r, 'not_before'),
          notAfter: num(r, 'not_after'),
          addedAt: num(r, 'added_at'),
        },
        ids: [],
      };
      out.push(last);
    }
    const sub = optStr(r, 'subscription_id');
    if (sub !== undefined) last.ids.push(sub);
  }
  return out.map(({ cert, ids }) => extend(cert, { subscriptionIds: ids }));
}

export function toToken(r: Row): ApiToken {
  const label = optStr(r, 'label');
  const revokedAt = optNum(r, 'revoked_at');
  return {
    id: str(r, 'id'),
    subscriptionId: str(r, 'subscription_id'),
    hash: str(r, 'hash'),
    ...(label !== undefined ? { label } : {}),
    createdAt: num(r, 'created_at'),
    ...(revokedAt !== undefined ? { revokedAt } : {}),
  };
}

export function toOperation(r: Row): OperationRecord {
  const httpStatusCode = optNum(r, 'http_status_code');
  const code = optStr(r, 'error_code');
  return {
    id: str(r, 'id'),
    subscriptionId: str(r, 'subscription_id'),
    status: str(r, 'status') as OperationStatus,
    ...(httpStatusCode !== undefined ? { httpStatusCode } : {}),
    ...(code !== undefined ? { error: { code, message: optStr(r, 'error_message') ?? '' } } : {}),
    createdAt: num(r, 'created_at'),
    completesAt: num(r, 'completes_at'),
  };
}
