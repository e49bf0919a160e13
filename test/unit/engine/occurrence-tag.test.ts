// The execution tag of an occurrence is the same every time that occurrence is planned
// (src/engine/occurrence-tag.ts): a claim the database lost (engine writes are not flushed before
// their attempts start, docs/store.md "Engine writes without a flush") plans it again, and the
// target must see the tag it saw the first time, as for any redelivery.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Job } from '../../../src/domain/job.js';
import { DEFAULT_CATCH_UP, planOccurrence } from '../../../src/domain/occurrence.js';
import { occurrenceTag } from '../../../src/engine/occurrence-tag.js';
import { job, T0 } from '../../store-contract/fixtures.js';
import { httpDef, openBench } from './harness.js';

const HEX32 = /^[0-9a-f]{32}$/;

test('one occurrence, one tag: planned again (a lost claim), late or on time, it keeps its tag', () => {
  const j = job('a');
  const due = j.schedule.nextDueAt!;
  const tag = occurrenceTag(j);
  assert.match(tag, HEX32);
  assert.equal(occurrenceTag(structuredClone(j)), tag);
  // The claim's plan with that tag, on time and planned again after a long outage (coalesced).
  for (const now of [due, due + 3_600_000]) {
    const plan = planOccurrence(j, now, DEFAULT_CATCH_UP, occurrenceTag(j));
    assert.equal(plan.occurrence?.executionTag, tag);
  }
});

test('every other occurrence has a tag of its own', () => {
  const j = job('a');
  const next = planOccurrence(j, j.schedule.nextDueAt!, DEFAULT_CATCH_UP, occurrenceTag(j));
  const after: Job = { ...j, schedule: next.schedule };
  const others: Job[] = [
    after, // the next occurrence of the series
    { ...j, schedule: { ...j.schedule, seriesStartedAt: T0 + 1, seriesCount: 0 } }, // a new series (PUT)
    { ...j, createdAt: j.createdAt + 1 }, // the job deleted and created again
    { ...j, schedule: { ...j.schedule, repeatCount: j.schedule.repeatCount + 1 } }, // after a run-now
    job('b'),
    { ...j, ref: { ...j.ref, collection: 'Jobs2' } },
    { ...j, ref: { ...j.ref, cloudService: 'CS-East' } },
    { ...j, ref: { ...j.ref, subscriptionId: '7c9e6679-7425-40de-944b-e07fc1f90ae7' } },
  ];
  const tags = new Set([occurrenceTag(j), ...others.map(occurrenceTag)]);
  assert.equal(tags.size, others.length + 1);
});

test('the engine: a claim lost with its database is claimed again with the same tag', async () => {
  // The same job on two fresh stores: the second is the first one's database after it lost the
  // claim (nothing of it stored), so its engine plans the same occurrence again.
  const seen: string[] = [];
  for (let i = 0; i < 2; i++) {
    const b = await openBench();
    try {
      await b.putJob('j1', httpDef({ recurrence: { frequency: 'minute', interval: 1 } }));
      // The second process has drawn other random ids before: a tag must not depend on them.
      for (let k = 0; k < 7 * i; k++) b.ids.hex32();
      b.engine().start();
      await b.advance(60_000);
      await b.advance(60_000);
      assert.equal(b.executor.calls.length, 2);
      seen.push(...b.executor.calls.map((c) => c.ctx.executionTag));
    } finally {
      await b.close();
    }
  }
  const [first, second, again, againSecond] = seen;
  assert.equal(again, first);
  assert.equal(againSecond, second);
  assert.notEqual(first, second);
});
