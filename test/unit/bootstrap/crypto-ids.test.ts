// Ids are cut from a pooled CSPRNG buffer (src/bootstrap/crypto-id-source.ts): still 32 lower-case
// hex, and distinct across pool refills. Request ids are time-ordered (12 hex digits of ms first).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CryptoIdSource } from '../../../src/bootstrap/crypto-id-source.js';

test('hex32 gives 32 lower-case hex characters, all distinct across several pool refills', () => {
  const ids = new CryptoIdSource();
  const seen = new Set<string>();
  for (let i = 0; i < 1000; i++) {
    const id = ids.hex32();
    assert.match(id, /^[0-9a-f]{32}$/);
    seen.add(id);
  }
  assert.equal(seen.size, 1000);
});

test('two sources do not share a pool', () => {
  const a = new CryptoIdSource();
  const b = new CryptoIdSource();
  assert.notEqual(a.hex32(), b.hex32());
});

test('guid is a version-4 GUID', () => {
  assert.match(
    new CryptoIdSource().guid(),
    /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
  );
});

test('requestId: 32 lower-case hex, the time in ms first, distinct within one millisecond', () => {
  const ids = new CryptoIdSource();
  const now = Date.parse('2026-12-04T21:30:00.123Z');
  const seen = new Set<string>();
  for (let i = 0; i < 1000; i++) {
    const id = ids.requestId(now);
    assert.match(id, /^[0-9a-f]{32}$/);
    assert.equal(parseInt(id.slice(0, 12), 16), now);
    seen.add(id);
  }
  assert.equal(seen.size, 1000);
});

test('requestId sorts by time, so operation records are inserted at the end of their key index', () => {
  const ids = new CryptoIdSource();
  const t = Date.parse('2026-12-04T21:30:00Z');
  const made = [t + 1000, t, t + 1, t + 999].map((ms) => ids.requestId(ms));
  assert.deepEqual([...made].sort(), [made[1], made[2], made[3], made[0]]);
  // Out-of-range clocks stay within 12 digits instead of widening the id.
  assert.match(ids.requestId(-5), /^0{12}[0-9a-f]{20}$/);
  assert.match(ids.requestId(2 ** 60), /^f{12}[0-9a-f]{20}$/);
});
