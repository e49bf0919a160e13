// A hanging host must not starve other hosts (docs/engine.md, "Fairness"), end to end through the
// executor thread of a real `takt serve`: a backlog of jobs whose host never answers fills every
// attempt slot; the attempts that waited `engine.maxHostWaitMs` for their host give their slots back,
// so a job on a healthy host still runs within seconds instead of after the hanging requests time out.
import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { HttpSink } from '../support/sinks/http-sink.js';
import { readConnection, startTakt, type TaktProcess } from '../../support/serve.js';
import { api, immediateJob, JC_PATH, seedCollection } from './engine-support.js';

const root = mkdtempSync(join(tmpdir(), 'takt-hanging-host-'));
// 8 slots, 2 per host: 2 hanging requests and 6 attempts waiting for that host hold them all.
const env = {
  TAKT_MAX_CONCURRENT_ATTEMPTS: '8',
  TAKT_MAX_PER_HOST: '2',
  TAKT_MAX_HOST_WAIT: '1s',
  TAKT_LEASE_DURATION: '5s',
};
let running: TaktProcess | undefined;
const sinks: HttpSink[] = [];
const unanswered: ServerResponse[] = [];
after(async () => {
  for (const res of unanswered) res.end('late');
  if (running) await running.stop();
  for (const s of sinks) await s.close();
  rmSync(root, { recursive: true, force: true });
});

test('a host that never answers does not hold every attempt slot: a job on another host runs within seconds', async () => {
  const hanging = await HttpSink.start();
  const healthy = await HttpSink.start();
  sinks.push(hanging, healthy);
  hanging.responder = (_req, res) => void unanswered.push(res);

  const dataDir = join(root, 'data');
  running = await startTakt(['--data-dir', dataDir, '--port', '0'], env);
  const a = api(readConnection(dataDir));
  await seedCollection(a);
  for (let i = 0; i < 12; i++) {
    const put = await a.call('PUT', `${JC_PATH}/jobs/h${i}`, immediateJob(hanging.url(`/h${i}`)));
    assert.equal(put.status, 201, put.body);
  }
  // Both of the hanging host's slots are taken; the engine holds 6 more attempts waiting for it.
  while (hanging.requests.length < 2) await new Promise((r) => hanging.once('request', r));

  const arrived = new Promise<number>((resolve) => healthy.once('request', () => resolve(Date.now())));
  const put = await a.call('PUT', `${JC_PATH}/jobs/fast`, immediateJob(healthy.url('/fast')));
  assert.equal(put.status, 201, put.body);
  const putAt = Date.now();
  // Without the rule, the job waits for the hanging requests' 60 s timeout.
  const limit = new Promise<number>((resolve) => setTimeout(() => resolve(-1), 20_000).unref());
  const at = await Promise.race([arrived, limit]);
  assert.notEqual(at, -1, 'the job on the healthy host did not run within 20 s');
  assert.ok(at - putAt < 10_000, `the job on the healthy host ran ${at - putAt} ms after it was created`);
  assert.equal(hanging.requests.length, 2, 'the hanging host still has only its own 2 requests');
});
