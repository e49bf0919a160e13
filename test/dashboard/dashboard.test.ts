// The dashboard in a real browser (playwright-core driving Debian's chromium) against a real
// `takt serve`: sign in with the first-start token, create a job through the form (with a live
// preview and a field-level API message on the way), watch it run against a local sink and its
// history entry appear without reloading, run it now, filter its history, disable and edit it,
// filter and search the jobs page, delete a job after confirming, sign out. Screenshots go to
// test-output/.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { runCli } from '../cli/support/run-cli.js';
import { startServe, type ServeProcess } from '../cli/support/serve-process.js';
import { HttpSink } from '../support/sinks/http-sink.js';

const SHOTS = new URL('../../test-output/', import.meta.url).pathname;

describe('dashboard in chromium', () => {
  let serve: ServeProcess;
  let sink: HttpSink;
  let browser: Browser;
  let page: Page;
  const shot = (name: string) => page.screenshot({ path: `${SHOTS}dashboard-${name}.png`, fullPage: true });

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    sink = await HttpSink.start();
    serve = await startServe();
    const cli = (...args: string[]) => runCli([...args, '--profile', serve.profile]);
    assert.equal((await cli('cloud-services', 'create', 'web', '--region', 'West Europe')).code, 0);
    assert.equal(
      (await cli('collections', 'create', '-s', 'web', 'main', '--plan', 'Standard', '--max-jobs', '10'))
        .code,
      0,
    );
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    // The server certificate comes from the data directory's own CA.
    const context = await browser.newContext({
      ignoreHTTPSErrors: true,
      viewport: { width: 1280, height: 900 },
    });
    page = await context.newPage();
  });
  after(async () => {
    await browser?.close();
    await serve?.stop();
    await sink?.close();
  });

  test('sign in, create a job with the form, see it run, disable it, sign out', async () => {
    const token = (JSON.parse(readFileSync(serve.profile, 'utf8')) as { token: string }).token;
    const external: string[] = [];
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (u.origin !== new URL(serve.url).origin) external.push(r.url());
    });

    await page.goto(`${serve.url}/`);
    await page.getByLabel('API token').fill('not-a-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'This token is not valid.' }).waitFor();
    await page.getByLabel('API token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Job collections' }).waitFor();
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name === 'takt_session');
    assert.ok(session);
    assert.deepEqual([session.httpOnly, session.secure, session.sameSite], [true, true, 'Strict']);
    assert.equal(await page.evaluate('document.cookie'), '', 'the session cookie is not readable by scripts');
    await page.getByRole('cell', { name: '0 / 10 jobs (0 enabled)' }).waitFor();
    await shot('collections');

    await page.getByRole('link', { name: 'main' }).click();
    await page.getByRole('heading', { name: 'Jobs of main' }).waitFor();
    await page.getByRole('link', { name: 'New job' }).click();
    await page.getByRole('heading', { name: 'New job' }).waitFor();

    await page.locator('[name="id"]').fill('hook');
    await page.locator('[name="action.request.uri"]').fill('ftp://nowhere');
    const uriError = page.locator('[data-error-for="action.request.uri"]');
    await uriError.filter({ hasText: /^action\.request\.uri: / }).waitFor();
    await shot('job-form-error');

    await page.locator('[name="action.request.uri"]').fill(sink.url('/hook'));
    await page.locator('[name="action.request.method"]').selectOption('POST');
    await page.locator('[name="action.request.body"]').fill('from the dashboard');
    await page.locator('[name="recurrence.frequency"]').selectOption('hour');
    await page.locator('[name="recurrence.interval"]').fill('1');
    await page.locator('#preview li').nth(4).waitFor();
    assert.equal(await uriError.textContent(), '');
    await shot('job-form');

    const hit = sink.nextRequest();
    await page.getByRole('button', { name: 'Create job' }).click();
    await page.getByRole('heading', { name: /^Job hook/ }).waitFor();
    const req = await serve.whileRunning(hit);
    assert.equal(req.method, 'POST');
    assert.equal(req.body.toString(), 'from the dashboard');
    // The entry appears through the page's live polling, without a reload.
    await page.locator('tr.history-entry').first().waitFor();
    assert.match(
      (await page.locator('tr.history-entry').first().textContent()) ?? '',
      /completed.*MainAction/,
    );
    await page.locator('.chart rect').first().waitFor({ state: 'attached' });

    // Run now: one more call reaches the sink, and its entry appears live too.
    const again = sink.nextRequest();
    await page.getByRole('button', { name: 'Run now' }).click();
    await serve.whileRunning(again);
    await page.locator('tr.history-entry').nth(1).waitFor();
    await page
      .locator('#job-status tr')
      .filter({ hasText: /^Executions2$/ })
      .waitFor(); // counters follow live too
    const historyFilter = page.getByLabel('History status filter');
    await historyFilter.selectOption('failed');
    await page.getByRole('cell', { name: 'No history entries.' }).waitFor();
    await historyFilter.selectOption('');
    await page.locator('tr.history-entry').nth(1).waitFor();
    await shot('job');

    // History paging: ten more runs make 12 entries; a page holds the newest 10, "Older" the rest.
    for (let i = 0; i < 10; i++) {
      const ran = await runCli([
        'jobs',
        'run',
        'hook',
        '-s',
        'web',
        '-c',
        'main',
        '--profile',
        serve.profile,
      ]);
      assert.equal(ran.code, 0, ran.err);
    }
    // Run-now counts an execution when it starts: wait for the twelve recorded entries instead.
    const deadline = Date.now() + 30_000;
    let recorded = 0;
    while (recorded < 12 && Date.now() < deadline) {
      const h = await runCli([
        'history',
        'hook',
        '-s',
        'web',
        '-c',
        'main',
        '--top',
        '100',
        '--json',
        '--profile',
        serve.profile,
      ]);
      recorded = (JSON.parse(h.out) as unknown[]).length;
      if (recorded < 12) await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(recorded, 12);
    await page.getByText('entries 1–10').waitFor();
    assert.equal(await page.locator('tr.history-entry').count(), 10);
    await page.getByRole('button', { name: 'Older' }).click();
    await page.getByText('entries 11–12').waitFor();
    assert.equal(await page.locator('tr.history-entry').count(), 2);
    await page.getByRole('button', { name: 'Newer' }).click();
    await page.getByText('entries 1–10').waitFor();
    assert.equal(await page.locator('tr.history-entry').count(), 10);

    await page.getByRole('button', { name: 'Disable' }).click();
    await page.locator('#job-state').filter({ hasText: 'disabled' }).waitFor();
    await page.getByRole('button', { name: 'Enable' }).waitFor();
    const got = await runCli([
      'jobs',
      'get',
      'hook',
      '-s',
      'web',
      '-c',
      'main',
      '--json',
      '--profile',
      serve.profile,
    ]);
    assert.equal(JSON.parse(got.out).state, 'disabled');

    // Edit: the form starts from the job, shows a field-level message, and saves with PUT.
    await page.getByRole('link', { name: 'Edit' }).click();
    await page.getByRole('heading', { name: 'Edit job hook' }).waitFor();
    assert.equal(await page.locator('[name="state"]').inputValue(), 'disabled');
    await page.locator('[name="action.request.body"]').fill('edited');
    await page.locator('[name="recurrence.schedule.minutes"]').fill('75');
    await page
      .locator('[data-error-for="recurrence.schedule.minutes"]')
      .filter({ hasText: /^recurrence\.schedule\.minutes: / })
      .waitFor();
    await page.locator('[name="recurrence.schedule.minutes"]').fill('15,45');
    await page.locator('#preview li').nth(4).waitFor(); // the preview is back: the definition parses again
    assert.equal(await page.locator('[data-error-for="recurrence.schedule.minutes"]').textContent(), '');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('#definition').filter({ hasText: '"body": "edited"' }).waitFor();
    const edited = JSON.parse(
      (await runCli(['jobs', 'get', 'hook', '-s', 'web', '-c', 'main', '--json', '--profile', serve.profile]))
        .out,
    );
    assert.deepEqual(
      [edited.state, edited.action.request.body, edited.recurrence.schedule],
      ['disabled', 'edited', { minutes: [15, 45] }],
    );

    // Jobs page: the state filter asks the server, the search filters the rows.
    await page.getByRole('link', { name: 'web/main' }).click();
    await page.getByRole('cell', { name: 'disabled' }).waitFor();
    await shot('jobs');
    await page.getByLabel('State filter').selectOption('enabled');
    await page.getByRole('link', { name: 'hook' }).waitFor({ state: 'detached' });
    await page.getByLabel('State filter').selectOption('');
    await page.getByRole('link', { name: 'hook' }).waitFor();
    await page.getByLabel('Search').fill('no-such-job');
    await page.getByRole('link', { name: 'hook' }).waitFor({ state: 'hidden' });
    await page.getByLabel('Search').fill('127.0.0.1');
    await page.getByRole('link', { name: 'hook' }).waitFor();

    // Delete asks first: dismissed, nothing happens; accepted, the job is gone.
    assert.equal(
      (
        await runCli([
          'jobs',
          'create',
          'doomed',
          '-s',
          'web',
          '-c',
          'main',
          '--uri',
          sink.url('/doomed'),
          '--disabled',
          '--profile',
          serve.profile,
        ])
      ).code,
      0,
    );
    await page.goto(`${serve.url}/#/job/web/main/doomed`);
    await page.getByRole('heading', { name: /^Job doomed/ }).waitFor();
    page.once('dialog', (d) => void d.dismiss());
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('status').filter({ hasText: 'Not deleted.' }).waitFor();
    const asked: string[] = [];
    page.once('dialog', (d) => {
      asked.push(d.message());
      void d.accept();
    });
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('heading', { name: 'Jobs of main' }).waitFor();
    assert.deepEqual(asked, ['Delete job doomed and its history?']);
    const gone = await runCli([
      'jobs',
      'get',
      'doomed',
      '-s',
      'web',
      '-c',
      'main',
      '--profile',
      serve.profile,
    ]);
    assert.equal(gone.code, 3, gone.err);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    assert.deepEqual(external, [], 'no request left the server (works offline)');
  });

  test('changes need the CSRF header, and nothing works without a session', async () => {
    const anon = await page.request.get(`${serve.url}/dashboard/api/cloudservices`);
    assert.equal(anon.status(), 401);
    const token = (JSON.parse(readFileSync(serve.profile, 'utf8')) as { token: string }).token;
    // Sign-in as a cross-site form could send it (text/plain): refused, no cookie.
    const formPost = await page.request.post(`${serve.url}/dashboard/session`, {
      data: JSON.stringify({ token }),
      headers: { 'content-type': 'text/plain' },
    });
    assert.equal(formPost.status(), 415);
    assert.equal(formPost.headers()['set-cookie'], undefined);
    const signedIn = await page.request.post(`${serve.url}/dashboard/session`, { data: { token } });
    assert.equal(signedIn.status(), 200);
    const forged = await page.request.patch(
      `${serve.url}/dashboard/api/cloudservices/web/resources/scheduler/~/JobCollections/main/jobs/hook`,
      { data: { state: 'enabled' } },
    );
    assert.equal(forged.status(), 403);
    const job = await runCli([
      'jobs',
      'get',
      'hook',
      '-s',
      'web',
      '-c',
      'main',
      '--json',
      '--profile',
      serve.profile,
    ]);
    assert.equal(JSON.parse(job.out).state, 'disabled', 'the forged change did nothing');
    // Dot segments cannot climb out of the session's subscription (sent raw: browsers normalize them).
    const cookie = (await page.context().cookies()).find((c) => c.name === 'takt_session')!;
    const status = await new Promise<number>((resolve, reject) => {
      const u = new URL(serve.url);
      const r = httpsRequest(
        {
          host: u.hostname,
          port: u.port,
          path: '/dashboard/api/%2e%2e/cloudservices',
          headers: { cookie: `takt_session=${cookie.value}` },
          rejectUnauthorized: false,
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      r.on('error', reject);
      r.end();
    });
    assert.equal(status, 400);
  });
});
