// The connection caps' bookkeeping: the per-address cap before the total, a reserve beyond the cap,
// release frees both counts, and IPv6 clients are counted by /64.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addressKey } from '../../../src/api/listener/address-key.js';
import { ConnectionLedger } from '../../../src/api/listener/connection-ledger.js';

test('serve up to the cap, then the reserve, then refuse; per address first', () => {
  const l = new ConnectionLedger({ maxConnections: 3, maxPerAddress: 2, reserve: 1 });
  assert.equal(l.admit('10.0.0.1'), 'serve');
  assert.equal(l.admit('10.0.0.1'), 'serve');
  assert.equal(l.admit('10.0.0.1'), 'perAddress');
  assert.equal(l.admit('10.0.0.2'), 'serve');
  assert.equal(l.admit('10.0.0.3'), 'reserve');
  assert.equal(l.admit('10.0.0.4'), 'limit');
  assert.equal(l.open, 4);
  l.release('10.0.0.1');
  assert.equal(l.open, 3);
  // A slot of 10.0.0.1 is free again, but the listener is still at its cap: reserve.
  assert.equal(l.admit('10.0.0.1'), 'reserve');
  l.release('10.0.0.2');
  l.release('10.0.0.3');
  assert.equal(l.admit('10.0.0.5'), 'serve');
});

test('release never goes below zero and forgets empty addresses', () => {
  const l = new ConnectionLedger({ maxConnections: 1, maxPerAddress: 1, reserve: 0 });
  l.release('10.0.0.9');
  assert.equal(l.open, 0);
  assert.equal(l.admit('10.0.0.9'), 'serve');
  assert.equal(l.admit('10.0.0.8'), 'limit');
});

test('addressKey: IPv4 as is, IPv4-mapped as IPv4, IPv6 by /64 prefix', () => {
  assert.equal(addressKey('192.0.2.7'), '192.0.2.7');
  assert.equal(addressKey('::ffff:192.0.2.7'), '192.0.2.7');
  assert.equal(addressKey('2001:db8:1:2:aaaa::1'), '2001:db8:1:2::/64');
  assert.equal(addressKey('2001:db8:1:2:bbbb:cccc:dddd:eeee'), '2001:db8:1:2::/64');
  assert.equal(addressKey('2001:db8::1'), '2001:db8:0:0::/64');
  assert.equal(addressKey('::1'), '0:0:0:0::/64');
  assert.equal(addressKey('fe80::1%eth0'), 'fe80:0:0:0::/64');
  assert.equal(addressKey('2001:0DB8:0001:0002::'), '2001:db8:1:2::/64');
  assert.equal(addressKey(undefined), 'unknown');
});
