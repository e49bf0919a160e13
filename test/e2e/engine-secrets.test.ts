// A job whose stored secret cannot be decrypted (issue 4, "Bad input and faults"), through a real
// `takt serve`: the job is written under one secret key and the node restarted with another, as
// after a lost key file. Its occurrence faults with a clear history message; other jobs run.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { header, HttpSink } from '../support/sinks/http-sink.js';
import { readConnection, startTakt, type TaktProcess } from '../../support/serve.js';
import { api, JC_PATH, seedCollection, type Api } from './engine-support.js';

const root = mkdtempSync(join(tmpdir(), 'takt-engine-secrets-'));
const dataDir = join(root, 'data');
let running: TaktProcess | undefined;
let sink: HttpSink | undefined;
after(async () => {
  await running?.stop();
  await sink?.close();
  rmSync(root, { recursive: true, force: true });
});

const start = (key: Buffer): Promise<TaktProcess> =>
  startTakt(['--data-dir', dataDir, '--port', '0'], {
    TAKT_SECRET_KEY: key.toString('base64'),
    TAKT_LOG_LEVEL: 'warn',
  });

async function json<T>(client: Api, path: string): Promise<T> {
  const r = await client.call('GET', path);
  assert.equal(r.status, 200, r.body);
  return JSON.parse(r.body) as T;
}

test('a job whose secret cannot be decrypted faults with a clear message; other jobs keep running', async () => {
  sink = await HttpSink.start();
  running = await start(randomBytes(32));
  let client = api(readConnection(dataDir));
  await seedCollection(client);
  // Due in 8 s: the node is stopped long before that, so it never runs under the first key. (A
  // disabled job re-enabled by PATCH would not do: PATCH must open the stored secrets to merge.)
  const locked = {
    startTime: new Date(Date.now() + 8_000).toISOString(),
    action: {
      type: 'http',
      request: {
        uri: sink.url('/locked'),
        method: 'GET',
        authentication: { type: 'basic', username: 'u', password: 'p' },
      },
      retryPolicy: { retryType: 'none' },
    },
  };
  assert.equal((await client.call('PUT', `${JC_PATH}/jobs/locked`, JSON.stringify(locked))).status, 201);
  assert.equal(await running.stop(), 0);
  assert.equal(sink.requests.length, 0, 'nothing ran under the first key');

  running = await start(randomBytes(32)); // another key: the stored password cannot be opened
  client = api(readConnection(dataDir));
  const other = sink.nextRequest();
  const plain = { action: { type: 'http', request: { uri: sink.url('/plain'), method: 'GET' } } };
  assert.equal((await client.call('PUT', `${JC_PATH}/jobs/plain`, JSON.stringify(plain))).status, 201);
  assert.equal(header(await other, 'x-ms-scheduler-jobid'), 'plain');

  const end = Date.now() + 30_000;
  let job: { state: string; status?: { executionCount: number; failureCount: number; faultedCount: number } };
  for (;;) {
    job = await json(client, `${JC_PATH}/jobs/locked`);
    if (job.state === 'faulted' || Date.now() > end) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.equal(job.state, 'faulted');
  assert.deepEqual(
    { e: job.status?.executionCount, f: job.status?.failureCount, x: job.status?.faultedCount },
    { e: 1, f: 1, x: 1 },
  );
  const history = await json<{ status?: string; message: string }[]>(
    client,
    `${JC_PATH}/jobs/locked/history`,
  );
  assert.equal(history.length, 1);
  assert.equal(history[0]?.status, 'failed');
  assert.match(history[0]?.message ?? '', /^Takt - The stored secrets of this job cannot be decrypted/);
  assert.equal(
    sink.requests.filter((r) => r.path === '/locked').length,
    0,
    'nothing is sent without its credentials',
  );

  // A PATCH must open the stored secrets to merge: a clear 409, never a 500, and nothing changes.
  const patch = await client.call('PATCH', `${JC_PATH}/jobs/locked`, JSON.stringify({ state: 'enabled' }));
  assert.equal(patch.status, 409);
  assert.match(patch.body, /<Code>ConflictError<\/Code>/);
  assert.match(patch.body, /cannot be decrypted with the configured keys; replace the job with a PUT/);
  assert.equal((await json<{ state: string }>(client, `${JC_PATH}/jobs/locked`)).state, 'faulted');
  // A PUT with the secrets seals them again under the current key.
  assert.equal((await client.call('PUT', `${JC_PATH}/jobs/locked`, JSON.stringify(locked))).status, 200);
});
