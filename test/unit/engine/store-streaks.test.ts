// A store that answers reads but refuses writes (SQLite on a full disk): the engine logs the claims'
// failure once while it lasts, not once per poll — a successful poll read no longer ends the writes'
// streak — and once when writes are taken again (docs/operations.md, "Monitoring").
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Engine } from '../../../src/engine/engine.js';
import { StoreUnavailable, type Store } from '../../../src/ports/store.js';
import { logRecorder, type LogLine } from '../../support/log-recorder.js';
import { httpDef, openBench, secrets, T0, type Bench } from './harness.js';

const count = (lines: readonly LogLine[], msg: string): number => lines.filter((l) => l.msg === msg).length;
const CLOSED = 'database "takt" is not currently accepting connections';

/** The bench's store, whose `verbs` reject as unavailable with `message` while `down()` holds. */
function failingStore(b: Bench, verbs: readonly string[], message: string, down: () => boolean): Store {
  return new Proxy(b.store, {
    get(target, prop, receiver): unknown {
      if (down() && typeof prop === 'string' && verbs.includes(prop)) {
        return () => Promise.reject(new StoreUnavailable(message));
      }
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** An engine on `store` whose log lines are recorded. */
function loggedEngine(b: Bench, store: Store, nodeId: string): { engine: Engine; lines: LogLine[] } {
  const { logger, lines } = logRecorder();
  const engine = new Engine(
    { store, clock: b.clock, executor: b.executor, secrets, ids: b.ids, logger },
    { nodeId, pollMs: 1_000 },
  );
  return { engine, lines };
}

test('reads answer, writes fail: one warning for the claims, one line when writes are taken again', async () => {
  const b = await openBench();
  let full = true;
  const { engine, lines } = loggedEngine(
    b,
    failingStore(b, ['claimDue', 'recordOutcomes'], 'database or disk is full', () => full),
    'streaks',
  );
  try {
    await b.putJob('a', httpDef({ startTime: { ms: T0 + 1_000, ticks: 0 } }));
    engine.start();
    await engine.settled();
    // Ten polls, each reading the due time (which succeeds) and claiming it (which fails).
    for (let i = 1; i <= 10; i++) {
      b.clock.setTo(T0 + i * 1_000);
      await engine.settled();
    }
    assert.equal(
      count(lines, 'engine: claiming failed; retrying at the next poll'),
      1,
      JSON.stringify(lines),
    );
    assert.equal(count(lines, 'engine: the store answers again'), 0);
    const claimLine = lines.find((l) => l.msg.startsWith('engine: claiming failed'))!;
    assert.equal(claimLine.level, 'warn');
    assert.equal(claimLine.fields['err'], 'database or disk is full');

    full = false;
    b.clock.setTo(T0 + 11_000);
    await engine.settled();
    assert.equal(count(lines, 'engine: the store takes writes again'), 1);
    assert.equal(b.executor.calls.length, 1, 'the job ran once the store took writes');
  } finally {
    await engine.stop();
    await b.close();
  }
});

// A store outage while the leases are released (a stop during a PostgreSQL outage) is logged like every
// outage line: a warning with the database's message, no stack (docs/operations.md, "Monitoring").
test('releasing leases during an outage: a warning with the message, not the error with its stack', async () => {
  const b = await openBench();
  let down = false;
  const { engine, lines } = loggedEngine(
    b,
    failingStore(b, ['releaseLeases'], CLOSED, () => down),
    'release',
  );
  try {
    engine.start();
    await engine.settled();
    down = true;
    await engine.stop();
    const line = lines.find((l) => l.msg === 'engine: releasing leases failed; they will expire');
    assert.ok(line, JSON.stringify(lines));
    assert.equal(line.level, 'warn');
    assert.equal(line.fields['err'], CLOSED);
  } finally {
    await engine.stop();
    await b.close();
  }
});

test(
  'stopping while the store refuses outcomes: one warning that those attempts will run again',
  { timeout: 30_000 },
  async () => {
    const b = await openBench();
    let down = false;
    const { engine, lines } = loggedEngine(
      b,
      failingStore(b, ['recordOutcomes', 'releaseLeases'], CLOSED, () => down),
      'unwritten',
    );
    try {
      await b.putJob('a', httpDef({ startTime: { ms: T0 + 1_000, ticks: 0 } }));
      engine.start();
      await engine.settled();
      down = true;
      b.clock.setTo(T0 + 1_000);
      await b.executor.waitForCalls(1);
      // The attempt ended; its outcome waits for the store's retry. Stop: the grace runs out on this clock.
      const stopping = engine.stop();
      for (let i = 0; i < 50 && lines.every((l) => !l.msg.startsWith('engine: stopping with')); i++) {
        await new Promise((resolve) => setImmediate(resolve));
        b.clock.setTo(b.clock.now() + 1_000);
      }
      await stopping;
      const msg =
        'engine: stopping with outcomes the store did not take; those attempts will run again once their leases expire';
      const line = lines.find((l) => l.msg === msg);
      assert.ok(line, JSON.stringify(lines.map((l) => l.msg)));
      assert.equal(line.level, 'warn');
      assert.equal(line.fields['outcomes'], 1);
    } finally {
      await engine.stop();
      await b.close();
    }
  },
);
