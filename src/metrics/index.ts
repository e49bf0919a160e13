export { NoopMetrics } from './noop-metrics.js';
export { PromMetrics, type PromMetricsOptions } from './prom-metrics.js';
export { timedStore } from './timed-store.js';
