// A retry or error action recorded while a claim that cannot see it is in flight is still claimed at
// once, not at the next poll (src/engine/due-window.ts; docs/engine.md "Structure of the
// dispatcher"). The interleaving is forced: another job's claim takes its snapshot before the
// failed attempt's outcome commits and answers only after that outcome scheduled its error action.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Engine } from '../../../src/engine/engine.js';
import type { Store } from '../../../src/ports/store.js';
import { httpDef, openBench, ref, secrets, T0, withErrorAction } from './harness.js';

const DUE = T0 + 60_000;

test('an error action recorded while another claim is in flight starts at once, not at the next poll', async () => {
  const b = await openBench();
  let holdNextClaim = false;
  let claimHeld: () => void = () => undefined;
  const claimIsHeld = new Promise<void>((resolve) => (claimHeld = resolve));
  let releaseClaim: (() => void) | undefined;
  const store = new Proxy(b.store, {
    get(target, prop, receiver): unknown {
      if (prop === 'claimDue') {
        return async (...args: Parameters<Store['claimDue']>) => {
          const runs = await target.claimDue(...args);
          if (holdNextClaim) {
            holdNextClaim = false;
            await new Promise<void>((resolve) => {
              releaseClaim = resolve;
              claimHeld();
            });
          }
          return runs;
        };
      }
      if (prop === 'recordOutcomes') {
        return async (...args: Parameters<Store['recordOutcomes']>) => {
          const stale = await target.recordOutcomes(...args);
          // The held claim answers in the turn's check phase, before the engine's freed-slot
          // batch (queued after this) re-arms: the outcome's due time is in the window by then.
          const release = releaseClaim;
          releaseClaim = undefined;
          if (release) setImmediate(release);
          return stale;
        };
      }
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  const engine = new Engine(
    { store, clock: b.clock, executor: b.executor, secrets, ids: b.ids },
    { nodeId: 'claim-drop' },
  );
  try {
    await b.putJob('a', withErrorAction());
    b.executor.respond = async (c) => {
      if (c.ctx.actionName !== 'MainAction' || c.action.type !== 'http') return { ok: true };
      if (!c.action.request.uri.startsWith('http://main.example')) return { ok: true };
      // While this attempt runs, another job falls due: its claim sees the store as it is now.
      holdNextClaim = true;
      await b.putJob('b', httpDef({ startTime: { ms: b.clock.now(), ticks: 0 } }, 'http://b.example/'));
      engine.jobsChanged(ref('b'));
      await claimIsHeld;
      return { ok: false, message: 'main failed' };
    };
    engine.start();
    await engine.settled();
    b.clock.setTo(DUE);
    await engine.settled();
    const calls = b.executor.calls.map((c) => [
      c.ctx.actionName,
      c.action.type === 'http' ? c.action.request.uri : '',
      c.at,
    ]);
    assert.deepEqual(calls, [
      ['MainAction', 'http://main.example/', DUE],
      ['MainAction', 'http://b.example/', DUE],
      ['ErrorAction', 'http://err.example/', DUE],
    ]);
  } finally {
    await engine.stop();
    await b.close();
  }
});
