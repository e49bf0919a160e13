import type { Metrics, MetricsExposition } from '../ports/metrics.js';

/** Metrics that go nowhere: for tests, tools (`takt migrate`, `takt backup`) and `--metrics off`. */
export class NoopMetrics implements Metrics, MetricsExposition {
  readonly contentType = 'text/plain; version=0.0.4; charset=utf-8';
  render(): Promise<string> {
    return Promise.resolve('');
  }
  executionFinished(): void {}
  claimed(): void {}
  leaseReclaimed(): void {}
  clusterWakeup(): void {}
  clusterListening(): void {}
  inFlight(): void {}
  dueBacklog(): void {}
  storeLatency(): void {}
  storeFailed(): void {}
  apiRequest(): void {}
  apiConnections(): void {}
  apiConnectionRefused(): void {}
  sqliteCheckpoint(): void {}
}
