// Due runs take at most half of a claim while due jobs wait (docs/engine.md, "Fairness"): a storm of
// redeliveries (here: a node that died holding 40 attempts) must not hold back a job that falls due
// meanwhile, and due runs are shared per collection: another collection's redelivery due during the
// storm runs at its due time too. On SQLite and PostgreSQL (engine-postgres.test.ts runs this folder
// on both).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_CATCH_UP, planOccurrence } from '../../../src/domain/occurrence.js';
import type { ClaimedRun } from '../../../src/domain/occurrence-outcome.js';
import { deferred, httpDef, openBench, ref, T0, until } from './harness.js';

const D = T0 + 60_000;

type Bench = Awaited<ReturnType<typeof openBench>>;

const planner =
  (b: Bench) =>
  (j: Parameters<typeof planOccurrence>[0], now: number): ReturnType<typeof planOccurrence> =>
    planOccurrence(j, now, DEFAULT_CATCH_UP, b.ids.hex32());

/** 40 jobs of `jobs` that a node claims at D and dies with: their leases expire at D + 1 s. */
async function stormOfRedeliveries(b: Bench): Promise<ClaimedRun[]> {
  for (let i = 0; i < 40; i++) await b.putJob(`r${i}`, httpDef({}, `http://storm${i}.example/`));
  const dead = await b.store.claimDue(D, 40, { owner: 'dead', until: D + 1_000 }, planner(b), () =>
    b.ids.hex32(),
  );
  assert.equal(dead.length, 40);
  return dead;
}

test('a job due during a storm of redeliveries runs at its due time: the runs take half the claim, the job the rest', async () => {
  const b = await openBench();
  const slow = deferred<{ ok: boolean }>();
  try {
    const dead = await stormOfRedeliveries(b);
    await b.putJob('s', httpDef({ startTime: { ms: D + 5_000, ticks: 0 } }, 'http://steady.example/'));
    // The redelivered attempts run long; the steady job answers at once.
    b.executor.respond = (c) => (c.ctx.job.jobId === 's' ? { ok: true } : slow.promise);

    // Four slots: without the share, the first claim's four places all went to the 40 due runs and
    // the job waited until they finished.
    const engine = b.engine({ maxConcurrentAttempts: 4, maxHostWaitMs: 3_600_000 });
    engine.start();
    b.clock.setTo(D + 5_000);
    await until(() => b.executor.calls.some((c) => c.ctx.job.jobId === 's'), 's to run');
    assert.equal(b.executor.calls.find((c) => c.ctx.job.jobId === 's')?.at, D + 5_000);
    // The claim's other places went to the earliest redeliveries, with their tags and expected time.
    const runs = b.executor.calls.filter((c) => c.ctx.job.jobId !== 's');
    assert.ok(runs.length >= 3 && runs.length <= 4, `${runs.length} redeliveries beside s`);
    for (const c of runs) {
      assert.equal(c.ctx.expectedExecutionTime, D);
      assert.ok(dead.some((r) => r.executionTag === c.ctx.executionTag));
    }

    // The storm then drains through every slot: each redelivered run runs exactly once.
    slow.resolve({ ok: true });
    await until(() => b.executor.calls.length === 41, 'every run');
    await engine.settled();
    const tags = b.executor.calls.filter((c) => c.ctx.job.jobId !== 's').map((c) => c.ctx.executionTag);
    assert.deepEqual([...tags].sort(), dead.map((r) => r.executionTag).sort());
    for (const id of ['s', 'r0', 'r39'])
      assert.equal((await b.store.listHistory(ref(id), {}, {})).length, 1, `${id}: one history entry`);
    await engine.stop();
  } finally {
    slow.resolve({ ok: true });
    await b.close();
  }
});

test("another collection's run due during a storm of redeliveries runs at its due time: the runs are shared per collection", async () => {
  const b = await openBench();
  const slow = deferred<{ ok: boolean }>();
  try {
    const storm = await stormOfRedeliveries(b);
    // Another node holds `other`'s job until D + 5 s and dies too. No job is due after that: every
    // place of a claim is a run's.
    await b.putJob('o', httpDef({}, 'http://other.example/'), 'other');
    const [late] = await b.store.claimDue(D, 1, { owner: 'dead2', until: D + 5_000 }, planner(b), () =>
      b.ids.hex32(),
    );
    assert.equal(late?.job.jobId, 'o');
    b.executor.respond = (c) => (c.ctx.job.jobId === 'o' ? { ok: true } : slow.promise);

    // Four slots: in due order the first claim's four places all went to the storm, due 4 s
    // earlier, and `o` waited for it.
    const engine = b.engine({ maxConcurrentAttempts: 4, maxHostWaitMs: 3_600_000 });
    engine.start();
    b.clock.setTo(D + 5_000);
    await until(() => b.executor.calls.some((c) => c.ctx.job.jobId === 'o'), 'o to run');
    const o = b.executor.calls.find((c) => c.ctx.job.jobId === 'o');
    assert.equal(o?.at, D + 5_000);
    assert.equal(o?.ctx.executionTag, late?.executionTag);

    slow.resolve({ ok: true });
    await until(() => b.executor.calls.length === 41, 'every run');
    await engine.settled();
    const tags = b.executor.calls.filter((c) => c.ctx.job.jobId !== 'o').map((c) => c.ctx.executionTag);
    assert.deepEqual([...tags].sort(), storm.map((r) => r.executionTag).sort());
    await engine.stop();
  } finally {
    slow.resolve({ ok: true });
    await b.close();
  }
});
