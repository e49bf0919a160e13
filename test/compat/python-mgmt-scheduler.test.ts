// The Python ARM client azure.mgmt.scheduler 7.0.0b1 (Debian python3-azure, provided by
// support/python-azure.mjs) against a real `takt serve` on SQLite over HTTPS with its CA and API token
// (docs/api.md, ARM surface): every method of client.job_collections (list_by_subscription,
// list_by_resource_group, get, create_or_update, patch, begin_delete, begin_enable, begin_disable) and
// client.jobs (get, create_or_update, patch, delete, run, list, list_job_history), the pager over more
// than one page, and the errors as the client raises them. test/compat/python/mgmt_scheduler.py runs
// them; the checks are here.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { HttpSink, type RecordedRequest } from '../support/sinks/http-sink.js';
import { readConnection, startTakt, type Connection, type TaktProcess } from '../../support/serve.js';
import { runPythonClient, stepOf } from './python-harness.js';
import type { Doc } from './tls-harness.js';

const root = mkdtempSync(join(tmpdir(), 'takt-py-arm-'));
let takt: TaktProcess;
let conn: Connection;
let sink: HttpSink;
let results: Doc;
let fired: Promise<RecordedRequest>;

before(async () => {
  sink = await HttpSink.start();
  fired = sink.nextRequest();
  const dataDir = join(root, 'data');
  takt = await startTakt(['--data-dir', dataDir, '--port', '0'], { TAKT_LOG_LEVEL: 'warn' });
  conn = readConnection(dataDir);
  results = await runPythonClient(
    'mgmt_scheduler.py',
    {
      url: conn.url,
      subscriptionId: conn.subscriptionId,
      token: conn.token,
      caCertPath: conn.caCertPath,
      sinkUrl: sink.url('/py-run'),
    },
    join(root, 'results.json'),
  );
});
after(async () => {
  await takt?.stop();
  await sink?.close();
  rmSync(root, { recursive: true, force: true });
});

const collectionId = (rg: string, jc: string): string =>
  `/subscriptions/${conn.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.Scheduler/jobCollections/${jc}`;

/** The requests whose `METHOD url` (after the base URL) matches, in order. */
function wire(filter: RegExp): Doc[] {
  return results.wire.filter((w: Doc) => filter.test(`${w.method} ${w.url.slice(conn.url.length)}`));
}

/** The error a step raised (it was expected to raise). */
function raised(name: string): Doc {
  const v = results.steps[name];
  assert.ok(
    v && typeof v === 'object' && 'error' in v,
    `${name} was expected to raise: ${JSON.stringify(v)}`,
  );
  return v;
}

test('job_collections: create_or_update (201, then 200 replacing), get, patch, list_by_resource_group, list_by_subscription', () => {
  const created = stepOf(results, 'jc_create');
  assert.equal(created.id, collectionId('py-rg', 'py-jc'));
  assert.equal(created.name, 'py-jc');
  assert.equal(created.type, 'Microsoft.Scheduler/jobCollections');
  assert.equal(created.location, 'West US');
  assert.equal(created.sku, 'Standard');
  assert.equal(created.state, 'Enabled');
  assert.deepEqual(
    wire(
      /^PUT \/subscriptions\/[^/]+\/resourceGroups\/py-rg\/providers\/Microsoft\.Scheduler\/jobCollections\/py-jc\?/,
    ).map((w: Doc) => w.status),
    [201, 200],
  );
  const replaced = stepOf(results, 'jc_replace');
  assert.equal(replaced.sku, 'P20Premium');
  assert.deepEqual(replaced.tags, { team: 'ops' });
  const got = stepOf(results, 'jc_get');
  assert.equal(got.id, collectionId('py-rg', 'py-jc'));
  assert.equal(got.max_job_count, 200);
  assert.deepEqual(got.max_recurrence, ['Minute', 1]);
  const patched = stepOf(results, 'jc_patch');
  assert.deepEqual(patched.tags, { team: 'billing' });
  assert.equal(patched.sku, 'P20Premium', 'patch keeps what it did not send');
  assert.deepEqual(stepOf(results, 'jc_list_by_resource_group'), ['py-jc']);
  assert.deepEqual(stepOf(results, 'jc_list_by_subscription'), ['py-jc']);
  const missing = raised('jc_get_missing_group');
  assert.equal(missing.error, 'ResourceNotFoundError');
  assert.equal(missing.status, 404);
  assert.equal(missing.code, 'ResourceGroupNotFound');
});

test('jobs: create_or_update (201, then 200), get and patch read back every model (TimeSpan, Occurrence, no secrets)', () => {
  assert.deepEqual(
    wire(/^PUT .*\/jobs\/report\?/).map((w: Doc) => w.status),
    [201, 200],
  );
  const j = stepOf(results, 'job_get');
  assert.equal(j.id, `${collectionId('py-rg', 'py-jc')}/jobs/report`);
  assert.equal(j.name, 'py-jc/report');
  assert.equal(j.type, 'Microsoft.Scheduler/jobCollections/jobs');
  assert.equal(j.state, 'Enabled');
  assert.deepEqual(j.action, {
    type: 'Https',
    uri: 'https://example.com/report',
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    auth: ['Basic', 'svc', null],
    retry: ['Fixed', 30, 3],
    error_action: ['StorageQueue', 'failures', null],
  });
  assert.deepEqual(j.recurrence, {
    frequency: 'Month',
    interval: 1,
    monthly_occurrences: [['Friday', -1]],
    hours: [9],
  });
  assert.equal(j.status.execution_count, 0);
  assert.match(j.status.next_execution_time, /T09:30:00\+00:00$/);
  assert.deepEqual(stepOf(results, 'job_create'), j);
  const patched = stepOf(results, 'job_patch');
  assert.equal(patched.state, 'Disabled');
  assert.equal(patched.status, null, 'no status while disabled');
  assert.equal(patched.action.uri, 'https://example.com/report', 'patch keeps what it did not send');
  assert.equal(stepOf(results, 'job_patch_enable').state, 'Enabled');
});

test('jobs: list with filter, top and skip; delete; an invalid job is a 400 naming the field', () => {
  assert.deepEqual(stepOf(results, 'job_list'), ['py-jc/other', 'py-jc/report']);
  assert.deepEqual(stepOf(results, 'job_list_filter'), ['py-jc/other']);
  assert.deepEqual(stepOf(results, 'job_list_top_skip'), ['py-jc/report']);
  assert.equal(stepOf(results, 'job_delete'), null);
  assert.equal(wire(/^DELETE .*\/jobs\/other\?/)[0].status, 200);
  const gone = raised('job_get_deleted');
  assert.equal(gone.status, 404);
  assert.equal(gone.code, 'ResourceNotFound');
  const bad = raised('job_create_invalid');
  assert.equal(bad.error, 'HttpResponseError');
  assert.equal(bad.status, 400);
  assert.equal(bad.code, 'BadRequest');
  assert.match(bad.message, /properties\.action\.request\.uri/);
});

test('jobs: run (200) fires once through the engine; list_job_history with status filters and top', async () => {
  assert.equal(stepOf(results, 'run'), null);
  assert.equal(wire(/^POST .*\/jobs\/runner\/run\?/)[0].status, 200);
  const hit = await fired;
  assert.equal(hit.method, 'POST');
  assert.equal(hit.path, '/py-run');
  assert.equal(hit.body.toString(), 'x');
  const [entry, ...more] = stepOf(results, 'history');
  assert.equal(more.length, 0);
  assert.equal(entry.action_name, 'MainAction');
  assert.equal(entry.status, null, 'Completed is written as no status');
  assert.equal(entry.retry_count, 0);
  assert.match(entry.id, /\/jobCollections\/py-jc\/jobs\/runner\/history\/\d+$/);
  assert.match(entry.name, /^py-jc\/runner\/\d+$/);
  assert.equal(entry.type, 'Microsoft.Scheduler/jobCollections/jobs/history');
  const after = stepOf(results, 'run_job_after');
  assert.equal(after.status.execution_count, 1);
  assert.equal(after.status.failure_count, 0);
  assert.equal(
    after.status.next_execution_time,
    stepOf(results, 'run_job_create').status.next_execution_time,
    'a run now leaves the schedule alone',
  );
  assert.equal(stepOf(results, 'history_completed'), 1);
  assert.equal(stepOf(results, 'history_failed'), 0);
  assert.equal(stepOf(results, 'history_top'), 1);
});

test('job_collections: begin_disable and begin_enable (answered at once) switch the collection and its jobs', () => {
  assert.equal(stepOf(results, 'jc_disable'), null);
  assert.deepEqual(stepOf(results, 'after_disable'), ['Disabled', 'Disabled']);
  assert.equal(stepOf(results, 'jc_enable'), null);
  assert.deepEqual(stepOf(results, 'after_enable'), ['Enabled', 'Enabled']);
  for (const op of ['disable', 'enable']) {
    const calls = wire(new RegExp(`^POST .*/jobCollections/py-jc/${op}\\?`));
    assert.deepEqual(
      calls.map((w: Doc) => w.status),
      [200],
      `${op}: one request, no polling`,
    );
  }
});

test('the pager follows nextLink as given: 101 jobs come back as a page of 100 and a page of 1', () => {
  const names = stepOf(results, 'many_list');
  assert.equal(names.length, 101);
  assert.equal(names[0], 'py-big/job000');
  assert.equal(names[100], 'py-big/job100');
  const pages = wire(/^GET .*\/jobCollections\/py-big\/jobs\?/).map((w: Doc) => w.url.slice(conn.url.length));
  assert.deepEqual(pages, [
    `${collectionId('py-rg', 'py-big')}/jobs?api-version=2016-03-01`,
    `${collectionId('py-rg', 'py-big')}/jobs?api-version=2016-03-01&$skip=100`,
  ]);
});

test('job_collections: begin_delete of a collection with jobs, then 404; every request sent the Bearer token', () => {
  assert.equal(stepOf(results, 'jc_delete'), null);
  assert.deepEqual(
    wire(/^DELETE .*\/jobCollections\/py-big\?/).map((w: Doc) => w.status),
    [200],
  );
  const gone = raised('jc_get_deleted');
  assert.equal(gone.status, 404);
  assert.equal(gone.code, 'ResourceNotFound');
  assert.deepEqual(stepOf(results, 'jc_list_after_delete'), ['py-jc']);
  assert.deepEqual([...new Set(results.wire.map((w: Doc) => w.authorization))], ['Bearer ']);
  const refused = results.wire.filter((w: Doc) => w.status >= 400 && w.status !== 404);
  assert.deepEqual(
    refused.map((w: Doc) => `${w.method} ${w.status}`),
    ['PUT 400'],
    'only the invalid job',
  );
});
