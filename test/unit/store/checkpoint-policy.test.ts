// When the WAL checkpointer thread checkpoints, and when it must block writers (docs/store.md,
// SQLite checkpoints).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  DEFAULT_CHECKPOINT_SETTINGS,
  afterPassive,
  passiveDue,
} from '../../../src/store/sqlite/checkpoint-policy.js';

const settings = { ...DEFAULT_CHECKPOINT_SETTINGS, thresholdFrames: 100, hardLimitFrames: 1000 };

test('a passive checkpoint is due past the threshold of frames not yet copied, or when commits stopped', () => {
  assert.equal(passiveDue({ mxFrame: 150, nBackfill: 60 }, settings, false), false);
  assert.equal(passiveDue({ mxFrame: 160, nBackfill: 60 }, settings, false), true);
  assert.equal(passiveDue({ mxFrame: 61, nBackfill: 60 }, settings, true), true);
  assert.equal(passiveDue({ mxFrame: 60, nBackfill: 60 }, settings, true), false);
  // No readable wal-index: every look after commits checkpoints.
  assert.equal(passiveDue(undefined, settings, false), true);
});

test('past the hard limit: a RESTART when every frame was copied, none while a reader pins the WAL', () => {
  assert.equal(afterPassive({ busy: 0, log: 999, checkpointed: 999 }, settings), 'done');
  assert.equal(afterPassive({ busy: 0, log: 1000, checkpointed: 1000 }, settings), 'restart');
  assert.equal(afterPassive({ busy: 0, log: 1500, checkpointed: 700 }, settings), 'pinned');
  // Another connection's checkpoint was running (busy): nothing is known, nothing is forced.
  assert.equal(afterPassive({ busy: 1, log: -1, checkpointed: -1 }, settings), 'done');
});
