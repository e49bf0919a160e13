// The metrics table of docs/operations.md (Monitoring) is what operators build dashboards and
// alerts from: every family Takt registers is in it, and the labels' documented values are the
// ones Takt emits, in the table and in the exposition's own HELP text.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { PromMetrics } from '../../src/metrics/index.js';

const doc = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'operations.md'), 'utf8');
/** The first cell of each row of the metrics table: its metric names. */
const documented = new Set(
  doc
    .split('\n')
    .filter((l) => l.startsWith('| `takt_'))
    .flatMap((l) => [...l.split('|')[1]!.matchAll(/`(takt_\w+)`/g)].map((m) => m[1]!)),
);

test('every metric family Takt registers has a row in the Monitoring table', async () => {
  const all = new PromMetrics({ processMetrics: false, cluster: true });
  const families = (await all.registry.getMetricsAsJSON()).map((m) => m.name);
  assert.ok(families.length > 10);
  assert.deepEqual(
    families.filter((f) => !documented.has(f)),
    [],
  );
});

test('takt_executions_total names the outcomes it has, in its HELP and in the table', async () => {
  const text = await new PromMetrics({ processMetrics: false }).render();
  const help = /^# HELP takt_executions_total .*outcome \(([^)]*)\)/m.exec(text)?.[1];
  assert.equal(help, 'completed, failed');
  const row = doc.split('\n').find((l) => l.startsWith('| `takt_executions_total`'));
  assert.match(row ?? '', /`outcome` \(`completed`, `failed`\)/);
});
