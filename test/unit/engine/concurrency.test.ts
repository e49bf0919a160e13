import assert from 'node:assert/strict';
import { test } from 'node:test';
import { httpDef, openBench, T0 } from './harness.js';

const D = T0 + 60_000;

// Regression: with every slot held and more work due, the claim loop used to re-arm, which claimed
// again at once without awaiting anything — a synchronous recursion that overflowed the stack and
// left the engine stuck after its first `maxConcurrentAttempts` attempts (found by bench/engine.bench.ts).
test('more due occurrences than maxConcurrentAttempts: all run, never more than that at once', async () => {
  const b = await openBench();
  try {
    const jobs = 23;
    for (let i = 0; i < jobs; i++) await b.putJob(`j${i}`, httpDef());
    let running = 0;
    let peak = 0;
    b.executor.respond = async () => {
      running++;
      peak = Math.max(peak, running);
      // Let the engine try to claim more while these attempts are still held.
      await new Promise((r) => setImmediate(r));
      running--;
      return { ok: true };
    };
    b.engine({ maxConcurrentAttempts: 4, batchSize: 3 }).start();
    await b.advance(60_000);
    assert.equal(b.executor.calls.length, jobs);
    assert.equal(new Set(b.executor.calls.map((c) => c.ctx.job.jobId)).size, jobs);
    assert.ok(b.executor.calls.every((c) => c.at === D));
    assert.ok(peak <= 4, `at most 4 attempts at once, saw ${peak}`);
  } finally {
    await b.close();
  }
});
