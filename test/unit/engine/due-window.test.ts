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
