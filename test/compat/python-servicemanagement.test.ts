// The legacy Python classic client `azure.servicemanagement` (Debian python3-azure 20230112, provided
// by support/python-azure.mjs) against a real `takt serve` on SQLite, authenticated with the admin
// certificate and key in one PEM file over Takt's CA: all 12 methods of SchedulerManagementService and
// the two operation-status methods it inherits (test/compat/python/servicemanagement.py runs them;
// the checks are here). Includes the cascading delete of a non-empty cloud service (202 + operation)
// and `<Label>` inside `<Resource>` of Get/List Cloud Service (docs/reference/classic-operations.md).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { httpsRequest } from '../../support/https-request.js';
import { readConnection, startTakt, type Connection, type TaktProcess } from '../../support/serve.js';
import { runPythonClient, stepOf } from './python-harness.js';
import type { Doc } from './tls-harness.js';

const root = mkdtempSync(join(tmpdir(), 'takt-py-classic-'));
let takt: TaktProcess;
let conn: Connection;
let results: Doc;

before(async () => {
  const dataDir = join(root, 'data');
  takt = await startTakt(['--data-dir', dataDir, '--port', '0'], { TAKT_LOG_LEVEL: 'warn' });
  conn = readConnection(dataDir);
  // What the README tells Python users to do: one PEM file with the certificate and its key.
  const clientPem = join(root, 'client.pem');
  const cert = readFileSync(conn.certPath, 'utf8');
  const key = readFileSync(conn.keyPath, 'utf8');
  writeFileSync(clientPem, cert + key);
  // A collection with a <Label> (base64, stored verbatim), which the Python client cannot send.
  const put = (path: string, body: string) =>
    httpsRequest(`${conn.url}/${conn.subscriptionId}/cloudservices/${path}`, {
      method: 'PUT',
      ca: readFileSync(conn.caCertPath, 'utf8'),
      cert,
      key,
      headers: { 'x-ms-version': '2014-10-01', 'content-type': 'application/xml' },
      body,
    });
  const ns = 'xmlns="http://schemas.microsoft.com/windowsazure"';
  for (const answer of [
    await put(
      'py-labelled',
      `<CloudService ${ns}><Label>labelled jobs</Label><Description>d</Description><GeoRegion>West US</GeoRegion></CloudService>`,
    ),
    await put(
      'py-labelled/resources/scheduler/JobCollections/tagged',
      `<Resource ${ns}><IntrinsicSettings><Plan>Standard</Plan></IntrinsicSettings><Label>bXkgbGFiZWw=</Label></Resource>`,
    ),
  ])
    assert.equal(answer.status, 202, answer.body);
  results = await runPythonClient(
    'servicemanagement.py',
    {
      url: conn.url,
      subscriptionId: conn.subscriptionId,
      clientPem,
      caCertPath: conn.caCertPath,
      sinkUrl: 'http://127.0.0.1:9/never-called',
      labelled: 'py-labelled',
    },
    join(root, 'results.json'),
  );
});
after(async () => {
  await takt?.stop();
  rmSync(root, { recursive: true, force: true });
});

/** The requests the client sent, as `METHOD path?query status`, in order. */
function wire(filter: RegExp): Doc[] {
  return results.wire.filter((w: Doc) => filter.test(`${w.method} ${w.path}`));
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

const sub = (): string => conn.subscriptionId;

test('create_cloud_service (202, operation Succeeded), get_operation_status, get_cloud_service, list_cloud_services', () => {
  const op = stepOf(results, 'create_cloud_service');
  assert.match(op.request_id, /^[0-9a-f]{32}$/);
  assert.deepEqual(stepOf(results, 'create_cloud_service_status'), {
    id: '',
    status: 'Succeeded',
    http_status_code: '200',
    error_code: null,
  });
  const [put] = wire(new RegExp(`^PUT /${sub()}/cloudservices/py-cs$`));
  assert.equal(put.status, 202);
  const got = stepOf(results, 'get_cloud_service');
  assert.equal(got.name, 'py-cs');
  assert.equal(got.label, 'Python jobs');
  assert.equal(got.description, 'made by azure.servicemanagement');
  assert.equal(got.geo_region, 'West Europe');
  assert.deepEqual(
    got.resources.map((r: Doc) => [r.name, r.type, r.state, r.resource_provider_namespace, r.plan]),
    [
      ['py-free', 'jobcollections', 'Started', 'Scheduler', 'Free'],
      ['py-jc', 'jobcollections', 'Started', 'Scheduler', 'Standard'],
    ],
  );
  const listed = stepOf(results, 'list_cloud_services');
  assert.deepEqual(
    listed.map((c: Doc) => [c.name, c.label, c.geo_region, c.resources.length]),
    [
      ['py-cs', 'Python jobs', 'West Europe', 2],
      ['py-labelled', 'labelled jobs', 'West US', 1],
    ],
  );
});

test('`<Label>` inside `<Resource>` of Get and List Cloud Service: written when set, and the client still reads its own', () => {
  const labelled = stepOf(results, 'get_cloud_service_labelled');
  assert.equal(labelled.label, 'labelled jobs', "the cloud service's label, not the collection's");
  assert.deepEqual(
    labelled.resources.map((r: Doc) => [r.name, r.plan, r.state]),
    [['tagged', 'Standard', 'Started']],
  );
  const get = wire(new RegExp(`^GET /${sub()}/cloudservices/py-labelled$`));
  const list = wire(new RegExp(`^GET /${sub()}/cloudservices$`));
  for (const body of [get[0].body, list[0].body] as string[]) {
    const tagged = /<Resource>(?:(?!<\/Resource>).)*<Name>tagged<\/Name>.*?<\/Resource>/.exec(body);
    assert.ok(tagged, body);
    assert.match(tagged[0], /<Label>bXkgbGFiZWw=<\/Label>/);
  }
  // The Python client sends no label: its collections have none (docs/reference/classic-operations.md §7.2: `Label` only when set).
  const [pyGet] = wire(new RegExp(`^GET /${sub()}/cloudservices/py-cs$`));
  assert.doesNotMatch(pyGet.body.replace(/^.*?<Resources>/, ''), /<Label>/);
});

test('check_job_collection_name: the request and Takt’s answers are right; the client’s parser reads a different root', () => {
  // The SDK parses <AvailabilityResponse><Result> (its upstream test is skipped: "functionality not
  // working"); Takt answers <ResourceNameAvailabilityResponse><IsAvailable> as Azure did, so the
  // client's `.result` stays at its default False. The wire shows the true answers.
  assert.equal(stepOf(results, 'check_job_collection_name_free'), false);
  assert.equal(stepOf(results, 'check_job_collection_name_taken'), false);
  const checks = wire(/^POST .*\/resources\/scheduler\/jobCollections$/);
  assert.deepEqual(
    checks.map((w: Doc) => [w.query.find((q: Doc) => q[0] === 'resourceName')[1], w.status]),
    [
      ['py-jc', 200],
      ['PY-JC', 200],
    ],
  );
  assert.match(checks[0].body, /<IsAvailable>true<\/IsAvailable>/);
  assert.match(checks[1].body, /<IsAvailable>false<\/IsAvailable>/, 'names compare without case');
});

test('create_job_collection (lower-case <plan>, 202), wait_for_operation_status, get_job_collection', () => {
  assert.match(stepOf(results, 'create_job_collection').request_id, /^[0-9a-f]{32}$/);
  assert.equal(stepOf(results, 'create_job_collection_status').status, 'Succeeded');
  assert.match(stepOf(results, 'create_job_collection_free').request_id, /^[0-9a-f]{32}$/);
  for (const w of wire(/^PUT .*\/resources\/scheduler\/jobCollections\/py-(jc|free)$/))
    assert.equal(w.status, 202);
  const jc = stepOf(results, 'get_job_collection');
  assert.equal(jc.name, 'py-jc');
  assert.equal(jc.type, 'jobcollections');
  assert.equal(jc.state, 'Started');
  assert.equal(jc.plan, 'Standard');
  assert.match(jc.e_tag, /^[0-9a-f-]{36}$/);
  assert.equal(stepOf(results, 'get_job_collection_free').plan, 'Free');
});

test('create_job (JSON, 201, operation polled), get_job, get_all_jobs (trailing /), delete_job', () => {
  assert.equal(stepOf(results, 'create_job_status').status, 'Succeeded');
  for (const w of wire(/^PUT .*\/jobs\/py-job(-2)?$/)) assert.equal(w.status, 201);
  const job = stepOf(results, 'get_job');
  assert.equal(job.id, 'py-job');
  assert.equal(job.state, 'enabled');
  assert.equal(job.action.type, 'http');
  assert.deepEqual(job.action.request, {
    uri: 'http://127.0.0.1:9/never-called',
    method: 'POST',
    headers: { 'Content-Type': 'text/plain' },
    body: 'from python',
  });
  assert.deepEqual(job.action.retryPolicy, { retryType: 'fixed', retryInterval: '00:00:30', retryCount: 2 });
  assert.deepEqual(job.recurrence, {
    frequency: 'day',
    interval: 1,
    schedule: { minutes: [30], hours: [9] },
  });
  assert.equal(job.status.executionCount, 0);
  assert.match(job.status.nextExecutionTime, /T09:30:00Z$/);
  assert.deepEqual(
    stepOf(results, 'get_all_jobs').map((j: Doc) => [j.id, j.state]),
    [
      ['py-job', 'enabled'],
      ['py-job-2', 'disabled'],
    ],
  );
  assert.ok(wire(/\/jobs\/$/).length > 0, 'the client lists with a trailing /');
  assert.match(stepOf(results, 'delete_job').request_id, /^[0-9a-f]{32}$/);
  assert.equal(stepOf(results, 'delete_job_status').status, 'Succeeded');
  const gone = raised('get_deleted_job');
  assert.equal(gone.error, 'AzureMissingResourceHttpError');
  assert.equal(gone.status, 404);
  assert.match(gone.message, /<Code>ResourceNotFound<\/Code>/);
  assert.deepEqual(stepOf(results, 'get_all_jobs_after_delete'), ['py-job']);
});

test('delete_job_collection (202 + operation), then 404', () => {
  const [del] = wire(/^DELETE .*\/jobCollections\/py-free$/);
  assert.equal(del.status, 202);
  assert.equal(stepOf(results, 'delete_job_collection_status').status, 'Succeeded');
  assert.equal(raised('get_deleted_job_collection').status, 404);
});

test('delete_cloud_service of a non-empty cloud service cascades: 202, operation Succeeded, everything gone', () => {
  const [del] = wire(new RegExp(`^DELETE /${sub()}/cloudservices/py-cs$`));
  assert.equal(del.status, 202);
  assert.match(stepOf(results, 'delete_cloud_service').request_id, /^[0-9a-f]{32}$/);
  assert.equal(stepOf(results, 'delete_cloud_service_status').status, 'Succeeded');
  const gone = raised('get_deleted_cloud_service');
  assert.equal(gone.status, 404);
  assert.match(gone.message, /The cloud service 'py-cs' does not exist/);
  assert.deepEqual(stepOf(results, 'list_cloud_services_after_delete'), ['py-labelled']);
  const unknown = raised('unknown_operation_status');
  assert.equal(unknown.status, 404);
});

test('every request carried x-ms-version 2014-10-01 and none was refused unexpectedly', () => {
  const unexpected = results.wire.filter((w: Doc) => w.status >= 400 && w.status !== 404);
  assert.deepEqual(unexpected, []);
  assert.deepEqual([...new Set(results.wire.map((w: Doc) => w.x_ms_version))], ['2014-10-01']);
  assert.ok(results.wire.length >= 29, `${results.wire.length} requests`);
});
