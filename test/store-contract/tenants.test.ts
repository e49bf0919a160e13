import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ManagementCertificate } from '../../src/domain/tenant.js';
import { rejectsConflict } from './assertions.js';
import { forEachBackend } from './backends.js';
import { SUB, SUB2, T0, subscription } from './fixtures.js';

const THUMB = 'A1B2C3D4E5F60718293A4B5C6D7E8F9012345678';
const cert = (over: Partial<ManagementCertificate> = {}): ManagementCertificate => ({
  thumbprint: THUMB,
  subject: 'CN=client',
  notBefore: T0,
  notAfter: T0 + 365 * 86_400_000,
  subscriptionIds: [SUB],
  addedAt: T0 + 5,
  ...over,
});

forEachBackend((_name, open) => {
  test('subscriptions: create, case-insensitive get, list by id, duplicate refused', async () => {
    const store = await open();
    await store.createSubscription(subscription({ id: SUB2, enabled: false }));
    await store.createSubscription(subscription({ id: SUB.toUpperCase() }));
    assert.deepEqual(await store.getSubscription(SUB.toUpperCase()), subscription());
    assert.deepEqual(await store.listSubscriptions(), [
      subscription(),
      subscription({ id: SUB2, enabled: false }),
    ]);
    await rejectsConflict(store.createSubscription(subscription({ registered: false })), 'exists');
    assert.deepEqual(await store.getSubscription(SUB), subscription());
    assert.equal(await store.getSubscription('00000000-0000-0000-0000-000000000000'), undefined);
  });

  test('subscriptions: update changes only the given flags; a missing one is a conflict', async () => {
    const store = await open();
    await store.createSubscription(subscription());
    await store.updateSubscription(SUB.toUpperCase(), { registered: false });
    assert.deepEqual(await store.getSubscription(SUB), subscription({ registered: false }));
    await store.updateSubscription(SUB, { enabled: false });
    assert.deepEqual(await store.getSubscription(SUB), subscription({ registered: false, enabled: false }));
    await store.updateSubscription(SUB, { enabled: true, registered: true });
    assert.deepEqual(await store.getSubscription(SUB), subscription());
    await rejectsConflict(store.updateSubscription(SUB2, { enabled: false }), 'missing');
  });

  test('certificates: add maps, re-add extends the mapping, remove unmaps then deletes', async () => {
    const store = await open();
    await store.createSubscription(subscription());
    await store.createSubscription(subscription({ id: SUB2 }));
    await store.addCertificate(cert({ thumbprint: THUMB.toLowerCase() }));
    assert.deepEqual(await store.findCertificate(THUMB.toLowerCase()), cert());

    await store.addCertificate(cert({ subscriptionIds: [SUB2, SUB] }));
    assert.deepEqual((await store.findCertificate(THUMB))?.subscriptionIds, [SUB, SUB2]);
    assert.deepEqual(await store.listCertificates(SUB2), [cert({ subscriptionIds: [SUB, SUB2] })]);

    assert.equal(await store.removeCertificate(THUMB, SUB), true);
    assert.equal(await store.removeCertificate(THUMB, SUB), false);
    assert.deepEqual((await store.findCertificate(THUMB))?.subscriptionIds, [SUB2]);
    assert.deepEqual(await store.listCertificates(SUB), []);
    assert.deepEqual(await store.listCertificates(SUB2), [cert({ subscriptionIds: [SUB2] })]);

    assert.equal(await store.removeCertificate(THUMB, SUB2), true);
    // Unmapped from everything, the certificate itself remains until removed entirely.
    assert.deepEqual(await store.listCertificates(), [cert({ subscriptionIds: [] })]);
    assert.equal(await store.removeCertificate(THUMB.toLowerCase()), true);
    assert.equal(await store.findCertificate(THUMB), undefined);
    assert.equal(await store.removeCertificate(THUMB), false);
  });

  test('certificates: list all is ordered by thumbprint; mapping to a missing subscription writes nothing', async () => {
    const store = await open();
    await store.createSubscription(subscription());
    const other = 'FFFF' + THUMB.slice(4);
    const first = '0000' + THUMB.slice(4);
    await store.addCertificate(cert({ thumbprint: other }));
    await store.addCertificate(cert({ thumbprint: first }));
    assert.deepEqual(
      (await store.listCertificates()).map((c) => c.thumbprint),
      [first, other],
    );
    await rejectsConflict(store.addCertificate(cert({ subscriptionIds: [SUB, SUB2] })), 'missing');
    assert.equal(await store.findCertificate(THUMB), undefined);
  });

  test('tokens: add, find by hash, list by creation, revoke once', async () => {
    const store = await open();
    await store.createSubscription(subscription());
    await store.createSubscription(subscription({ id: SUB2 }));
    const a = { id: 'tok-a', subscriptionId: SUB, hash: 'h'.repeat(64), label: 'ci', createdAt: T0 + 2 };
    const b = { id: 'tok-b', subscriptionId: SUB, hash: 'e'.repeat(64), createdAt: T0 + 1 };
    const c = { id: 'tok-c', subscriptionId: SUB2, hash: 'c'.repeat(64), createdAt: T0 };
    await store.addToken(a);
    await store.addToken(b);
    await store.addToken(c);
    assert.deepEqual(await store.findTokenByHash(a.hash), a);
    assert.equal(await store.findTokenByHash('0'.repeat(64)), undefined);
    assert.deepEqual(await store.listTokens(SUB.toUpperCase()), [b, a]);

    assert.equal(await store.revokeToken('tok-a', T0 + 100), true);
    assert.equal(await store.revokeToken('tok-a', T0 + 200), false);
    assert.equal(await store.revokeToken('nope', T0 + 200), false);
    assert.deepEqual(await store.findTokenByHash(a.hash), { ...a, revokedAt: T0 + 100 });
  });

  test('tokens: duplicate id or hash, or a missing subscription, is refused', async () => {
    const store = await open();
    await store.createSubscription(subscription());
    const a = { id: 'tok-a', subscriptionId: SUB, hash: 'h'.repeat(64), createdAt: T0 };
    await store.addToken(a);
    await rejectsConflict(store.addToken({ ...a, hash: 'x'.repeat(64) }), 'exists');
    await rejectsConflict(store.addToken({ ...a, id: 'tok-b' }), 'exists');
    await rejectsConflict(
      store.addToken({ ...a, id: 'tok-c', hash: 'y'.repeat(64), subscriptionId: SUB2 }),
      'missing',
    );
    assert.deepEqual(await store.listTokens(SUB), [a]);
  });

  test('credentials: certificate, token and subscription read at once, each as its own find answers', async () => {
    const store = await open();
    await store.createSubscription(subscription({ enabled: false }));
    await store.createSubscription(subscription({ id: SUB2 }));
    const mapped = cert({ subscriptionIds: [SUB2, SUB] });
    await store.addCertificate(mapped);
    const unmapped = cert({ thumbprint: 'B'.repeat(40), subscriptionIds: [SUB] });
    await store.addCertificate(unmapped);
    await store.removeCertificate(unmapped.thumbprint, SUB);
    const token = { id: 'tok-a', subscriptionId: SUB2, hash: 'h'.repeat(64), label: 'ci', createdAt: T0 + 2 };
    await store.addToken(token);
    await store.revokeToken(token.id, T0 + 3);
    const revoked = await store.findTokenByHash(token.hash);

    const all = { certificateThumbprint: THUMB, tokenHash: token.hash, subscriptionId: SUB.toUpperCase() };
    assert.deepEqual(await store.findCredentials(all), {
      certificate: { ...mapped, subscriptionIds: [SUB, SUB2] },
      token: revoked,
      subscription: subscription({ enabled: false }),
    });
    // Each part alone; unknown ones are absent; a certificate without mappings has none.
    assert.deepEqual(await store.findCredentials({ subscriptionId: SUB2 }), {
      subscription: subscription({ id: SUB2 }),
    });
    assert.deepEqual(await store.findCredentials({ tokenHash: token.hash }), { token: revoked });
    assert.deepEqual(await store.findCredentials({ certificateThumbprint: unmapped.thumbprint }), {
      certificate: await store.findCertificate(unmapped.thumbprint),
    });
    assert.deepEqual(
      await store.findCredentials({
        certificateThumbprint: 'C'.repeat(40),
        tokenHash: 'x',
        subscriptionId: SUB2,
      }),
      { subscription: subscription({ id: SUB2 }) },
    );
    assert.deepEqual(await store.findCredentials({}), {});
  });

  test('operations: put, overwrite, get per subscription, prune by age', async () => {
    const store = await open();
    const id = 'a'.repeat(32);
    const op = {
      id,
      subscriptionId: SUB,
      status: 'InProgress' as const,
      createdAt: T0,
      completesAt: T0 + 10,
    };
    await store.putOperation(op);
    assert.deepEqual(await store.getOperation(SUB.toUpperCase(), id), op);
    assert.equal(await store.getOperation(SUB2, id), undefined);

    const failed = {
      ...op,
      status: 'Failed' as const,
      httpStatusCode: 409,
      error: { code: 'Conflict', message: 'taken' },
    };
    await store.putOperation(failed);
    assert.deepEqual(await store.getOperation(SUB, id), failed);
    const done = { ...op, status: 'Succeeded' as const, httpStatusCode: 200 };
    await store.putOperation(done);
    assert.deepEqual(await store.getOperation(SUB, id), done);

    await store.putOperation({ ...op, id: 'b'.repeat(32), createdAt: T0 + 5 });
    await store.putOperation({ ...op, id: 'c'.repeat(32), subscriptionId: SUB2, createdAt: T0 + 6 });
    assert.equal(await store.pruneOperations(T0 + 6), 2);
    assert.equal(await store.getOperation(SUB, id), undefined);
    assert.ok(await store.getOperation(SUB2, 'c'.repeat(32)));
    assert.equal(await store.pruneOperations(T0 + 6), 0);
  });

  test('operations: records of one turn are stored together; one id twice keeps the later', async () => {
    const store = await open();
    const base = { subscriptionId: SUB, createdAt: T0, completesAt: T0 };
    const ops = [
      { ...base, id: '1'.repeat(32), status: 'Succeeded' as const, httpStatusCode: 200 },
      {
        ...base,
        id: '2'.repeat(32),
        status: 'Failed' as const,
        httpStatusCode: 409,
        error: { code: 'Conflict', message: "it's 'taken' \"twice\" — ünïcode" },
      },
      {
        ...base,
        id: '3'.repeat(32),
        subscriptionId: SUB2,
        status: 'InProgress' as const,
        completesAt: T0 + 9,
      },
    ];
    // One event-loop turn: one group commit (SqlStore.putOperation) of all of them.
    await Promise.all(ops.map((op) => store.putOperation(op)));
    for (const op of ops) assert.deepEqual(await store.getOperation(op.subscriptionId, op.id), op);

    const again = { ...base, id: '4'.repeat(32), status: 'InProgress' as const };
    const later = { ...again, status: 'Succeeded' as const, httpStatusCode: 200, completesAt: T0 + 1 };
    await Promise.all([store.putOperation(again), store.putOperation(later)]);
    assert.deepEqual(await store.getOperation(SUB, again.id), later);
  });
});
