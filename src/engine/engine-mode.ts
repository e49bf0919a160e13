/**
 * The engine's modes, changed only by the transition methods (`setMode`):
 * `created → starting → running ⇄ starved → stopping → stopped`. Starting releases this node's
 * leftover leases; running claims whenever due work and free slots meet; starved means every slot
 * was held at the last claim, so the next claim waits for freed slots (up to `engine.starvedGatherMs`);
 * stopping claims nothing more and lets held attempts finish or aborts them.
 */
export type EngineMode = 'created' | 'starting' | 'running' | 'starved' | 'stopping' | 'stopped';

const NEXT: Readonly<Record<EngineMode, readonly EngineMode[]>> = {
  created: ['starting'],
  starting: ['running', 'stopping'],
  running: ['starved', 'stopping'],
  starved: ['running', 'stopping'],
  stopping: ['stopped'],
  stopped: [],
};

/** True when the engine may go from `from` to `to`. */
export function canMove(from: EngineMode, to: EngineMode): boolean {
  return NEXT[from].includes(to);
}
