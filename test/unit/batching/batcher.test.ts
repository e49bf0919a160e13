import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Batcher, type BatchTimers } from '../../../src/batching/batcher.js';
import { ManualClock } from '../../support/manual-clock.js';

/** Timers driven by hand: `after` on a ManualClock, event-loop turns run by `runTurns()`. */
class ManualTimers implements BatchTimers {
  readonly clock = new ManualClock(0);
  private turns: (() => void)[] = [];
  turn(fn: () => void): void {
    this.turns.push(fn);
  }
  after(ms: number, fn: () => void): () => void {
    const h = this.clock.setTimer(this.clock.now() + ms, fn);
    return () => h.cancel();
  }
  runTurns(): void {
    for (const f of this.turns.splice(0)) f();
  }
  get queuedTurns(): number {
    return this.turns.length;
  }
}

/** A write that records its batches and settles only when told. */
function gatedWriter(): {
  batches: number[][];
  release: (fail?: Error) => Promise<void>;
  write: (items: readonly number[]) => Promise<readonly string[]>;
} {
  const batches: number[][] = [];
  const gates: { resolve: () => void; reject: (e: Error) => void }[] = [];
  return {
    batches,
    write: (items) => {
      batches.push([...items]);
      return new Promise<readonly string[]>((resolve, reject) => {
        gates.push({ resolve: () => resolve(items.map((i) => `r${i}`)), reject });
      });
    },
    release: async (fail) => {
      const g = gates.shift();
      assert.ok(g, 'a write is in progress');
      if (fail) g.reject(fail);
      else g.resolve();
      // Let the batcher's continuation run.
      await new Promise((r) => setImmediate(r));
    },
  };
}

test('items of one turn go in one write; each add settles with its own result', async () => {
  const t = new ManualTimers();
  const w = gatedWriter();
  const b = new Batcher<number, string>({ write: w.write, maxItems: 10, timers: t });
  const p = [b.add(1), b.add(2), b.add(3)];
  assert.deepEqual(w.batches, [], 'nothing is written before the turn ends');
  t.runTurns();
  assert.deepEqual(w.batches, [[1, 2, 3]]);
  await w.release();
  assert.deepEqual(await Promise.all(p), ['r1', 'r2', 'r3']);
});

test('group commit: items added while a batch is written go together in the next, at most maxItems each', async () => {
  const t = new ManualTimers();
  const w = gatedWriter();
  const b = new Batcher<number, string>({ write: w.write, maxItems: 2, timers: t });
  void b.add(1);
  t.runTurns();
  const later = [b.add(2), b.add(3), b.add(4)];
  t.runTurns();
  assert.deepEqual(w.batches, [[1]], 'one write at a time');
  assert.equal(b.pending, 3);
  await w.release();
  t.runTurns();
  assert.deepEqual(w.batches, [[1], [2, 3]]);
  await w.release();
  t.runTurns();
  assert.deepEqual(w.batches, [[1], [2, 3], [4]]);
  await w.release();
  assert.deepEqual(await Promise.all(later), ['r2', 'r3', 'r4']);
});

test('time bound: a lingering batch waits lingerMs, or until it is full, or until flushed', async () => {
  const t = new ManualTimers();
  const w = gatedWriter();
  const b = new Batcher<number, string>({ write: w.write, maxItems: 3, lingerMs: () => 5, timers: t });
  void b.add(1);
  t.runTurns();
  t.clock.advance(4);
  assert.deepEqual(w.batches, [], 'still lingering at 4 ms');
  t.clock.advance(1);
  assert.deepEqual(w.batches, [[1]], 'written at 5 ms');
  await w.release();

  void b.add(2);
  void b.add(3);
  assert.deepEqual(w.batches, [[1]]);
  void b.add(4);
  assert.deepEqual(w.batches, [[1], [2, 3, 4]], 'full: written at once');
  await w.release();

  void b.add(5);
  b.flush();
  assert.deepEqual(w.batches, [[1], [2, 3, 4], [5]], 'flushed on demand');
  assert.equal(t.clock.pendingTimers(), 0, 'the linger timer was cancelled');
  await w.release();
});

test('a failed batch is written again after retryMs with the same items; drain waits for writes', async () => {
  const t = new ManualTimers();
  const w = gatedWriter();
  const errors: number[] = [];
  const b = new Batcher<number, string>({
    write: w.write,
    maxItems: 10,
    retryMs: 1_000,
    timers: t,
    onWriteError: (_e, n) => errors.push(n),
  });
  const p = b.add(1);
  t.runTurns();
  await w.release(new Error('database is locked'));
  assert.deepEqual(errors, [1]);
  void b.add(2);
  t.runTurns();
  assert.equal(w.batches.length, 1, 'no write before the retry time');
  t.clock.advance(1_000);
  t.runTurns();
  assert.deepEqual(w.batches, [[1], [1, 2]]);
  const drained = b.drain();
  await w.release();
  await drained;
  assert.equal(await p, 'r1');
});

test('without retryMs a failed batch rejects each of its items', async () => {
  const t = new ManualTimers();
  const w = gatedWriter();
  const b = new Batcher<number, string>({ write: w.write, maxItems: 10, timers: t });
  const p = Promise.allSettled([b.add(1), b.add(2)]);
  t.runTurns();
  await w.release(new Error('boom'));
  const settled = await p;
  assert.deepEqual(
    settled.map((s) => (s.status === 'rejected' ? (s.reason as Error).message : s.status)),
    ['boom', 'boom'],
  );
});

test('back-pressure: room() waits while maxPending items are queued, and resolves once a batch takes them', async () => {
  const t = new ManualTimers();
  const w = gatedWriter();
  const b = new Batcher<number, string>({ write: w.write, maxItems: 2, maxPending: 2, timers: t });
  void b.add(1);
  void b.add(2);
  let roomy = false;
  void b.room().then(() => (roomy = true));
  await new Promise((r) => setImmediate(r));
  assert.equal(roomy, false);
  t.runTurns();
  await new Promise((r) => setImmediate(r));
  assert.equal(roomy, true);
  await w.release();
});

test('concurrency lets several batches be written at once', async () => {
  const t = new ManualTimers();
  const w = gatedWriter();
  const b = new Batcher<number, string>({ write: w.write, maxItems: 1, concurrency: 2, timers: t });
  void b.add(1);
  void b.add(2);
  void b.add(3);
  t.runTurns();
  assert.deepEqual(w.batches, [[1], [2]]);
  await w.release();
  t.runTurns();
  assert.deepEqual(w.batches, [[1], [2], [3]]);
  await w.release();
  await w.release();
  await b.drain();
  assert.equal(t.queuedTurns, 0);
});

test('with writeOne a failed batch is split: one bad item fails alone', async () => {
  const t = new ManualTimers();
  const b = new Batcher<number, string>({
    write: () => Promise.reject(new Error('batch failed')),
    writeOne: (i) => (i === 2 ? Promise.reject(new Error(`item ${i} is bad`)) : Promise.resolve(`one${i}`)),
    maxItems: 10,
    timers: t,
  });
  const p = Promise.allSettled([b.add(1), b.add(2), b.add(3)]);
  t.runTurns();
  const settled = await p;
  assert.deepEqual(
    settled.map((s) => (s.status === 'rejected' ? (s.reason as Error).message : s.value)),
    ['one1', 'item 2 is bad', 'one3'],
  );
});
