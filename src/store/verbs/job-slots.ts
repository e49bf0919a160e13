import { all, run, type Program } from '../program.js';
import { num } from '../rows/values.js';
import { SLOT_SHARDS } from '../sql/jobs.js';

/*
 * A collection's job counter, split over shards (migration 006; docs/store.md, "The job counter").
 * Each shard holds `jobs` (the collection's jobs whose internal id is the shard modulo SHARDS) and a
 * `cap`, split for a maximum `split_max`. The invariant, kept by every write:
 *
 *   sum over the shards of max(jobs, cap) <= split_max
 *
 * So a create that finds room in its own shard (jobs < cap, split for the caller's maximum) knows
 * the whole collection holds fewer than the maximum, and locks only that shard row until COMMIT:
 * creates into one collection commit in parallel. When the shard is full, or was split for another
 * maximum (a plan or quota change), the create locks all shards, counts exactly, and either refuses
 * (the collection is full) or splits the free room anew. Deletes only lower `jobs`.
 */
const SHARDS = SLOT_SHARDS;

/** The shard a job counts in: fixed by its internal id, so its delete finds it again. */
export const slotShardOf = (jobPk: number): number => jobPk % SHARDS;

/**
 * Thrown by the fast path when the job's shard has no room for the caller's maximum. The caller
 * rolls the transaction back and runs the create again with `exact` (SqlStore.insertJob): on
 * PostgreSQL a failed conditional UPDATE may still hold its row's lock (READ COMMITTED locks the
 * newest version before re-checking it), and locking the other shards while holding it would
 * deadlock against another create doing the same. Rare: once per split, not per create.
 */
export class JobSlotSplitNeeded extends Error {
  constructor() {
    super('job counter shard full: split needed');
    this.name = 'JobSlotSplitNeeded';
  }
}

/**
 * Takes one slot for the job `jobPk` just inserted into collection `collectionId`, or answers false
 * when the collection already holds `maxJobs` jobs. Fast path: one UPDATE of the job's shard row.
 * `exact`: every shard is locked (in shard order, holding no shard before) and counted.
 */
export function* reserveJobSlot(
  collectionId: number,
  jobPk: number,
  maxJobs: number,
  exact: boolean,
): Program<boolean> {
  const taker = slotShardOf(jobPk);
  if (!exact) {
    if ((yield* run('reserveJobSlot', collectionId, taker, maxJobs)) > 0) return true;
    throw new JobSlotSplitNeeded();
  }
  let rows = yield* all('lockJobSlots', collectionId);
  if (rows.length < SHARDS) {
    // A collection made before its shards (createJobCollection adds them): add the missing ones.
    yield* run('ensureJobSlots', collectionId, SHARDS);
    rows = yield* all('lockJobSlots', collectionId);
  }
  // Another create split the shards while this one waited for their locks: its own shard has room.
  const own = rows[taker];
  if (own && num(own, 'split_max') === maxJobs && num(own, 'jobs') < num(own, 'cap')) {
    return (yield* run('reserveJobSlot', collectionId, taker, maxJobs)) > 0;
  }
  const total = rows.reduce((sum, r) => sum + num(r, 'jobs'), 0);
  // Full: nothing is written, the invariant holds for the split the shards already have.
  if (total >= maxJobs) return false;
  // The free room spread over the shards and the slot taken, in one statement (sql/jobs.ts
  // splitJobSlots): the split holds every shard's lock, and on PostgreSQL each statement is a round
  // trip, so a split as a statement per shard kept every other create of the collection waiting
  // for 16 of them.
  yield* run('splitJobSlots', collectionId, maxJobs, maxJobs - total, taker);
  return true;
}
