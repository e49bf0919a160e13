import { Engine } from '../engine/engine.js';
import { createExecutors, describeEgressPolicy } from '../executors/index.js';
import type { EngineSignal } from '../ports/engine-signal.js';
import type { CleanupStack } from './cleanup-stack.js';
import { executorOptions } from './executor-options.js';
import type { NodeResources } from './node-resources.js';
import { TAKT_VERSION } from './version.js';

const ANY = { subscriptionId: '', cloudService: '', collection: '' } as const;
const NO_ENGINE: EngineSignal = { jobsChanged: () => undefined };

/**
 * Starts the engine of `--role engine|all` (executors, then the dispatcher; stopped in reverse) and
 * answers the signal writes use to wake it. With `--role api` there is no engine in the process:
 * writes need no in-process signal, because the engines of other nodes find changes by polling or
 * NOTIFY on the shared store.
 */
export function startEngineRole(node: NodeResources, stack: CleanupStack): EngineSignal {
  const { config, clock, logger } = node;
  if (config.role === 'api') return NO_ENGINE;
  const executorSettings = executorOptions(config, clock, TAKT_VERSION);
  const executors = stack.push('executors', createExecutors(executorSettings), (x) => x.close());
  logger.info({ egress: describeEgressPolicy(executorSettings.egress) }, 'egress policy');
  const engine = new Engine(
    {
      store: node.store,
      clock,
      executor: executors,
      secrets: node.secrets,
      ids: node.ids,
      logger: logger.child({ role: 'engine' }),
      metrics: node.metrics,
    },
    // The engine takes the engine.* options under their own names (src/engine/options.ts).
    { nodeId: config.nodeId, ...config.engine },
  );
  // The engine re-reads its whole window whatever the ref; any collection ref will do.
  node.cluster?.onWake(() => engine.jobsChanged(ANY));
  engine.start();
  stack.push('engine', engine, (en) => en.stop());
  return engine;
}
