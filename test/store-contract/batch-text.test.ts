import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decideOutcome, type ClaimedRun, type RunOutcome } from '../../src/domain/occurrence-outcome.js';
import type { OperationRecord } from '../../src/domain/tenant.js';
import { forEachBackend } from './backends.js';
import { job, jobRef, planning, seedCollection, SUB, T0 } from './fixtures.js';

/**
 * Batch writes carry any text as it is (sql/engine-bulk.ts: on PostgreSQL a batch is one JSON
 * parameter decoded by `json_to_recordset`, on SQLite one statement per row). The texts below are
 * what an encoding of a batch could get wrong: quotes, backslashes, punctuation of JSON or of an
 * array literal, the word NULL, the empty string, line breaks, non-ASCII.
 */
const TEXTS = [
  'plain',
  'a "quoted" word',
  'back\\slash \\" and \\\\ two',
  '{braces}, commas, (parens)',
  'NULL',
  '',
  ' leading and trailing ',
  'line\nbreak\ttab\r',
  'Grüße, 日本語, emoji 🎉',
  '"',
  '\\',
];

const { hex, planner } = planning();
const DUE = T0 + 60_000;

function outcome(run: ClaimedRun, message: string, at: number): RunOutcome {
  return {
    runId: run.runId,
    leaseToken: run.leaseToken,
    decision: decideOutcome(run, { ok: true, endedAt: at }),
    attempt: {
      startedAt: at - 10,
      endedAt: at,
      message,
      retryCount: run.retryCount,
      actionName: run.actionName,
    },
    recordedAt: at,
  };
}

forEachBackend((_name, open) => {
  test('history written by an outcome batch keeps every message as it was', async () => {
    const store = await open();
    await seedCollection(store);
    const ids = TEXTS.map((_, i) => `j${i}`);
    for (const id of ids) await store.insertJob(job(id), { maxJobs: 50 });
    const runs = await store.claimDue(DUE, 50, { owner: 'n1', until: DUE + 30_000 }, planner, hex);
    assert.equal(runs.length, TEXTS.length);
    const byJob = new Map(runs.map((r) => [r.job.jobId, r]));
    // One batch: every message in the same statement.
    const stale = await store.recordOutcomes(
      ids.map((id, i) => outcome(byJob.get(id) as ClaimedRun, TEXTS[i] as string, DUE + 10)),
    );
    assert.deepEqual(stale, []);
    for (const [i, id] of ids.entries()) {
      const [entry, ...more] = await store.listHistory(jobRef(id), {}, {});
      assert.equal(more.length, 0);
      assert.equal(entry?.message, TEXTS[i], `job ${id}`);
    }
  });

  test('operation records written in one batch keep their error messages as they were', async () => {
    const store = await open();
    const ops: OperationRecord[] = TEXTS.map((message, i) => ({
      id: `0000000000000000000000000000${i.toString(16).padStart(4, '0')}`,
      subscriptionId: SUB,
      status: 'Failed',
      httpStatusCode: 409,
      error: { code: 'Conflict', message },
      createdAt: T0 + i,
      completesAt: T0 + i,
    }));
    // Added in one turn, so the store's batcher writes them together.
    await Promise.all(ops.map((op) => store.putOperation(op)));
    for (const op of ops) assert.deepEqual(await store.getOperation(SUB, op.id), op);
  });
});
