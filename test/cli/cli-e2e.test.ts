// The CLI against a real `takt serve` process: create a cloud service, a collection and a job that
// calls a local sink, follow its history until the run shows up, disable it, and round-trip an
// export through import (everything unchanged: the comparison matches the server's real output).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { HttpSink } from '../support/sinks/http-sink.js';
import { main } from '../../src/cli/main.js';
import { runCli, type CliResult } from './support/run-cli.js';
import { startServe, type ServeProcess } from './support/cli-server.js';

/** Runs `takt history --follow` in-process; `ready` resolves once it printed its header (first fetch done). */
function follow(args: string[]): { ready: Promise<void>; done: Promise<CliResult> } {
  let out = '';
  let err = '';
  let printed = (): void => undefined;
  const ready = new Promise<void>((resolve) => (printed = resolve));
  const done = main(
    args,
    {},
    {
      out: (t) => {
        out += t;
        if (out.includes('\n')) printed();
      },
      err: (t) => (err += t),
    },
  ).then((code) => ({ code, out, err }));
  // A follower that ends before its header (an error) must not leave `ready` pending; rejecting a
  // settled promise is a no-op, so the normal end does not reject anything.
  return {
    ready: new Promise<void>((resolve, reject) => {
      void ready.then(resolve);
      void done.then((r) => reject(new Error(`history --follow ended early (exit ${r.code}): ${r.err}`)));
    }),
    done,
  };
}

/** Resolves like `p`, or rejects after `ms` naming what never happened (a hang guard, not a speed check). */
async function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still waiting after ${ms / 1000} s for ${what}`)), ms);
  });
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}

describe('takt CLI against takt serve', () => {
  let serve: ServeProcess;
  let sink: HttpSink;
  const cli = (...args: string[]) => runCli([...args, '--profile', serve.profile]);
  const where = ['-s', 'e2e', '-c', 'main'];

  before(async () => {
    sink = await HttpSink.start();
    serve = await startServe();
  });
  after(async () => {
    await serve.stop();
    await sink.close();
  });

  test('creates, runs, follows, disables, exports and re-imports', async () => {
    assert.equal((await cli('cloud-services', 'create', 'e2e', '--region', 'West Europe')).code, 0);
    const jc = await cli(
      'collections',
      'create',
      '-s',
      'e2e',
      'main',
      '--plan',
      'Standard',
      '--max-jobs',
      '10',
    );
    assert.equal(jc.code, 0, jc.err);
    const got = await cli('collections', 'get', '-s', 'e2e', 'main', '--json');
    assert.equal(got.code, 0, got.err);
    assert.deepEqual(JSON.parse(got.out).usage, { jobs: 0, enabled: 0, maxJobs: 10 });

    // Disabled, it cannot run before the follower has fetched the (empty) history; the follower
    // prints its header after that first fetch, and only then is the job enabled. Enabled, it runs
    // at its start time, or at the next minute of its grid if a slow machine let that pass.
    const start = new Date(Date.now() + 4000).toISOString();
    const created = await cli(
      'jobs',
      'create',
      'ping',
      ...where,
      '--uri',
      sink.url('/ping'),
      '--method',
      'POST',
      '--body',
      'hello',
      '--every',
      '1m',
      '--start-time',
      start,
      '--disabled',
      '--json',
    );
    assert.equal(created.code, 0, created.err);
    assert.equal(JSON.parse(created.out).state, 'disabled');

    const follower = follow([
      'history',
      'ping',
      ...where,
      '--follow',
      '--interval',
      '1',
      '--max-entries',
      '1',
      '--profile',
      serve.profile,
    ]);
    await serve.whileRunning(follower.ready);
    const hit = sink.nextRequest();
    const enabled = await cli('jobs', 'enable', 'ping', ...where);
    assert.equal(enabled.code, 0, enabled.err);
    // Bounded, so a server that is alive but never runs the job fails here, not at the runner's 300 s.
    const req = await serve.whileRunning(
      within(hit, 75_000, 'the enabled job reaching the sink (start time or next minute)'),
    );
    assert.equal(req.method, 'POST');
    assert.equal(req.body.toString(), 'hello');
    const followed = await serve.whileRunning(
      within(follower.done, 30_000, 'history --follow to print the run'),
    );
    assert.equal(followed.code, 0, followed.err);
    const lines = followed.out.trimEnd().split('\n');
    assert.equal(lines.length, 2, followed.out);
    assert.match(lines[0]!, /^START {2,}STATUS {2,}STATE/);
    assert.match(
      lines[1]!,
      /^\S+Z {2,}completed {2,}enabled {2,}1 {2,}0 {2,}MainAction {2,}\S+ m?s {2,}\S+ m?s {2,}Http Action/,
    );

    const table = await cli('history', 'ping', ...where);
    assert.match(
      table.out,
      /\n\S+Z\s+completed\s+enabled\s+\d+\s+0\s+MainAction\s+\S+ m?s\s+\S+ m?s\s+Http Action/,
    );

    // Run now (Takt extension): one more call reaches the sink at once.
    const again = sink.nextRequest();
    const ran = await cli('jobs', 'run', 'ping', ...where);
    assert.equal(ran.code, 0, ran.err);
    assert.equal(
      (await serve.whileRunning(within(again, 30_000, 'run now reaching the sink'))).body.toString(),
      'hello',
    );

    const disabled = await cli('jobs', 'disable', 'ping', ...where);
    assert.match(
      disabled.out,
      /^Job ping is disabled: no occurrence starts and waiting retries are cancelled/,
    );
    const listed = await cli('jobs', 'list', ...where, '--state', 'disabled', '--json');
    assert.deepEqual(
      JSON.parse(listed.out).map((j: { id: string }) => j.id),
      ['ping'],
    );

    const file = join(serve.dataDir, 'export.json');
    const exported = await cli('export', '-o', file);
    assert.equal(exported.code, 0, exported.err);
    const imported = await cli('import', file, '--json');
    assert.equal(imported.code, 0, imported.err);
    const report = JSON.parse(imported.out);
    assert.deepEqual(report.unchanged, ['cloud service e2e', 'collection e2e/main', 'job e2e/main/ping']);

    // Cloud service DELETE honours If-Match (docs/reference/classic-operations.md §10): a stale ETag changes nothing.
    assert.equal((await cli('cloud-services', 'create', 'spare', '--region', 'West Europe')).code, 0);
    const etag = (JSON.parse((await cli('cloud-services', 'get', 'spare', '--json')).out) as { etag: string })
      .etag;
    assert.match(etag, /^[0-9a-f-]{36}$/);
    const stale = await cli(
      'cloud-services',
      'rm',
      'spare',
      '--if-match',
      '00000000-0000-0000-0000-000000000000',
    );
    assert.equal(stale.code, 1);
    assert.match(stale.err, /^error: PreconditionFailed: /);
    const removed = await cli('cloud-services', 'rm', 'spare', '--if-match', etag);
    assert.equal(removed.code, 0, removed.err);
    assert.equal(removed.out, 'Removed cloud service spare.\n');

    const missing = await cli('jobs', 'get', 'nope', ...where);
    assert.equal(missing.code, 3);
    assert.match(missing.err, /^error: ResourceNotFound: /);
  });
});
