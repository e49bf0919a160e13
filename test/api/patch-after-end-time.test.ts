// PATCH of a job whose recurrence.endTime has passed (docs/reference/scheduling-rules.md §3, §4.1): only
// a write that sets startTime or recurrence must still produce an occurrence. A PATCH of other
// members, or of the state (the SDKs' updateState), is valid; it finishes the job (§3, last row: a
// write that leaves an enabled or disabled job no future occurrence), as PATCH-all does.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachBackend } from '../store-contract/backends.js';
import { httpJob, jobPath, jobsPath, seedCollection, startHarness, type Harness } from './harness.js';

forEachBackend((_name, open) => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ openStore: () => open() });
    await seedCollection(h);
    // The harness clock starts at 2026-03-01T10:00:00Z; both jobs' series end at noon.
    const expiring = httpJob({
      startTime: '2026-03-01T11:00:00Z',
      recurrence: { frequency: 'hour', endTime: '2026-03-01T12:00:00Z' },
      state: 'disabled',
    });
    for (const id of ['uri', 'enable', 'all', 'schedule']) {
      const r = await h.call('PUT', jobPath(id), { body: expiring });
      assert.equal(r.statusCode, 201, r.body);
    }
    h.clock.setTo(Date.parse('2026-03-01T13:00:00Z'));
  });
  after(async () => h.close());

  const state = (body: string): unknown => (JSON.parse(body) as { state: unknown }).state;

  test('PATCH of the URI only: 200 with the new URI; nothing is left to run, so the disabled job is completed', async () => {
    const r = await h.call('PATCH', jobPath('uri'), {
      body: { action: { request: { uri: 'http://other.example/' } } },
    });
    assert.equal(r.statusCode, 200, r.body);
    // §3, last row: a write that leaves a disabled job no future occurrence finishes it.
    assert.equal(state(r.body), 'completed');
    const read = await h.call('GET', jobPath('uri'));
    assert.match(read.body, /"uri":"http:\/\/other\.example\/"/);
    assert.equal(state(read.body), 'completed');
    // A finished job is not patched again (409), as any completed job.
    const again = await h.call('PATCH', jobPath('uri'), { body: { state: 'enabled' } });
    assert.equal(again.statusCode, 409, again.body);
  });

  test('PATCH {"state":"enabled"} (updateState): 200 completed, like PATCH-all', async () => {
    const r = await h.call('PATCH', jobPath('enable'), { body: { state: 'enabled', stateDetails: 'go' } });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(state(r.body), 'completed');
    const all = await h.call('PATCH', jobsPath(), { body: { state: 'enabled' } });
    assert.equal(all.statusCode, 200, all.body);
    const listed = (JSON.parse(all.body) as { id: string; state: string }[]).find((j) => j.id === 'all');
    assert.equal(listed?.state, 'completed');
  });

  test('a PATCH that writes the recurrence must still yield an occurrence → 400 naming endTime', async () => {
    const r = await h.call('PATCH', jobPath('schedule'), { body: { recurrence: { interval: 2 } } });
    assert.equal(r.statusCode, 400, r.body);
    assert.match(r.body, /recurrence\.endTime: the schedule has no occurrence before endTime/);
  });

  test('a job without startTime: the same PATCH of endTime is refused too (a PATCH makes no run at save time)', async () => {
    // Created at 13:00 without startTime: it runs at once, then daily from 13:00.
    const r0 = await h.call('PUT', jobPath('nostart'), {
      body: httpJob({ recurrence: { frequency: 'day' } }),
    });
    assert.equal(r0.statusCode, 201, r0.body);
    h.clock.setTo(Date.parse('2026-03-01T14:00:00Z'));
    // Before: answered 200 and the job completed, as if a run at 14:00 had been due before endTime.
    const r = await h.call('PATCH', jobPath('nostart'), {
      body: { recurrence: { endTime: '2026-03-01T16:00:00Z' } },
    });
    assert.equal(r.statusCode, 400, r.body);
    assert.match(r.body, /recurrence\.endTime: the schedule has no occurrence before endTime/);
    const read = await h.call('GET', jobPath('nostart'));
    assert.equal(state(read.body), 'enabled');
    // An endTime after the next daily run is fine.
    const ok = await h.call('PATCH', jobPath('nostart'), {
      body: { recurrence: { endTime: '2026-03-03T00:00:00Z' } },
    });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.match(ok.body, /"nextExecutionTime":"2026-03-02T13:00:00Z"/);
  });
});
