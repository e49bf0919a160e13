// Request ids are cut from a pooled CSPRNG buffer (src/bootstrap/crypto-id-source.ts): still 32 lower-case
// hex, and distinct across pool refills.
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
