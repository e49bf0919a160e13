// Every action type end to end through a real `takt serve` (SQLite): jobs are created through the
// management API (one with the `azure-scheduler` npm client and a management certificate), fire
// against local sinks — HTTP, HTTPS (a test CA added with TAKT_EXTRA_CA_FILES), Azurite for
// Storage Queue, an HTTPS endpoint that verifies Service Bus SAS tokens — and their history,
// counters, times and states are read back through the API (docs/reference/scheduling-rules.md §3, §5, §6, §8).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import {
  generateQueueSASQueryParameters,
  QueueSASPermissions,
  QueueServiceClient,
  StorageSharedKeyCredential,
} from '@azure/storage-queue';
import { createCa, issueServer } from '../support/sinks/certs.js';
import {
  DEV_ACCOUNT,
  DEV_KEY,
  startAzuriteQueue,
  type AzuriteQueue,
} from '../support/sinks/azurite-queue.js';
import { header, HttpSink, type RecordedRequest } from '../support/sinks/http-sink.js';
import { readConnection, ROOT, startTakt, type TaktProcess } from '../../support/serve.js';
import { cb, requireCjs, type Doc } from '../compat/tls-harness.js';
import { api, JC_PATH, seedCollection, type Api } from './engine-support.js';

const execFileAsync = promisify(execFile);
const root = mkdtempSync(join(tmpdir(), 'takt-engine-actions-'));
const dataDir = join(root, 'data');
const SB_NAMESPACE = 'takt-ns';
const SB_KEY_NAME = 'RootManageSharedAccessKey';
const SB_KEY = 'c2VjcmV0LWtleS1ieXRlcw+/=SAS';

let takt: TaktProcess;
let client: Api;
let http: HttpSink;
let https: HttpSink;
let serviceBus: HttpSink;
let azurite: AzuriteQueue;
let queues: QueueServiceClient;
let queueSas: string;

before(async () => {
  const ca = await createCa();
  const caFile = join(root, 'sink-ca.pem');
  writeFileSync(caFile, ca.certPem);
  http = await HttpSink.start();
  https = await HttpSink.start(await issueServer(ca));
  serviceBus = await HttpSink.start(await issueServer(ca));
  serviceBus.responder = (req, res) => {
    const reason = verifySas(req);
    res.statusCode = reason === undefined ? 201 : 401;
    res.end(reason ?? '');
  };
  azurite = await startAzuriteQueue();
  const credential = new StorageSharedKeyCredential(DEV_ACCOUNT, DEV_KEY);
  queues = new QueueServiceClient(azurite.accountUrl, credential);
  await queues.getQueueClient('jobs').create();
  queueSas = generateQueueSASQueryParameters(
    {
      queueName: 'jobs',
      permissions: QueueSASPermissions.parse('a'),
      expiresOn: new Date(Date.now() + 3_600_000),
    },
    credential,
  ).toString();

  takt = await startTakt(['--data-dir', dataDir, '--port', '0'], {
    TAKT_EXTRA_CA_FILES: caFile,
    TAKT_STORAGE_ENDPOINT: azurite.endpointTemplate,
    TAKT_SERVICE_BUS_ENDPOINT: `https://127.0.0.1:${serviceBus.port}/sb/{namespace}`,
    TAKT_MIN_RETRY_INTERVAL: '1s',
    TAKT_LOG_LEVEL: 'warn',
  });
  client = api(readConnection(dataDir));
  await seedCollection(client);
});

after(async () => {
  await takt?.stop();
  for (const s of [http, https, serviceBus]) await s?.close();
  await azurite?.stop();
  rmSync(root, { recursive: true, force: true });
});

/** What a Service Bus namespace checks: key name, resource URI, expiry in the future, signature. */
function verifySas(req: RecordedRequest): string | undefined {
  const entity = /^\/sb\/takt-ns\/(.*)\/messages$/.exec(req.path)?.[1];
  if (entity === undefined) return `path ${req.path}`;
  const m = /^SharedAccessSignature (.*)$/.exec(header(req, 'authorization') ?? '');
  if (!m) return 'not a SharedAccessSignature';
  const f = new Map(
    m[1]!.split('&').map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)] as const),
  );
  const sr = f.get('sr') ?? '';
  const se = f.get('se') ?? '';
  const resource = `https://127.0.0.1:${serviceBus.port}/sb/${SB_NAMESPACE}/${entity}`.toLowerCase();
  if (decodeURIComponent(sr) !== resource) return `sr ${sr}`;
  if (!(Number(se) * 1000 > Date.now())) return `expired ${se}`;
  if (decodeURIComponent(f.get('skn') ?? '') !== SB_KEY_NAME) return 'skn';
  const sig = createHmac('sha256', Buffer.from(SB_KEY, 'utf8')).update(`${sr}\n${se}`).digest('base64');
  return decodeURIComponent(f.get('sig') ?? '') === sig ? undefined : 'InvalidSignature';
}

interface JobJson {
  readonly state: string;
  readonly status?: {
    readonly executionCount: number;
    readonly failureCount: number;
    readonly faultedCount: number;
    readonly lastExecutionTime?: string;
    readonly nextExecutionTime?: string;
  };
}
interface HistoryJson {
  readonly status?: string;
  readonly message: string;
  readonly retryCount: number;
  readonly repeatCount: number;
  readonly actionName: string;
  readonly state: string;
  readonly expectedExecutionTime: string;
}

async function putJob(id: string, body: unknown, path = JC_PATH): Promise<void> {
  const r = await client.call('PUT', `${path}/jobs/${id}`, JSON.stringify(body));
  assert.equal(r.status, 201, r.body);
}
async function getJob(id: string, path = JC_PATH): Promise<JobJson> {
  const r = await client.call('GET', `${path}/jobs/${id}`);
  assert.equal(r.status, 200, r.body);
  return JSON.parse(r.body) as JobJson;
}
async function history(id: string, path = JC_PATH): Promise<HistoryJson[]> {
  const r = await client.call('GET', `${path}/jobs/${id}/history`);
  assert.equal(r.status, 200, r.body);
  return JSON.parse(r.body) as HistoryJson[];
}

/** Polls the API until `done` holds (outcomes are recorded after the sink answered). */
async function until<T>(
  read: () => Promise<T>,
  done: (v: T) => boolean,
  what: string,
  deadlineMs = 30_000,
): Promise<T> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    if (Date.now() > end) assert.fail(`${what}: still ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const httpJob = (uri: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  action: {
    type: 'http',
    request: { uri, method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'hello' },
  },
  ...extra,
});
const finished = (j: JobJson): boolean => j.state === 'completed' || j.state === 'faulted';

test('HTTP and HTTPS actions: the request arrives with the tracking headers; history, counters and completed state through the API', async () => {
  const started = Date.now();
  const plain = http.nextRequest();
  const secure = https.nextRequest();
  await putJob('web', httpJob(http.url('/web')));
  await putJob('secure', httpJob(https.url('/secure')));
  for (const [req, id] of [
    [await plain, 'web'],
    [await secure, 'secure'],
  ] as const) {
    assert.equal(req.method, 'POST');
    assert.equal(req.body.toString(), 'hello');
    assert.equal(header(req, 'x-ms-scheduler-jobid'), id);
    assert.equal(header(req, 'x-ms-scheduler-jobcollectionid'), 'jc1');
    assert.equal(header(req, 'x-ms-scheduler-execution-region'), 'West Europe');
    assert.match(header(req, 'x-ms-execution-tag') ?? '', /^[0-9a-f]{32}$/);
    assert.match(
      header(req, 'x-ms-client-request-id') ?? '',
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
    const job = await until(() => getJob(id), finished, `${id} finishes`);
    assert.equal(job.state, 'completed');
    assert.equal(job.status?.executionCount, 1);
    assert.equal(job.status?.failureCount, 0);
    assert.equal(job.status?.faultedCount, 0);
    assert.equal(job.status?.nextExecutionTime, undefined, 'a one-time job has no next occurrence');
    const last = Date.parse(job.status?.lastExecutionTime ?? '');
    assert.ok(
      last >= started - 1000 && last <= Date.now(),
      `lastExecutionTime ${job.status?.lastExecutionTime}`,
    );
    const h = await history(id);
    assert.equal(h.length, 1);
    assert.equal(h[0]?.status, undefined, 'completed: status omitted');
    assert.equal(h[0]?.actionName, 'MainAction');
    assert.equal(h[0]?.state, 'completed');
    assert.equal(h[0]?.repeatCount, 1);
    assert.match(
      h[0]?.message ?? '',
      /^Http Action - Response from host '127\.0\.0\.1': 'OK' Response Headers: .*\r\n Body: ok$/s,
    );
  }
});

test('a job created with the azure-scheduler npm client (management certificate) runs; getHistory shows it', async () => {
  const conn = readConnection(dataDir);
  const common = requireCjs('azure-common');
  const scheduler = requireCjs('azure-scheduler');
  const ca = readFileSync(conn.caCertPath, 'utf8');
  const credentials = new common.CertificateCloudCredentials({
    subscriptionId: conn.subscriptionId,
    cert: readFileSync(conn.certPath, 'utf8'),
    key: readFileSync(conn.keyPath, 'utf8'),
  });
  const trustCa = (resource: Doc, next: Doc, callback: Doc): Doc => {
    resource.ca = ca;
    return next(resource, callback);
  };
  const jobs = scheduler
    .createSchedulerClient('cs1', 'jc1', credentials, `${conn.url}/`)
    .withFilter(trustCa).jobs;
  const arrived = http.nextRequest();
  const created = await cb((d) =>
    jobs.createOrUpdate(
      'from-sdk',
      { action: { type: 'Http', request: { uri: http.url('/sdk'), method: 'GET' } } },
      d,
    ),
  );
  assert.equal(created.statusCode, 201);
  const req = await arrived;
  assert.equal(req.method, 'GET');
  assert.equal(header(req, 'x-ms-scheduler-jobid'), 'from-sdk');
  await until(() => getJob('from-sdk'), finished, 'from-sdk finishes');
  const got = await cb((d) => jobs.getHistory('from-sdk', {}, d));
  assert.equal(got.jobHistory.length, 1);
  assert.match(String(got.jobHistory[0].message), /^Http Action - Response from host '127\.0\.0\.1': 'OK'/);
  const job = await cb((d) => jobs.get('from-sdk', d));
  assert.equal(job.job.state, 'completed');
  assert.equal(job.job.status.executionCount, 1);
});

test('Storage Queue action: the StorageQueueMessage wrapper lands in Azurite', async () => {
  await putJob('queue', {
    action: {
      type: 'storageQueue',
      queueMessage: {
        storageAccount: DEV_ACCOUNT,
        queueName: 'jobs',
        sasToken: `?${queueSas}`,
        message: 'report & archive',
      },
    },
  });
  const job = await until(() => getJob('queue'), finished, 'queue finishes');
  assert.equal(job.state, 'completed');
  const [entry] = await history('queue');
  assert.equal(
    entry?.message,
    `StorageQueue Action - Request to storage account '${DEV_ACCOUNT}' queue 'jobs' succeeded: 'Created'`,
  );
  const received = await queues.getQueueClient('jobs').receiveMessages();
  // The SDK's XML parser leaves the escaped carriage returns as they travelled.
  const text = (received.receivedMessageItems[0]?.messageText ?? '').replaceAll('&#xD;', '\r');
  assert.match(text, /^<\?xml version="1\.0" encoding="utf-16"\?>\r\n<StorageQueueMessage /);
  assert.match(text, /<ExecutionTag>[0-9a-f]{32}<\/ExecutionTag>/);
  assert.match(
    text,
    /<SchedulerJobId>queue<\/SchedulerJobId>\r\n {2}<SchedulerJobCollectionId>jc1<\/SchedulerJobCollectionId>\r\n {2}<Region>West Europe<\/Region>/,
  );
  assert.match(text, /<Message>report &amp; archive<\/Message>/);
  assert.equal(
    /<ExpectedExecutionTime>(.*)<\/ExpectedExecutionTime>/.exec(text)?.[1],
    entry?.expectedExecutionTime.replace(/Z$/, ''),
    'the wrapper carries the occurrence due time',
  );
});

test('Service Bus queue action: the message reaches the namespace with a valid SAS token and its properties', async () => {
  const arrived = serviceBus.nextRequest();
  await putJob('bus', {
    action: {
      type: 'serviceBusQueue',
      serviceBusQueueMessage: {
        queueName: 'orders',
        namespace: SB_NAMESPACE,
        transportType: 'AMQP',
        authentication: { type: 'SharedAccessKey', sasKeyName: SB_KEY_NAME, sasKey: SB_KEY },
        message: 'order 42',
        brokeredMessageProperties: { label: 'nightly' },
        customMessageProperties: { Priority: 'High' },
      },
    },
  });
  const req = await arrived;
  assert.equal(verifySas(req), undefined);
  assert.equal(req.body.toString(), 'order 42');
  assert.equal(header(req, 'Priority'), '"High"');
  const broker = JSON.parse(header(req, 'BrokerProperties') ?? '{}') as Record<string, unknown>;
  assert.equal(broker['Label'], 'nightly');
  assert.equal(broker['MessageId'], header(req, 'x-ms-execution-tag')?.replaceAll('"', ''));
  await until(() => getJob('bus'), finished, 'bus finishes');
  const [entry] = await history('bus');
  assert.equal(
    entry?.message,
    `ServiceBusQueue Action - Message sent to queue 'orders' in namespace '${SB_NAMESPACE}': 'Created'`,
  );
});

test('a failing action is retried per its policy, then the error action runs; counters and faulted state', async () => {
  const tags: string[] = [];
  const parents: string[] = [];
  const prior = http.responder;
  http.responder = (req, res) => {
    if (req.path === '/flaky') {
      tags.push(header(req, 'x-ms-execution-tag') ?? '');
      parents.push(header(req, 'traceparent') ?? '');
      res.statusCode = 503;
      res.end('busy');
      return;
    }
    prior(req, res);
  };
  try {
    const errorSeen = new Promise<RecordedRequest>((resolve) => {
      const on = (r: RecordedRequest): void => {
        if (r.path !== '/fallback') return;
        http.off('request', on);
        resolve(r);
      };
      http.on('request', on);
    });
    await putJob(
      'flaky',
      httpJob(http.url('/flaky'), {
        action: {
          type: 'http',
          request: { uri: http.url('/flaky'), method: 'POST', body: 'x' },
          retryPolicy: { retryType: 'fixed', retryInterval: 'PT1S', retryCount: 2 },
          errorAction: {
            type: 'http',
            request: { uri: http.url('/fallback'), method: 'POST', body: 'it failed' },
          },
        },
      }),
    );
    const fallback = await errorSeen;
    assert.equal(tags.length, 3, 'one attempt and two retries');
    // Takt extension: one W3C trace per occurrence (its tag), a new parent id per attempt.
    const traces = [...parents, header(fallback, 'traceparent') ?? ''].map((t) =>
      /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/.exec(t),
    );
    assert.ok(
      traces.every((m) => m?.[1] === tags[0]),
      parents.join(' '),
    );
    assert.equal(new Set(traces.map((m) => m?.[2])).size, 4);
    assert.ok(
      tags.every((t) => t === header(fallback, 'x-ms-execution-tag')),
      'one occurrence, one tag',
    );
    const h = await until(
      () => history('flaky'),
      (x) => x.length === 4,
      'four history entries',
    );
    // Newest first: the error action, then the main attempts 2, 1, 0.
    assert.deepEqual(
      h.map((e) => [e.actionName, e.retryCount, e.status, e.state]),
      [
        ['ErrorAction', 0, undefined, 'faulted'],
        ['MainAction', 2, 'failed', 'faulted'],
        ['MainAction', 1, 'failed', 'enabled'],
        ['MainAction', 0, 'failed', 'enabled'],
      ],
    );
    assert.match(
      h[1]?.message ?? '',
      /^Http Action - Response from host '127\.0\.0\.1': 'Service Unavailable' Response Headers: .* Body: busy$/s,
    );
    const job = await getJob('flaky');
    assert.equal(job.state, 'faulted');
    assert.equal(job.status?.executionCount, 1);
    assert.equal(job.status?.failureCount, 3);
    assert.equal(job.status?.faultedCount, 1);
  } finally {
    http.responder = prior;
  }
});

test('a disabled job and the jobs of a suspended collection (all disabled, classic #9) do not run', async () => {
  const jc2 = '/cloudservices/cs1/resources/scheduler/~/JobCollections/jc2';
  const made = await client.call(
    'PUT',
    jc2,
    '<Resource xmlns="http://schemas.microsoft.com/windowsazure"><IntrinsicSettings><Plan>Standard</Plan></IntrinsicSettings></Resource>',
    'application/xml',
  );
  assert.ok(made.status === 201 || made.status === 202, made.body);
  const now = Date.now();
  await putJob('off', {
    ...httpJob(http.url('/off')),
    startTime: new Date(now - 5_000).toISOString(),
    state: 'disabled',
  });
  // Enabled when written and due in 2 s, but its collection is suspended before that.
  await putJob(
    'paused',
    { ...httpJob(http.url('/paused')), startTime: new Date(now + 2_000).toISOString() },
    jc2,
  );
  const suspend = await client.call('PATCH', `${jc2}/jobs`, JSON.stringify({ state: 'disabled' }));
  assert.equal(suspend.status, 200, suspend.body);
  // A control job due after both runs; the engine claims in due order, so by then it passed them over.
  const control = http.nextRequest();
  await putJob('control', {
    ...httpJob(http.url('/control')),
    startTime: new Date(now + 3_000).toISOString(),
  });
  assert.equal((await control).path, '/control');
  await until(() => getJob('control'), finished, 'control finishes');
  assert.deepEqual(
    http.requests.filter((r) => r.path === '/off' || r.path === '/paused'),
    [],
    'disabled jobs did not run',
  );
  for (const [id, path] of [
    ['off', JC_PATH],
    ['paused', jc2],
  ] as const) {
    assert.deepEqual(await history(id, path), [], id);
    const job = await getJob(id, path);
    assert.equal(job.state, 'disabled', id);
    assert.equal(job.status, undefined, `${id}: disabled jobs show no status`);
  }
});

test("a disabled subscription's jobs wait: `takt subscriptions disable` beside the server, enabling runs them", async () => {
  // The admin CLI as an operator runs it: its own process (bin/takt.js) beside the server.
  const admin = async (...argv: string[]): Promise<string> => {
    const { stdout } = await execFileAsync(process.execPath, [join(ROOT, 'bin', 'takt.js'), ...argv], {
      env: { ...process.env, TAKT_DATA_DIR: dataDir },
    });
    return stdout;
  };
  // Another tenant, for a control job that keeps running.
  const other = (JSON.parse(await admin('subscriptions', 'create', '--json')) as { id: string }).id;
  const issued = JSON.parse(await admin('tokens', 'create', '--subscription', other, '--json')) as {
    token: string;
  };
  const otherClient = api({ ...client.conn, subscriptionId: other, token: issued.token });
  await seedCollection(otherClient);
  const now = Date.now();
  await putJob('locked-out', {
    ...httpJob(http.url('/locked-out')),
    startTime: new Date(now + 2_000).toISOString(),
  });
  await admin('subscriptions', 'disable', client.conn.subscriptionId);
  assert.equal((await client.call('GET', `${JC_PATH}/jobs/locked-out`)).status, 403);
  // Due a second after the locked-out job: claimed in due order, so once it ran the other was passed over.
  // Other tests' jobs may reach the sink meanwhile: wait for these paths.
  const arrivalAt = async (path: string): Promise<RecordedRequest> => {
    for (;;) {
      const r = await http.nextRequest();
      if (r.path === path) return r;
    }
  };
  const control = arrivalAt('/control-2');
  const made = await otherClient.call(
    'PUT',
    `${JC_PATH}/jobs/control-2`,
    JSON.stringify({ ...httpJob(http.url('/control-2')), startTime: new Date(now + 3_000).toISOString() }),
  );
  assert.equal(made.status, 201, made.body);
  assert.equal((await control).path, '/control-2');
  const read = async (): Promise<JobJson> =>
    JSON.parse((await otherClient.call('GET', `${JC_PATH}/jobs/control-2`)).body) as JobJson;
  await until(read, finished, 'the control job finishes');
  assert.deepEqual(
    http.requests.filter((r) => r.path === '/locked-out'),
    [],
    "the disabled subscription's job did not run",
  );
  const arrived = arrivalAt('/locked-out');
  await admin('subscriptions', 'enable', client.conn.subscriptionId);
  assert.equal((await arrived).path, '/locked-out');
  await until(() => getJob('locked-out'), finished, 'the job completes once enabled');
});

test('run now (POST …/run) fires an extra occurrence without moving the grid', async () => {
  const start = new Date(Date.now() + 3_600_000);
  start.setUTCMilliseconds(0);
  await putJob('hourly', {
    ...httpJob(http.url('/hourly')),
    startTime: start.toISOString(),
    recurrence: { frequency: 'hour', interval: 1, count: 3 },
  });
  const before = await getJob('hourly');
  assert.equal(Date.parse(before.status?.nextExecutionTime ?? ''), start.getTime());
  const arrived = http.nextRequest();
  const run = await client.call('POST', `${JC_PATH}/jobs/hourly/run`);
  assert.equal(run.status, 202, run.body);
  const ran = JSON.parse(run.body) as { executionTag: string; repeatCount: number };
  const req = await arrived;
  assert.equal(req.path, '/hourly');
  assert.equal(header(req, 'x-ms-execution-tag'), ran.executionTag);
  const h = await until(
    () => history('hourly'),
    (x) => x.length === 1,
    'one history entry',
  );
  assert.equal(h[0]?.repeatCount, ran.repeatCount);
  const after = await getJob('hourly');
  assert.equal(after.state, 'enabled');
  assert.equal(after.status?.nextExecutionTime, before.status?.nextExecutionTime, 'the grid did not move');
  assert.equal(after.status?.executionCount, 1);
  assert.ok(after.status?.lastExecutionTime !== undefined);
});

test('a recurring job without startTime: occurrence 1 at save time, then nextExecutionTime is the next grid point', async () => {
  const arrived = http.nextRequest();
  await putJob('every-minute', {
    ...httpJob(http.url('/every-minute')),
    recurrence: { frequency: 'minute', interval: 1, count: 5 },
  });
  const req = await arrived;
  // The anchor is the save time (docs/reference/scheduling-rules.md §4.3): the due time of occurrence 1.
  const anchor = Date.parse(header(req, 'x-ms-scheduler-expected-execution-time') ?? '');
  assert.ok(Number.isFinite(anchor));
  const [entry] = await until(
    () => history('every-minute'),
    (x) => x.length === 1,
    'first occurrence recorded',
  );
  assert.equal(entry?.repeatCount, 1);
  assert.equal(entry?.state, 'enabled');
  assert.equal(Date.parse(entry?.expectedExecutionTime ?? ''), anchor);
  const job = await getJob('every-minute');
  assert.equal(job.state, 'enabled');
  assert.equal(job.status?.executionCount, 1);
  assert.equal(
    Date.parse(job.status?.nextExecutionTime ?? ''),
    anchor + 60_000,
    'the grid, not the actual start',
  );
  assert.ok(Date.parse(job.status?.lastExecutionTime ?? '') >= anchor);
});
