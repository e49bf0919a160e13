import type { ApiToken, ManagementCertificate, OperationRecord, Subscription } from '../../domain/tenant.js';
import type { EpochMs } from '../../domain/time.js';
import { StoreConflict, type CredentialQuery, type CredentialRecords } from '../../ports/store.js';
import { all, get, run, runRows, type Program } from '../program.js';
import type { OperationRow } from '../sql/tenant.js';
import { toCertificates, toOperation, toSubscription, toToken } from '../rows/tenant-rows.js';
import { flag, opt, subKey, thumbKey } from '../rows/values.js';
import { extend } from '../../domain/extend.js';

export function* createSubscription(s: Subscription): Program<void> {
  const id = subKey(s.id);
  if (yield* get('selectSubscription', id)) throw new StoreConflict('exists', `subscription ${id} exists`);
  yield* run('insertSubscription', id, flag(s.enabled), flag(s.registered), s.createdAt);
}

/** Store.firstSubscription: the oldest subscription, or `candidate` created, under one lock. */
export function* firstSubscription(
  candidate: Subscription,
): Program<{ subscription: Subscription; created: boolean }> {
  yield* get('lockFirstSubscription');
  const oldest = yield* get('selectOldestSubscription');
  if (oldest) return { subscription: toSubscription(oldest), created: false };
  yield* createSubscription(candidate);
  return { subscription: candidate, created: true };
}

export function* getSubscription(id: string): Program<Subscription | undefined> {
  const row = yield* get('selectSubscription', subKey(id));
  return row && toSubscription(row);
}

export function* listSubscriptions(): Program<Subscription[]> {
  return (yield* all('selectSubscriptions')).map(toSubscription);
}

export function* updateSubscription(
  id: string,
  change: { enabled?: boolean; registered?: boolean },
): Program<void> {
  const n = yield* run(
    'updateSubscription',
    subKey(id),
    change.enabled === undefined ? null : flag(change.enabled),
    change.registered === undefined ? null : flag(change.registered),
  );
  if (n === 0) throw new StoreConflict('missing', `subscription ${id} does not exist`);
  if (change.enabled !== undefined) yield* holdTenant(subKey(id), !change.enabled);
}

/**
 * A disabled subscription's jobs wait (docs/engine.md, "Disabled subscriptions"): its collections
 * say so (`tenant_disabled`, which every claim reads beside `suspended`) and its jobs and runs are
 * held apart in the due indexes; enabling it puts back those of the collections not suspended.
 * Lock order subscription -> collections, as every collection write.
 */
function* holdTenant(sub: string, disabled: boolean): Program<void> {
  yield* all('lockCollectionsOfSubscription', sub);
  yield* run('setTenantDisabled', sub, flag(disabled));
  yield* run(disabled ? 'holdSubscriptionJobs' : 'releaseSubscriptionJobs', sub);
  yield* run(disabled ? 'holdSubscriptionRuns' : 'releaseSubscriptionRuns', sub);
}

/** Guard (beyond the port's text): every subscription mapped must exist ('missing'). */
export function* addCertificate(cert: ManagementCertificate): Program<void> {
  const thumbprint = thumbKey(cert.thumbprint);
  for (const sub of cert.subscriptionIds) {
    if (!(yield* get('selectSubscription', subKey(sub)))) {
      throw new StoreConflict('missing', `subscription ${sub} does not exist`);
    }
  }
  yield* run('insertCertificate', thumbprint, cert.subject, cert.notBefore, cert.notAfter, cert.addedAt);
  for (const sub of cert.subscriptionIds) yield* run('insertCertificateMapping', thumbprint, subKey(sub));
}

export function* removeCertificate(thumbprint: string, subscriptionId?: string): Program<boolean> {
  const key = thumbKey(thumbprint);
  const n =
    subscriptionId === undefined
      ? yield* run('deleteCertificate', key)
      : yield* run('deleteCertificateMapping', key, subKey(subscriptionId));
  return n > 0;
}

export function* findCertificate(thumbprint: string): Program<ManagementCertificate | undefined> {
  return toCertificates(yield* all('selectCertificate', thumbKey(thumbprint)))[0];
}

export function* listCertificates(subscriptionId?: string): Program<ManagementCertificate[]> {
  return toCertificates(
    yield* all('selectCertificates', subscriptionId === undefined ? null : subKey(subscriptionId)),
  );
}

/** Guards (beyond the port's text): the subscription exists ('missing'); id and hash are new ('exists'). */
export function* addToken(t: ApiToken): Program<void> {
  const sub = subKey(t.subscriptionId);
  if (!(yield* get('selectSubscription', sub)))
    throw new StoreConflict('missing', `subscription ${sub} does not exist`);
  if (yield* get('selectTokenById', t.id, t.hash))
    throw new StoreConflict('exists', 'token id or hash exists');
  yield* run('insertToken', t.id, sub, t.hash, opt(t.label), t.createdAt, opt(t.revokedAt));
}

export function* findTokenByHash(hash: string): Program<ApiToken | undefined> {
  const row = yield* get('selectTokenByHash', hash);
  return row && toToken(row);
}

export function* findCredentials(query: CredentialQuery): Program<CredentialRecords> {
  const { certificateThumbprint: thumbprint, tokenHash, subscriptionId } = query;
  const rows = yield* all(
    'selectCredentials',
    thumbprint === undefined ? null : thumbKey(thumbprint),
    tokenHash ?? null,
    subscriptionId === undefined ? null : subKey(subscriptionId),
  );
  const [certificate] = toCertificates(rows.filter((r) => r['kind'] === 'c'));
  const token = rows.find((r) => r['kind'] === 't');
  const subscription = rows.find((r) => r['kind'] === 's');
  return extend(
    certificate ? { certificate } : {},
    token ? { token: toToken(token) } : {},
    subscription ? { subscription: toSubscription(subscription) } : {},
  );
}

export function* listTokens(subscriptionId: string): Program<ApiToken[]> {
  return (yield* all('selectTokens', subKey(subscriptionId))).map(toToken);
}

export function* revokeToken(id: string, at: EpochMs): Program<boolean> {
  return (yield* run('revokeToken', id, at)) > 0;
}

const operationRow = (op: OperationRecord): OperationRow => ({
  subscription_id: subKey(op.subscriptionId),
  id: op.id,
  status: op.status,
  http_status_code: opt(op.httpStatusCode),
  error_code: opt(op.error?.code),
  error_message: opt(op.error?.message),
  created_at: op.createdAt,
  completes_at: op.completesAt,
});

export function* putOperation(op: OperationRecord): Program<void> {
  yield* run(
    'upsertOperation',
    subKey(op.subscriptionId),
    op.id,
    op.status,
    opt(op.httpStatusCode),
    opt(op.error?.code),
    opt(op.error?.message),
    op.createdAt,
    op.completesAt,
  );
}

/**
 * Several records at once (the group commit of SqlStore.putOperation): ONE set-based statement on
 * PostgreSQL, so it needs no transaction around it; one statement per record in one transaction on
 * SQLite (runRows).
 */
export function* putOperations(ops: readonly OperationRecord[]): Program<void> {
  if (ops.length === 1 && ops[0]) return yield* putOperation(ops[0]);
  yield* runRows('upsertOperationRows', ops.map(operationRow));
}

export function* getOperation(subscriptionId: string, id: string): Program<OperationRecord | undefined> {
  const row = yield* get('selectOperation', subKey(subscriptionId), id);
  return row && toOperation(row);
}

export function* pruneOperations(before: EpochMs): Program<number> {
  return yield* run('deleteOperationsBefore', before);
}
