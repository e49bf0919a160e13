import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { JobDefinition } from '../../src/domain/job.js';
import { DEFAULT_CATCH_UP, planOccurrence, type OccurrencePlanner } from '../../src/domain/occurrence.js';
import { forEachBackend } from './backends.js';
import { job, jobRef, seedCollection, T0 } from './fixtures.js';

/**
 * The run's action snapshot is copied by the database from the job's stored definition text
 * (docs/engine.md, "Words": run): a redelivered attempt reads exactly the action the occurrence started
 * with, whatever the job says since.
 */

let seq = 0;
const hex = (): string => (++seq).toString(16).padStart(32, '0');
const planner: OccurrencePlanner = (j, now) => planOccurrence(j, now, DEFAULT_CATCH_UP, hex());
const DUE = T0 + 60_000;

forEachBackend((_name, open) => {
  test('a redelivered run carries the action its occurrence started with (headers, non-ASCII body), not the edited job', async () => {
    const store = await open();
    await seedCollection(store);
    const original = job('j1');
    await store.insertJob(original, { maxJobs: 50 });
    const [first] = await store.claimDue(DUE, 10, { owner: 'n1', until: DUE + 30_000 }, planner, hex);
    assert.ok(first);
    assert.deepEqual(first.action, original.definition.action);

    // The job is edited while its occurrence is in flight; the node then stops.
    const stored = await store.getJob(jobRef('j1'));
    assert.ok(stored);
    const edited: JobDefinition = {
      ...stored.definition,
      action: { type: 'http', request: { uri: 'http://127.0.0.1:9/other', method: 'GET', headers: [] } },
    };
    await store.updateJob({ ...stored, definition: edited, version: stored.version + 1 });
    assert.equal(await store.releaseLeases('n1'), 1);

    const [again] = await store.claimDue(DUE + 1, 10, { owner: 'n2', until: DUE + 30_000 }, planner, hex);
    assert.ok(again);
    assert.equal(again.runId, first.runId);
    assert.equal(again.reclaimed, undefined);
    assert.deepEqual(again.action, original.definition.action);
  });
});
