// DueWindow: a due time pushed while a read of the store is in flight survives that read's load
// (the read began before the retry was recorded, so it cannot hold it); docs/engine.md, "Structure
// of the dispatcher".
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DueWindow } from '../../../src/engine/due-window.js';

test('load replaces the window with the read', () => {
  const w = new DueWindow(10);
  w.push(50);
  w.load([100, 200]);
  assert.equal(w.peek(), 100);
});

test('a time pushed during a read is kept by its load; one pushed before the read is not', () => {
  const w = new DueWindow(10);
  w.push(10); // before the read: the read sees the store as it is, so this one is replaced
  w.beginRead();
  w.push(150); // a retry recorded while the read was in flight
  w.load([100, 200]);
  assert.equal(w.peek(), 100);
  w.dropThrough(100);
  assert.equal(w.peek(), 150, 'the pushed retry is still in the window');
  w.load([300]); // a later load without a read in flight replaces everything again
  assert.equal(w.peek(), 300);
});

test('a failed read leaves the window and its pushes as they were', () => {
  const w = new DueWindow(10);
  w.load([100]);
  w.beginRead();
  w.push(50);
  w.readFailed();
  assert.equal(w.peek(), 50);
  w.load([400]);
  assert.equal(w.peek(), 400, 'the failed read no longer carries its pushes into later loads');
});

test('a read cut off at the limit and dropped through its cut asks for a re-read, once, and only after claims', () => {
  const w = new DueWindow(3);
  w.load([100, 100, 100]); // cut off at 100: more is due at 100 and later, unseen
  w.claimed(3);
  assert.equal(w.dropThrough(50), false, 'the cut lies ahead: what the read holds is still there');
  assert.equal(w.dropThrough(100), true, 'everything read is gone and the rest is unknown');
  assert.equal(w.peek(), undefined);
  assert.equal(w.dropThrough(100), false, 'once per cut');

  w.load([200, 200, 200]);
  assert.equal(
    w.dropThrough(200),
    false,
    'nothing claimed since the read: all claimed elsewhere, left to the poll',
  );

  w.load([300, 400]); // not cut off: the read saw the whole window
  w.claimed(2);
  assert.equal(w.dropThrough(400), false);
});

test('a time pushed while a claim is in flight survives that claim dropping through it; one pushed before does not', () => {
  const w = new DueWindow(10);
  w.push(90); // known before the claim began: the claim saw its run
  w.beginClaim();
  w.push(100); // an error action recorded while the claim was in flight: the claim could not see it
  w.dropThrough(100);
  assert.equal(w.peek(), 100, 'the error action is still due');
  w.dropThrough(100); // the next claim (none in flight now) takes it or finds it taken
  assert.equal(w.peek(), undefined);
});

test('a claim that filled its batch ends without dropping; later pushes are not carried into another claim', () => {
  const w = new DueWindow(10);
  w.beginClaim();
  w.claimEnded();
  w.push(100);
  w.dropThrough(100);
  assert.equal(w.peek(), undefined);
});
