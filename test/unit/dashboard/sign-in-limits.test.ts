// Dashboard sign-in limits on the injected clock: failed sign-ins are throttled per client address,
// sessions are capped (least recently used goes first) and expire actively through an unref'd
// sweeper timer, without anybody touching them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SessionStore } from '../../../src/dashboard/sessions.js';
import { SignInThrottle } from '../../../src/dashboard/sign-in-throttle.js';
import type { Clock, TimerHandle } from '../../../src/ports/clock.js';
import { ManualClock } from '../../support/manual-clock.js';

test('sign-in throttle: 10 failures at once per address, then the seconds to wait; successes do not count', () => {
  const clock = new ManualClock();
  const t = new SignInThrottle(() => clock.now());
  for (let i = 0; i < 10; i++) assert.equal(t.take('10.0.0.1'), 0, `attempt ${i + 1}`);
  assert.equal(t.take('10.0.0.1'), 6, 'one attempt comes back every 6 s');
  assert.equal(t.take('10.0.0.2'), 0, 'another address has its own bucket');
  clock.advance(5_000);
  assert.equal(t.take('10.0.0.1'), 1);
  clock.advance(1_000);
  assert.equal(t.take('10.0.0.1'), 0);
  // A success gives its attempt back: a user who signs in again and again is never throttled.
  for (let i = 0; i < 50; i++) {
    assert.equal(t.take('10.0.0.3'), 0);
    t.refund('10.0.0.3');
  }
});

test('sign-in throttle: the address map is bounded and swept', () => {
  const clock = new ManualClock();
  const t = new SignInThrottle(() => clock.now(), { maxAddresses: 3 });
  for (const a of ['a', 'b', 'c', 'd']) t.take(a);
  assert.equal(t.size, 3);
  clock.advance(60_000);
  t.sweep();
  assert.equal(t.size, 0, 'full buckets are forgotten');
});

/** A clock that records whether its timers were unref'd. */
function recordingClock(inner: ManualClock): Clock & { unrefd: number; armed: number } {
  const c = {
    unrefd: 0,
    armed: 0,
    now: () => inner.now(),
    setTimer(at: number, fn: () => void): TimerHandle {
      c.armed++;
      const h = inner.setTimer(at, fn);
      return { cancel: () => h.cancel(), unref: () => void c.unrefd++ };
    },
  };
  return c;
}

test('sessions: capped, the least recently used session goes first', () => {
  const clock = new ManualClock();
  const store = new SessionStore(clock, { maxSessions: 3 });
  const a = store.create('sub', 't');
  const b = store.create('sub', 't');
  const c = store.create('sub', 't');
  clock.advance(1_000);
  assert.ok(store.get(a.id), 'a is used, so b is now the least recent');
  const d = store.create('sub', 't');
  assert.equal(store.size, 3);
  assert.equal(store.get(b.id), undefined);
  for (const s of [a, c, d]) assert.ok(store.get(s.id));
  store.stop();
});

test("sessions: idle ones are removed by the sweeper on the injected clock, whose timer is unref'd", () => {
  const manual = new ManualClock();
  const clock = recordingClock(manual);
  const onSweep: number[] = [];
  const store = new SessionStore(clock, { onSweep: () => onSweep.push(manual.now()) });
  assert.equal(clock.unrefd, 1, 'the sweeper timer never keeps the process alive');
  const idle = store.create('sub', 't');
  const busy = store.create('sub', 't');
  for (let h = 0; h < 8; h++) {
    manual.advance(3_600_000);
    assert.ok(store.get(busy.id));
  }
  assert.equal(store.size, 2, 'not yet idle for more than 8 h');
  manual.advance(6 * 60_000);
  assert.equal(store.size, 1, 'the idle session went without being asked for');
  assert.ok(store.get(busy.id));
  assert.equal(idle.id === busy.id, false);
  assert.ok(onSweep.length >= 96, 'the throttle is swept with the sessions');
  assert.equal(clock.unrefd, clock.armed);
  store.stop();
  const armed = clock.armed;
  manual.advance(3_600_000);
  assert.equal(clock.armed, armed, 'a stopped store arms no timer');
});
