import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachBackend } from './backends.js';
import { subscription } from './fixtures.js';

forEachBackend((_name, open) => {
  test('a fresh store is empty and round-trips a subscription', async () => {
    const store = await open();
    assert.deepEqual(await store.listSubscriptions(), []);
    await store.createSubscription(subscription());
    assert.deepEqual(await store.getSubscription(subscription().id.toUpperCase()), subscription());
  });
});
