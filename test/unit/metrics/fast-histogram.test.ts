import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Histogram, Registry } from 'prom-client';
import { FastHistogram } from '../../../src/metrics/fast-histogram.js';

const BUCKETS = [0.0001, 0.001, 0.01, 0.1, 1];
/** Below, on and between bounds, beyond the last one, zero; two label sets, one seen again later. */
const OBSERVED: [string, number][] = [
  ['getJob', 0.00005],
  ['findCertificate', 0.001],
  ['getJob', 0.0123],
  ['getJob', 7],
  ['findCertificate', 0],
  ['getJob', 0.1],
  ['a "quoted"\\verb', 0.3],
];

/** The same observations through prom-client's Histogram and through FastHistogram. */
function both(defaultLabels?: Record<string, string>): [Registry, Registry] {
  const plain = new Registry();
  const fast = new Registry();
  if (defaultLabels) {
    plain.setDefaultLabels(defaultLabels);
    fast.setDefaultLabels(defaultLabels);
  }
  const config = {
    name: 'x_seconds',
    help: 'Some latency.',
    labelNames: ['verb'] as const,
    buckets: BUCKETS,
  };
  const h = new Histogram({ ...config, labelNames: [...config.labelNames], registers: [plain] });
  const f = new FastHistogram({ ...config, registry: fast });
  const observers = new Map<string, (v: number) => void>();
  for (const [verb, v] of OBSERVED) {
    h.labels({ verb }).observe(v);
    let o = observers.get(verb);
    if (!o) observers.set(verb, (o = f.observer({ verb })));
    o(v);
  }
  return [plain, fast];
}

test('FastHistogram renders exactly what prom-client renders for the same observations', async () => {
  const [plain, fast] = both();
  assert.equal(await fast.metrics(), await plain.metrics());
  assert.deepEqual(await fast.getMetricsAsJSON(), await plain.getMetricsAsJSON());
});

test('FastHistogram with default labels, and after a reset, still renders as prom-client does', async () => {
  const [plain, fast] = both({ node: 'n1' });
  assert.equal(await fast.metrics(), await plain.metrics());
  plain.resetMetrics();
  fast.resetMetrics();
  assert.equal(await fast.metrics(), await plain.metrics());
});

test('FastHistogram refuses a value that is not a finite number, as prom-client does', () => {
  const f = new FastHistogram({
    name: 'y',
    help: 'h',
    labelNames: ['verb'],
    buckets: BUCKETS,
    registry: new Registry(),
  });
  assert.throws(() => f.observer({ verb: 'v' })(Number.NaN), TypeError);
});
