import { localRunner, type AttemptRunner } from '../engine/attempt-runner.js';
import { Engine } from '../engine/engine.js';
import { WorkerRunner } from '../engine/worker-runner.js';
import { createExecutors, describeEgressPolicy, type ExecutorOptions } from '../executors/index.js';
import { warmUpHttp } from '../executors/net/warm-up.js';
import type { EngineSignal } from '../ports/engine-signal.js';
import type { CleanupStack } from './cleanup-stack.js';
import { startExecutorThread, type ExecutorWorkerData } from './executor-worker-data.js';
import { executorOptions } from './executor-options.js';
import type { NodeResources } from './node-resources.js';
import { SystemClock } from './system-clock.js';
import { TAKT_VERSION } from './version.js';

const ANY = { subscriptionId: '', cloudService: '', collection: '' } as const;
const NO_ENGINE: EngineSignal = { jobsChanged: () => undefined };

/**
 * Starts the engine of `--role engine|all` (attempt runner, then the dispatcher; stopped in reverse)
 * and answers the signal writes use to wake it. With `--role api` there is no engine in the process:
 * writes need no in-process signal, because the engines of other nodes find changes by polling or
 * NOTIFY on the shared store.
 */
export function startEngineRole(node: NodeResources, stack: CleanupStack): EngineSignal {
  const { config, clock, logger } = node;
  if (config.role === 'api') return NO_ENGINE;
  const executorSettings = executorOptions(config, clock, TAKT_VERSION);
  logger.info({ egress: describeEgressPolicy(executorSettings.egress) }, 'egress policy');
  const engineLog = logger.child({ role: 'engine' });
  const runner = stack.push('attempt runner', attemptRunner(node, executorSettings, engineLog), (r) =>
    r.close(),
  );
  const engine = new Engine(
    {
      store: node.store,
      clock,
      runner,
      secrets: node.secrets,
      ids: node.ids,
      logger: engineLog,
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

/**
 * `engine.executorThreads` 1: the executors in their own thread (the HTTP exchanges beside the
 * store's transactions); 0: on the engine's thread. The thread builds its own executors and secret
 * box from the same settings, so secrets are opened there, never posted in clear text.
 */
function attemptRunner(
  node: NodeResources,
  settings: ExecutorOptions,
  logger: NodeResources['logger'],
): AttemptRunner {
  const { config, clock } = node;
  if (config.engine.executorThreads === 0) {
    const executors = createExecutors(settings);
    void warmUpHttp(); // as the executor thread does (executors/net/warm-up.ts)
    const local = localRunner({
      clock,
      executor: executors,
      secrets: node.secrets,
      ids: node.ids,
      maxPerHost: config.engine.maxPerHost,
    });
    return { ...local, close: () => executors.close() };
  }
  const { clock: _clock, lookup: _lookup, ...executor } = settings;
  const workerData: ExecutorWorkerData = {
    executor,
    maxPerHost: config.engine.maxPerHost,
    secretKey:
      config.secretKey !== undefined ? { keyBase64: config.secretKey } : { keyFile: config.secretKeyFile },
  };
  return new WorkerRunner({
    spawn: () => startExecutorThread(workerData),
    clock,
    threadClock: new SystemClock(),
    logger,
  });
}
