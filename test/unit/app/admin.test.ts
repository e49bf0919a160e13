// The administration use cases (app/admin/) on a real SQLite store: subscriptions, management
// certificates and API tokens, and the one credentials module they share with the API.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { addCertificate, listCertificates, removeCertificate } from '../../../src/app/admin/certificates.js';
import { certificateFacts, hashToken } from '../../../src/app/admin/credentials.js';
import type { AdminDeps } from '../../../src/app/admin/admin-deps.js';
import {
  createSubscription,
  defaultSubscription,
  listSubscriptions,
  setSubscriptionEnabled,
} from '../../../src/app/admin/subscriptions.js';
import { issueToken, listTokens, revokeToken } from '../../../src/app/admin/tokens.js';
import { CryptoIdSource } from '../../../src/bootstrap/crypto-id-source.js';
import { createCa, issueClientCert } from '../../../src/bootstrap/first-start/pki.js';
import { isDomainError } from '../../../src/domain/errors.js';
import { openSqliteStore } from '../../../src/store/open-store.js';
import { ManualClock } from '../../support/manual-clock.js';

const dir = mkdtempSync(join(tmpdir(), 'takt-admin-'));
let deps: AdminDeps;
let close: () => Promise<void>;

before(async () => {
  const store = await openSqliteStore({ path: join(dir, 'takt.db') });
  deps = { store, clock: new ManualClock('2026-06-01T00:00:00Z'), ids: new CryptoIdSource() };
  close = () => store.close();
});
after(async () => {
  await close();
  rmSync(dir, { recursive: true, force: true });
});

const rejectsWith = (code: string, message: RegExp) => (e: unknown) =>
  isDomainError(e) && e.code === code && message.test(e.message);

describe('subscriptions', () => {
  test('the first default subscription is created once, then reused', async () => {
    const first = await defaultSubscription(deps);
    assert.equal(first.created, true);
    assert.equal(first.subscription.registered, true);
    const again = await defaultSubscription(deps);
    assert.deepEqual(again, { subscription: first.subscription, created: false });
  });

  test('create with a chosen id; a taken id is a conflict naming it', async () => {
    const id = '0a1b2c3d-0000-4000-8000-00000000000a';
    const sub = await createSubscription(deps, id);
    assert.equal(sub.id, id);
    assert.equal(sub.createdAt, Date.parse('2026-06-01T00:00:00Z'));
    await assert.rejects(
      createSubscription(deps, id),
      rejectsWith('ConflictError', new RegExp(`${id} already exists`)),
    );
    assert.ok((await listSubscriptions(deps)).some((s) => s.id === id));
  });

  test('disable and enable; an unknown subscription is not found', async () => {
    const id = '0a1b2c3d-0000-4000-8000-00000000000a';
    await setSubscriptionEnabled(deps, id, false);
    assert.equal((await deps.store.getSubscription(id))?.enabled, false);
    await setSubscriptionEnabled(deps, id, true);
    assert.equal((await deps.store.getSubscription(id))?.enabled, true);
    await assert.rejects(
      setSubscriptionEnabled(deps, '0a1b2c3d-0000-4000-8000-0000000000ff', false),
      rejectsWith('ResourceNotFound', /no subscription 0a1b2c3d-0000-4000-8000-0000000000ff/),
    );
  });
});

describe('tokens', () => {
  const sub = '0a1b2c3d-0000-4000-8000-00000000000a';

  test('issued once, stored as its SHA-256 only, revoked once', async () => {
    const issued = await issueToken(deps, sub, 'ci');
    assert.match(issued.token, /^takt_[A-Za-z0-9_-]{43}$/);
    const stored = await deps.store.findTokenByHash(hashToken(issued.token));
    assert.equal(stored?.id, issued.id);
    assert.equal(stored?.label, 'ci');
    assert.equal(await deps.store.findTokenByHash(issued.token), undefined);
    assert.ok((await listTokens(deps)).some((t) => t.id === issued.id));
    assert.deepEqual(
      (await listTokens(deps, sub)).map((t) => t.id),
      [issued.id],
    );
    await revokeToken(deps, issued.id);
    await assert.rejects(revokeToken(deps, issued.id), rejectsWith('ResourceNotFound', /no active token/));
  });

  test('a token for an unknown subscription is refused and nothing is stored', async () => {
    const before = (await listTokens(deps)).length;
    await assert.rejects(
      issueToken(deps, '0a1b2c3d-0000-4000-8000-0000000000ff'),
      rejectsWith('ResourceNotFound', /no subscription/),
    );
    assert.equal((await listTokens(deps)).length, before);
  });
});

describe('certificates', () => {
  const sub = '0a1b2c3d-0000-4000-8000-00000000000a';

  test('add, list, remove; facts are the certificate own', async () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    const client = await issueClientCert(await createCa(now), now, 'Build Agent');
    const facts = certificateFacts(Buffer.from(client.certPem));
    assert.match(facts.thumbprint, /^[0-9A-F]{40}$/);
    assert.match(facts.subject, /CN=Build Agent/);
    const added = await addCertificate(deps, sub, facts);
    assert.deepEqual(added.subscriptionIds, [sub]);
    assert.equal((await listCertificates(deps, sub))[0]?.thumbprint, facts.thumbprint);
    await removeCertificate(deps, facts.thumbprint);
    assert.deepEqual(await listCertificates(deps, sub), []);
    await assert.rejects(
      removeCertificate(deps, facts.thumbprint),
      rejectsWith('ResourceNotFound', new RegExp(`no certificate ${facts.thumbprint}`)),
    );
    await assert.rejects(
      addCertificate(deps, '0a1b2c3d-0000-4000-8000-0000000000ff', facts),
      rejectsWith('ResourceNotFound', /no subscription/),
    );
  });
});
