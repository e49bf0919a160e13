import { POSTGRES_ONLY, params, recordset, type BatchRow } from './engine-bulk.js';

/** An operation record as a group commit writes it (verbs/tenant-verbs.ts putOperations). */
export const OPERATION_ROW = {
  subscription_id: 'text',
  id: 'text',
  status: 'text',
  http_status_code: 'bigint',
  error_code: 'text',
  error_message: 'text',
  created_at: 'bigint',
  completes_at: 'bigint',
} as const;
export type OperationRow = BatchRow<typeof OPERATION_ROW>;
const OPERATION_COLUMNS = Object.keys(OPERATION_ROW).join(', ');
const ON_OPERATION = `ON CONFLICT (subscription_id, id) DO UPDATE SET status = excluded.status,
    http_status_code = excluded.http_status_code, error_code = excluded.error_code,
    error_message = excluded.error_message, created_at = excluded.created_at, completes_at = excluded.completes_at`;

/** Typed NULL columns, so the branches of a UNION agree on every column's type. */
const nulls = (columns: Readonly<Record<string, string>>): string =>
  Object.entries(columns)
    .map(([name, type]) => `CAST(NULL AS ${type}) AS ${name}`)
    .join(', ');

/**
 * Subscriptions, management certificates and API tokens. SQL common to both dialects: `$n`
 * placeholders (SQLite binds them as named parameters), no dialect-specific functions.
 */
export const TENANT_QUERIES = {
  insertSubscription: `INSERT INTO subscriptions (id, enabled, registered, created_at) VALUES ($1, $2, $3, $4)`,
  selectSubscription: `SELECT id, enabled, registered, created_at FROM subscriptions WHERE id = $1`,
  selectSubscriptions: `SELECT id, enabled, registered, created_at FROM subscriptions ORDER BY id`,
  selectOldestSubscription: `SELECT id, enabled, registered, created_at FROM subscriptions ORDER BY created_at, id LIMIT 1`,
  /**
   * Taken before first start looks for the oldest subscription, so that nodes starting together
   * make one: SQLite's write transaction (BEGIN IMMEDIATE) already serializes; PostgreSQL takes a
   * transaction-scoped advisory lock (TENANT_POSTGRES_QUERIES).
   */
  lockFirstSubscription: `SELECT 1 AS locked`,
  updateSubscription: `UPDATE subscriptions SET enabled = COALESCE($2, enabled), registered = COALESCE($3, registered)
    WHERE id = $1`,

  insertCertificate: `INSERT INTO certificates (thumbprint, subject, not_before, not_after, added_at)
    VALUES ($1, $2, $3, $4, $5) ON CONFLICT (thumbprint) DO NOTHING`,
  insertCertificateMapping: `INSERT INTO certificate_subscriptions (thumbprint, subscription_id) VALUES ($1, $2)
    ON CONFLICT (thumbprint, subscription_id) DO NOTHING`,
  deleteCertificateMapping: `DELETE FROM certificate_subscriptions WHERE thumbprint = $1 AND subscription_id = $2`,
  deleteCertificate: `DELETE FROM certificates WHERE thumbprint = $1`,
  /** One row per (certificate, mapped subscription); a certificate without mappings has a null id. */
  selectCertificate: `SELECT c.thumbprint, c.subject, c.not_before, c.not_after, c.added_at, m.subscription_id
    FROM certificates c LEFT JOIN certificate_subscriptions m ON m.thumbprint = c.thumbprint
    WHERE c.thumbprint = $1 ORDER BY m.subscription_id`,
  selectCertificates: `SELECT c.thumbprint, c.subject, c.not_before, c.not_after, c.added_at, m.subscription_id
    FROM certificates c LEFT JOIN certificate_subscriptions m ON m.thumbprint = c.thumbprint
    WHERE CAST($1 AS TEXT) IS NULL
       OR c.thumbprint IN (SELECT thumbprint FROM certificate_subscriptions WHERE subscription_id = $1)
    ORDER BY c.thumbprint, m.subscription_id`,

  /** PostgreSQL only (TENANT_POSTGRES_QUERIES); SQLite reads the three from its cache. */
  selectCredentials: POSTGRES_ONLY,
  insertToken: `INSERT INTO api_tokens (id, subscription_id, hash, label, created_at, revoked_at)
    VALUES ($1, $2, $3, $4, $5, $6)`,
  selectTokenById: `SELECT id FROM api_tokens WHERE id = $1 OR hash = $2`,
  selectTokenByHash: `SELECT id, subscription_id, hash, label, created_at, revoked_at FROM api_tokens WHERE hash = $1`,
  selectTokens: `SELECT id, subscription_id, hash, label, created_at, revoked_at FROM api_tokens
    WHERE subscription_id = $1 ORDER BY created_at, id`,
  revokeToken: `UPDATE api_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL`,

  upsertOperation: `INSERT INTO operations (${OPERATION_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ${ON_OPERATION}`,
  /** Per row on SQLite (`runRows`); one set-based statement on PostgreSQL (TENANT_POSTGRES_QUERIES). */
  upsertOperationRows: `INSERT INTO operations (${OPERATION_COLUMNS}) VALUES (${params(OPERATION_ROW)}) ${ON_OPERATION}`,
  selectOperation: `SELECT subscription_id, id, status, http_status_code, error_code, error_message, created_at, completes_at
    FROM operations WHERE subscription_id = $1 AND id = $2`,
  deleteOperationsBefore: `DELETE FROM operations WHERE created_at < $1`,
} as const;

/** PostgreSQL's forms: one statement where SQLite runs several in-process. */
export const TENANT_POSTGRES_QUERIES = {
  lockFirstSubscription: `SELECT pg_advisory_xact_lock(hashtext('takt.first-subscription')) IS NULL AS locked`,
  /**
   * A certificate (one row per mapping), a token and a subscription, told apart by `kind`; each
   * branch has the columns of its own select (selectCertificate, selectTokenByHash,
   * selectSubscription), the others NULL. A NULL parameter reads nothing of its kind.
   */
  selectCredentials: `SELECT * FROM (SELECT 'c' AS kind, c.thumbprint, c.subject, c.not_before, c.not_after, c.added_at,
      m.subscription_id, ${nulls({ id: 'TEXT', hash: 'TEXT', label: 'TEXT', created_at: 'BIGINT', revoked_at: 'BIGINT', enabled: 'BOOLEAN', registered: 'BOOLEAN' })}
    FROM certificates c LEFT JOIN certificate_subscriptions m ON m.thumbprint = c.thumbprint WHERE c.thumbprint = $1
    UNION ALL SELECT 't', ${nulls({ thumbprint: 'TEXT', subject: 'TEXT', not_before: 'BIGINT', not_after: 'BIGINT', added_at: 'BIGINT' })},
      subscription_id, id, hash, label, created_at, revoked_at, ${nulls({ enabled: 'BOOLEAN', registered: 'BOOLEAN' })}
    FROM api_tokens WHERE hash = $2
    UNION ALL SELECT 's', ${nulls({ thumbprint: 'TEXT', subject: 'TEXT', not_before: 'BIGINT', not_after: 'BIGINT', added_at: 'BIGINT', subscription_id: 'TEXT' })},
      id, ${nulls({ hash: 'TEXT', label: 'TEXT' })}, created_at, ${nulls({ revoked_at: 'BIGINT' })}, enabled, registered
    FROM subscriptions WHERE id = $3) x
    ORDER BY kind, subscription_id COLLATE "C"`,
  /**
   * A group commit's operation records as ONE statement over a JSON batch: one round trip whatever
   * its size. Two records with one id in a batch fail it (ON CONFLICT cannot update a row twice);
   * the batcher then writes them one by one (SqlStore.putOperation).
   */
  upsertOperationRows: `INSERT INTO operations (${OPERATION_COLUMNS}) ${recordset(OPERATION_ROW)} ${ON_OPERATION}`,
} as const;
