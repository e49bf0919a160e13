import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Job } from '../../src/domain/job.js';
import type { HistoryEntry, HistoryFilter } from '../../src/domain/history.js';
import {
  DEFAULT_CATCH_UP,
  planExtraOccurrence,
  planOccurrence,
  type OccurrencePlanner,
} from '../../src/domain/occurrence.js';
import { decideOutcome, type ClaimedRun, type RunOutcome } from '../../src/domain/occurrence-outcome.js';
import type { Page, Store } from '../../src/ports/store.js';
import { forEachBackend } from './backends.js';
import { cloudService, collection, historyEntry, job, jobRef, seedCollection, SUB, T0 } from './fixtures.js';

/** The engine's store verbs (docs/engine.md), identical on both backends. */

let seq = 0;
const hex = (): string => (++seq).toString(16).padStart(32, '0');
const planner: OccurrencePlanner = (j, now) => planOccurrence(j, now, DEFAULT_CATCH_UP, hex());
const DUE = T0 + 60_000;

function outcome(run: ClaimedRun, ok: boolean, at: number, over: Partial<RunOutcome> = {}): RunOutcome {
  return {
    runId: run.runId,
    leaseToken: run.leaseToken,
    decision: decideOutcome(run, { ok, endedAt: at }),
    attempt: {
      startedAt: at - 10,
      endedAt: at,
      message: ok ? 'fine' : 'broken',
      retryCount: run.retryCount,
      actionName: run.actionName,
    },
    recordedAt: at,
    ...over,
  };
}

async function seedJob(store: Store, id: string, over: Partial<Job> = {}): Promise<void> {
  await store.insertJob(job(id, over), { maxJobs: 50 });
}

forEachBackend((_name, open) => {
  test('deleting a cloud service cascades: collections, jobs, history and runs go; nothing left to claim', async () => {
    const store = await open();
    await seedCollection(store);
    await store.createJobCollection(collection({ name: 'Jobs2' }));
    await store.createCloudService(cloudService({ name: 'other' }));
    await store.createJobCollection(collection({ cloudService: 'other', name: 'Kept' }));
    await seedJob(store, 'j1');
    await seedJob(store, 'j2', { ref: jobRef('j2', { collection: 'Jobs2' }) });
    await seedJob(store, 'k1', {
      ref: jobRef('k1', { cloudService: 'other', collection: 'Kept' }),
      schedule: { ...job('x').schedule, nextDueAt: DUE + 3_600_000 },
    });
    await store.appendHistory([historyEntry(jobRef('j1'))]);
    // j1 is in flight (leased), j2 due and waiting.
    const [inFlight] = await store.claimDue(DUE, 1, { owner: 'n1', until: DUE + 30_000 }, planner, hex);
    assert.ok(inFlight);

    assert.equal(await store.deleteCloudService(SUB, 'cs-west'), true);
    assert.equal(await store.getCloudService(SUB, 'CS-West'), undefined);
    assert.deepEqual(
      (await store.listJobCollections(SUB)).map((c) => c.name),
      ['Kept'],
    );
    assert.equal(await store.getJob(jobRef('j1')), undefined);
    assert.equal(await store.getJob(jobRef('j2', { collection: 'Jobs2' })), undefined);
    assert.deepEqual(await store.listHistory(jobRef('j1'), {}, {}), []);
    // Only the other cloud service's job is still due; the in-flight outcome is stale.
    assert.deepEqual(await store.peekDue(DUE + 3_600_000, 10), [DUE + 3_600_000]);
    const later = await store.claimDue(
      DUE + 3_600_000,
      10,
      { owner: 'n1', until: DUE + 3_700_000 },
      planner,
      hex,
    );
    assert.deepEqual(
      later.map((r) => r.job.jobId),
      ['k1'],
    );
    assert.deepEqual(await store.recordOutcomes([outcome(inFlight, true, DUE + 10)]), [inFlight.runId]);
    // The name is free again.
    await store.createCloudService(cloudService());
    assert.deepEqual(await store.listJobCollections(SUB, 'CS-West'), []);
  });

  test('claimDue starts a due occurrence: job advanced, run leased, nothing claimed twice', async () => {
    const store = await open();
    await seedCollection(store);
    await seedJob(store, 'j1');
    await seedJob(store, 'later', { schedule: { ...job('x').schedule, nextDueAt: DUE + 3_600_000 } });
    assert.deepEqual(await store.peekDue(DUE, 10), [DUE]);
    assert.deepEqual(
      await store.claimDue(DUE - 1, 10, { owner: 'n1', until: DUE + 30_000 }, planner, hex),
      [],
    );

    const [run, ...rest] = await store.claimDue(DUE, 10, { owner: 'n1', until: DUE + 30_000 }, planner, hex);
    assert.equal(rest.length, 0);
    assert.ok(run);
    assert.equal(run.job.jobId, 'j1');
    assert.equal(run.region, 'West Europe');
    assert.equal(run.dueAt, DUE);
    assert.equal(run.repeatCount, 1);
    assert.equal(run.retryCount, 0);
    assert.equal(run.actionName, 'MainAction');
    assert.equal(run.isFinal, false);
    assert.equal(run.leaseToken, 1);
    assert.deepEqual(run.action, job('j1').definition.action);

    const j = await store.getJob(jobRef('j1'));
    assert.equal(j?.counters.executionCount, 1);
    assert.equal(j?.schedule.repeatCount, 1);
    assert.equal(j?.schedule.seriesCount, 1);
    assert.equal(j?.schedule.nextDueAt, DUE + 5 * 60_000);
    assert.equal(j?.schedule.lastExecutionTime, DUE);
    assert.equal(j?.version, 2, 'an engine write bumps the version so API writes retry');

    // Leased until DUE + 30 s: not due again before then.
    assert.deepEqual(
      await store.claimDue(DUE + 1000, 10, { owner: 'n2', until: DUE + 60_000 }, planner, hex),
      [],
    );
    assert.deepEqual(await store.peekDue(DUE + 29_999, 10), []);
    assert.deepEqual(await store.peekDue(DUE + 30_000, 10), [DUE + 30_000]);
  });

  test('an expired lease is redelivered with the same tag and retry count; the stale owner is fenced off', async () => {
    const store = await open();
    await seedCollection(store);
    await seedJob(store, 'j1');
    const [first] = await store.claimDue(DUE, 10, { owner: 'n1', until: DUE + 30_000 }, planner, hex);
    assert.ok(first);
    const [again] = await store.claimDue(
      DUE + 30_000,
      10,
      { owner: 'n2', until: DUE + 60_000 },
      planner,
      hex,
    );
    assert.ok(again);
    assert.equal(again.runId, first.runId);
    assert.equal(again.executionTag, first.executionTag);
    assert.equal(again.retryCount, 0);
    assert.equal(again.leaseToken, 2);

    const stale = await store.recordOutcomes([outcome(first, true, DUE + 31_000)]);
    assert.deepEqual(stale, [first.runId]);
    assert.deepEqual(await store.listHistory(jobRef('j1'), {}, {}), []);

    assert.deepEqual(await store.recordOutcomes([outcome(again, true, DUE + 32_000)]), []);
    const history = await store.listHistory(jobRef('j1'), {}, {});
    assert.equal(history.length, 1);
    assert.equal(history[0]?.executionTag, first.executionTag);
    assert.equal(history[0]?.expectedExecutionTime, DUE);
    assert.equal(history[0]?.status, 'completed');
    // The run is over: nothing left to claim except the job's next occurrence.
    assert.deepEqual(await store.peekDue(DUE + 60_000, 10), []);
  });

  test('a failed attempt reschedules the run; counters and history follow', async () => {
    const store = await open();
    await seedCollection(store);
    await seedJob(store, 'j1');
    const [run] = await store.claimDue(DUE, 10, { owner: 'n1', until: DUE + 30_000 }, planner, hex);
    assert.ok(run);
    await store.recordOutcomes([outcome(run, false, DUE + 1000)]);
    assert.deepEqual(await store.peekDue(DUE + 31_000, 10), [DUE + 31_000]);
    const j = await store.getJob(jobRef('j1'));
    assert.equal(j?.counters.failureCount, 1);
    assert.equal(j?.counters.faultedCount, 0);

    const [retry] = await store.claimDue(
      DUE + 31_000,
      10,
      { owner: 'n1', until: DUE + 61_000 },
      planner,
      hex,
    );
    assert.ok(retry);
    assert.equal(retry.retryCount, 1);
    assert.equal(retry.executionTag, run.executionTag);
    assert.equal(retry.attemptAt, DUE + 31_000);
    await store.recordOutcomes([outcome(retry, true, DUE + 32_000)]);
    const history = await store.listHistory(jobRef('j1'), {}, {});
    assert.deepEqual(
      history.map((h) => [h.retryCount, h.status, h.state]),
      [
        [1, 'completed', 'enabled'],
        [0, 'failed', 'enabled'],
      ],
    );
  });

  test('an outcome that changes nothing on the job leaves its row as it was; a new last outcome is written', async () => {
    const store = await open();
    await seedCollection(store);
    await seedJob(store, 'j1');
    const lease = (at: number) => ({ owner: 'n1', until: at + 30_000 });
    const occurrence = async (at: number, ok: boolean): Promise<Job | undefined> => {
      const [run] = await store.claimDue(at, 10, lease(at), planner, hex);
      assert.ok(run);
      assert.deepEqual(await store.recordOutcomes([outcome(run, ok, at + 1000)]), []);
      return store.getJob(jobRef('j1'));
    };
    // The job recurs every 5 minutes; its retry policy is the implicit one (a failure retries).
    const first = await occurrence(DUE, true);
    assert.equal(first?.schedule.lastOutcome, 'succeeded');
    const second = await occurrence(DUE + 300_000, true);
    assert.equal(second?.schedule.lastOutcome, 'succeeded');
    // Only the claim wrote the row (the advance bumps the version); the outcome did not.
    assert.equal(second?.version, (first?.version ?? 0) + 1);
    assert.equal(second?.counters.executionCount, 2);
    assert.equal((await store.listHistory(jobRef('j1'), {}, {})).length, 2);
  });

  test('the final occurrence completes or faults the job', async () => {
    const store = await open();
    await seedCollection(store);
    const oneTime = (id: string): Job => {
      const { recurrence: _r, ...definition } = job(id).definition;
      return {
        ...job(id),
        definition: { ...definition, action: { ...definition.action, retryPolicy: { retryType: 'none' } } },
      };
    };
    await store.insertJob(oneTime('ok'), { maxJobs: 50 });
    await store.insertJob(oneTime('bad'), { maxJobs: 50 });
    const runs = await store.claimDue(DUE, 10, { owner: 'n1', until: DUE + 30_000 }, planner, hex);
    assert.equal(runs.length, 2);
    assert.ok(runs.every((r) => r.isFinal));
    const byId = new Map(runs.map((r) => [r.job.jobId, r]));
    await store.recordOutcomes([
      outcome(byId.get('ok')!, true, DUE + 1000),
      outcome(byId.get('bad')!, false, DUE + 1000),
    ]);
    const ok = await store.getJob(jobRef('ok'));
    const bad = await store.getJob(jobRef('bad'));
    assert.equal(ok?.state, 'completed');
    assert.equal(ok?.finishedAt, DUE + 1000);
    assert.equal(bad?.state, 'faulted');
    assert.equal(bad?.counters.faultedCount, 1);
    assert.equal(bad?.schedule.lastOutcome, 'faulted');
    assert.equal((await store.listHistory(jobRef('bad'), {}, {}))[0]?.state, 'faulted');
  });

  test('disabled jobs and suspended collections are not claimed', async () => {
    const store = await open();
    await seedCollection(store);
    await store.createJobCollection(collection({ name: 'Paused', suspended: true }));
    await seedJob(store, 'off', { state: 'disabled' });
    await store.insertJob(job('p1', { ref: jobRef('p1', { collection: 'Paused' }) }), { maxJobs: 50 });
    assert.deepEqual(await store.peekDue(DUE, 10), []);
    assert.deepEqual(await store.claimDue(DUE, 10, { owner: 'n1', until: DUE + 30_000 }, planner, hex), []);
  });

  test('two nodes claiming at once never get the same run', async () => {
    const a = await open();
    const b = await open({ sameAs: a });
    await seedCollection(a);
    for (let i = 0; i < 20; i++) await seedJob(a, `j${i}`);
    const lease = { until: DUE + 30_000 };
    const [ra, rb] = await Promise.all([
      a.claimDue(DUE, 8, { owner: 'a', ...lease }, planner, hex),
      b.claimDue(DUE, 8, { owner: 'b', ...lease }, planner, hex),
    ]);
    const rc = await a.claimDue(DUE, 8, { owner: 'a', ...lease }, planner, hex);
    const ids = [...ra, ...rb, ...rc].map((r) => r.job.jobId);
    assert.equal(ids.length, 20);
    assert.equal(new Set(ids).size, 20);
  });

  test('extendLeases keeps held runs; releaseLeases frees them for any node', async () => {
    const store = await open();
    await seedCollection(store);
    await seedJob(store, 'j1');
    const [run] = await store.claimDue(DUE, 10, { owner: 'n1', until: DUE + 30_000 }, planner, hex);
    assert.ok(run);
    assert.deepEqual(await store.extendLeases('n2', [run.runId], DUE + 90_000), []);
    assert.deepEqual(await store.extendLeases('n1', [run.runId], DUE + 90_000), [run.runId]);
    assert.deepEqual(await store.peekDue(DUE + 60_000, 10), []);
    assert.equal(await store.releaseLeases('n1'), 1);
    assert.deepEqual(await store.peekDue(DUE, 10), [DUE]);
    const [again] = await store.claimDue(DUE + 1, 10, { owner: 'n2', until: DUE + 30_000 }, planner, hex);
    assert.equal(again?.runId, run.runId);
  });

  test('retention: newest N entries per job and an age cut-off; finished jobs are deleted with their history', async () => {
    const store = await open();
    await seedCollection(store);
    await seedJob(store, 'j1');
    await seedJob(store, 'done', { state: 'completed', finishedAt: T0 + 10 });
    const entries = Array.from({ length: 6 }, (_, i) =>
      historyEntry(jobRef('j1'), { timestamp: T0 + i * 1000, executionTag: `t${i}` }),
    );
    await store.appendHistory(entries);
    await store.appendHistory([historyEntry(jobRef('done'))]);
    let step = await store.pruneHistory(
      { maxEntriesPerJob: 4, olderThan: T0 + 1000 },
      { cursor: 0, jobs: 1 },
    );
    assert.ok(step.cursor !== undefined);
    step = await store.pruneHistory(
      { maxEntriesPerJob: 4, olderThan: T0 + 1000 },
      { cursor: step.cursor, jobs: 1 },
    );
    const after = await store.pruneHistory(
      { maxEntriesPerJob: 4, olderThan: T0 + 1000 },
      { cursor: step.cursor ?? 0, jobs: 1 },
    );
    assert.equal(after.cursor, undefined);
    const kept = await store.listHistory(jobRef('j1'), {}, {});
    assert.deepEqual(
      kept.map((h) => h.executionTag),
      ['t5', 't4', 't3', 't2'],
    );

    assert.equal(await store.deleteFinishedJobs(T0 + 10, 10), 0);
    assert.equal(await store.deleteFinishedJobs(T0 + 11, 10), 1);
    assert.equal(await store.getJob(jobRef('done')), undefined);
    assert.ok(await store.getJob(jobRef('j1')));
  });

  test('the history sweep visits only jobs that have history (a million future jobs cost it nothing)', async () => {
    const store = await open();
    await seedCollection(store);
    for (let i = 0; i < 20; i++) await seedJob(store, `quiet${i}`);
    await seedJob(store, 'busy');
    await store.appendHistory(
      Array.from({ length: 3 }, (_, i) =>
        historyEntry(jobRef('busy'), { timestamp: T0 + i, executionTag: `b${i}` }),
      ),
    );
    // One step of one job reaches the only job with history, past the twenty without.
    const step = await store.pruneHistory({ maxEntriesPerJob: 1, olderThan: 0 }, { cursor: 0, jobs: 1 });
    assert.equal(step.deleted, 2);
    const rest = await store.pruneHistory(
      { maxEntriesPerJob: 1, olderThan: 0 },
      { cursor: step.cursor ?? 0, jobs: 1 },
    );
    assert.deepEqual(rest, { deleted: 0 });
    assert.deepEqual(
      (await store.listHistory(jobRef('busy'), {}, {})).map((h) => h.executionTag),
      ['b2'],
    );
  });

  test('recentHistoryJobs names the jobs with entries after a mark, with how many; trimHistoryOf applies the count rule to them', async () => {
    const store = await open();
    await seedCollection(store);
    for (const id of ['a', 'b', 'c']) await seedJob(store, id);
    assert.deepEqual(await store.recentHistoryJobs(0), { mark: 0, jobs: [] }, 'no history yet');
    const entries = (id: string, n: number, from = 0): HistoryEntry[] =>
      Array.from({ length: n }, (_, i) =>
        historyEntry(jobRef(id), { timestamp: T0 + (from + i) * 1000, executionTag: `${id}${from + i}` }),
      );
    await store.appendHistory([...entries('a', 3), ...entries('b', 3)]);
    const first = await store.recentHistoryJobs(0);
    assert.deepEqual(
      first.jobs.map((j) => j.entries),
      [3, 3],
      'a and b, three each',
    );
    assert.ok(first.mark > 0);
    assert.deepEqual(await store.recentHistoryJobs(first.mark), { mark: first.mark, jobs: [] });
    // Only b and c record after the mark: a is not named, however many entries it has.
    await store.appendHistory([...entries('b', 2, 3), ...entries('c', 1, 3)]);
    const second = await store.recentHistoryJobs(first.mark);
    assert.ok(second.mark > first.mark);
    const ids = second.jobs.map((j) => j.id);
    assert.deepEqual(
      [...ids].sort((x, y) => x - y),
      ids,
      'ascending internal ids',
    );
    const [aId, bId] = first.jobs.map((j) => j.id); // inserted in that order
    assert.ok(!ids.includes(aId!), 'a recorded nothing after the mark');
    assert.deepEqual(
      second.jobs.find((j) => j.id === bId),
      { id: bId, entries: 2 },
      'b: the two entries after the mark, not its five',
    );
    const deleted = await store.trimHistoryOf(2, ids);
    assert.equal(deleted, 3, 'b keeps its newest 2 of 5; c keeps its one: no age rule here');
    assert.deepEqual(
      (await store.listHistory(jobRef('b'), {}, {})).map((h) => h.executionTag),
      ['b4', 'b3'],
    );
    assert.equal((await store.listHistory(jobRef('a'), {}, {})).length, 3, 'a was not named, so not trimmed');
    assert.equal((await store.listHistory(jobRef('c'), {}, {})).length, 1);
    assert.equal(await store.trimHistoryOf(2, []), 0);
  });

  test('listHistory with `retained` lists only among the newest entries, filtered and paged', async () => {
    const store = await open();
    await seedCollection(store);
    await seedJob(store, 'j');
    // Five entries, alternately failed; two share a timestamp (newest first: recording order reversed).
    const stamps = [0, 1, 2, 2, 3];
    await store.appendHistory(
      stamps.map((t, i) =>
        historyEntry(jobRef('j'), {
          timestamp: T0 + t * 1000,
          executionTag: `e${i}`,
          ...(i % 2 === 0 ? { status: 'failed' as const } : {}),
        }),
      ),
    );
    const tags = async (filter: HistoryFilter, page: Page, retained?: number): Promise<string[]> =>
      (await store.listHistory(jobRef('j'), filter, page, retained)).map((h) => h.executionTag);
    assert.deepEqual(await tags({}, {}), ['e4', 'e3', 'e2', 'e1', 'e0'], 'every stored entry');
    assert.deepEqual(await tags({}, {}, 3), ['e4', 'e3', 'e2'], 'the newest three');
    assert.deepEqual(await tags({}, {}, 2), ['e4', 'e3'], 'the edge between two entries of one timestamp');
    assert.deepEqual(
      await tags({ status: 'failed' }, {}, 3),
      ['e4', 'e2'],
      'filtered among the newest three',
    );
    assert.deepEqual(await tags({}, { skip: 1, top: 5 }, 3), ['e3', 'e2'], 'paged within them');
    assert.deepEqual(await tags({}, { skip: 3 }, 3), []);
    assert.deepEqual(await tags({}, {}, 9), ['e4', 'e3', 'e2', 'e1', 'e0'], 'fewer than the rule keeps: all');
    assert.deepEqual(await store.listHistory(jobRef('nope'), {}, {}, 3), [], 'an unknown job has none');
  });

  test('startExtraRun adds a free run due now without moving the grid', async () => {
    const store = await open();
    await seedCollection(store);
    await seedJob(store, 'j1');
    const started = await store.startExtraRun(jobRef('J1'), hex(), T0, (j) =>
      planExtraOccurrence(j, T0, 'e'.repeat(32)),
    );
    assert.deepEqual(started, { executionTag: 'e'.repeat(32), repeatCount: 1 });
    const j = await store.getJob(jobRef('j1'));
    assert.equal(j?.schedule.nextDueAt, DUE);
    assert.equal(j?.counters.executionCount, 1);
    assert.deepEqual(await store.peekDue(T0, 10), [T0]);
    const [run] = await store.claimDue(T0, 10, { owner: 'n1', until: T0 + 30_000 }, planner, hex);
    assert.equal(run?.executionTag, 'e'.repeat(32));
    assert.equal(run?.isFinal, false);
    await assert.rejects(
      store.startExtraRun(jobRef('nope'), hex(), T0, (x) => planExtraOccurrence(x, T0, 'f'.repeat(32))),
      { name: 'StoreConflict', reason: 'missing' } as object,
    );
  });

  test('a job that starts nothing does not use up the claim; a planner that throws faults only its job', async () => {
    const store = await open();
    await seedCollection(store);
    for (const id of ['a-skip', 'b-skip', 'c-broken', 'd-run']) await seedJob(store, id);
    const picky: OccurrencePlanner = (j, now) => {
      if (j.ref.jobId.endsWith('-skip')) {
        return {
          state: j.state,
          counters: j.counters,
          schedule: { ...j.schedule, nextDueAt: now + 3_600_000 },
        };
      }
      if (j.ref.jobId === 'c-broken') throw new Error('no next slot');
      return planner(j, now);
    };
    const runs = await store.claimDue(DUE, 1, { owner: 'n1', until: DUE + 30_000 }, picky, hex);
    assert.deepEqual(
      runs.map((r) => r.job.jobId),
      ['d-run'],
    );
    const broken = await store.getJob(jobRef('c-broken'));
    assert.equal(broken?.state, 'faulted');
    assert.equal(broken?.schedule.nextDueAt, undefined);
    const [entry] = await store.listHistory(jobRef('c-broken'), {}, {});
    assert.equal(entry?.status, 'failed');
    assert.equal(
      entry?.message,
      'Takt - The next occurrence of this job could not be computed (no next slot); the job is faulted.',
    );
    assert.equal((await store.getJob(jobRef('a-skip')))?.schedule.nextDueAt, DUE + 3_600_000);
  });
});
