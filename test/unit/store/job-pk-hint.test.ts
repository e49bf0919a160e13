// SQLite's job cache writes a replaced job through only when the job's ref came from a read of this
// store (src/store/sql-store.ts, `jobPks`; docs/store.md "What the SqlStore does for API speed"):
// its names are then spelled as stored. A ref the caller spelled otherwise updates the row by name
// and leaves the next read to the database, which answers the stored spelling.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Job } from '../../../src/domain/job.js';
import { openSqliteStore } from '../../../src/store/open-store.js';
import { job, jobRef, seedCollection } from '../../store-contract/fixtures.js';

const bump = (j: Job, state: Job['state']): Job => ({ ...j, state, version: j.version + 1 });

test('a job read and replaced is written through under its stored names; a ref spelled otherwise is not', async () => {
  const store = await openSqliteStore({ path: ':memory:' });
  try {
    await seedCollection(store);
    await store.insertJob(job('Job1'), { maxJobs: 50 });

    const read = await store.getJob(jobRef('job1'));
    assert.equal(read?.ref.jobId, 'Job1', 'the stored spelling');
    await store.updateJob(bump(read, 'disabled'));
    const cached = await store.getJob(jobRef('JOB1'));
    assert.equal(cached?.state, 'disabled');
    assert.equal(cached?.version, 2);
    assert.equal(await store.getJob(jobRef('job1')), cached, 'answered from the cache, the same object');

    // Replaced again from that read: its ref is the cached job's, so it is written through again.
    await store.updateJob(bump(cached, 'enabled'));
    const again = await store.getJob(jobRef('job1'));
    assert.equal(again?.state, 'enabled');
    assert.equal(again?.ref.jobId, 'Job1');

    // A ref the caller built, spelled otherwise: the row is found by name, nothing written through.
    const shouted = bump(again, 'disabled');
    await store.updateJob({ ...shouted, ref: jobRef('JOB1') });
    const fresh = await store.getJob(jobRef('job1'));
    assert.equal(fresh?.state, 'disabled');
    assert.equal(fresh?.version, 4);
    assert.equal(fresh?.ref.jobId, 'Job1', 'read back from the database, the stored spelling');
  } finally {
    await store.close();
  }
});
