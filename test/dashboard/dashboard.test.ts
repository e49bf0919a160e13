// The dashboard in Debian's chromium (playwright-core) against a real `takt serve` on SQLite:
// sign-in, the overview, the collections page (create, edit plan/quota, suspend/resume, delete),
// the jobs list (human schedules, search, state filter, bulk actions), the job page (summary, JSON,
// chart, history, run now, disable, delete), a 375 px wide phone, labelled controls, the CSRF and
// session checks. Screenshots go to test-output/.
import assert from 'node:assert/strict';
import { request as httpsRequest } from 'node:https';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { httpsRequest as armRequest } from '../../support/https-request.js';
import {
  jc,
  legendTimeUnderCursor,
  seedCollection,
  SHOTS,
  startHarness,
  type Harness,
} from './support/harness.js';

describe('dashboard in chromium', () => {
  let h: Harness;
  let page: Page;
  const external: string[] = [];

  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h?.close();
  });

  test('sign in: a wrong token is refused, the session cookie is HttpOnly, Secure, SameSite=Strict', async () => {
    const ctx = await h.newContext();
    page = await ctx.newPage();
    page.on('request', (r) => {
      if (new URL(r.url()).origin !== new URL(h.serve.url).origin) external.push(r.url());
    });
    await page.goto(`${h.serve.url}/`);
    await page.getByLabel('API token').fill('not-a-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'This token is not valid.' }).waitFor();
    await h.shot(page, 'signin');
    await page.getByLabel('API token').fill(h.token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    const session = (await ctx.cookies()).find((c) => c.name === 'takt_session');
    assert.ok(session);
    assert.deepEqual([session.httpOnly, session.secure, session.sameSite], [true, true, 'Strict']);
    assert.equal(await page.evaluate('document.cookie'), '', 'the session cookie is not readable by scripts');
    // A fresh install: the overview says what to do first.
    await page.getByText('No job collections yet').waitFor();
  });

  test('/favicon.ico is served (not refused by the API)', async () => {
    const icon = await page.request.get(`${h.serve.url}/favicon.ico`);
    assert.equal(icon.status(), 200);
    assert.match(icon.headers()['content-type'] ?? '', /^image\/svg\+xml/);
  });

  test('collections: create (with a new cloud service), edit plan and quota, delete after confirming', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Collections' }).click();
    await page.getByRole('heading', { name: 'Job collections' }).waitFor();
    await page.getByRole('button', { name: 'New collection' }).click();
    const form = page.getByRole('form', { name: 'New collection' });
    await form.getByLabel('Cloud service', { exact: true }).fill('web');
    await form.getByLabel('Collection name').fill('main');
    await form.getByLabel('Max jobs (quota)').fill('20');
    await form.getByRole('button', { name: 'Create collection' }).click();
    const row = page.locator('tr[data-collection="web/main"]');
    await row.filter({ hasText: '0 / 20 jobs (0 enabled)' }).waitFor();

    await page.getByRole('button', { name: 'New collection' }).click();
    await form.getByLabel('Collection name').fill('spare');
    await form.getByLabel('Plan').selectOption('Free');
    await form.getByRole('button', { name: 'Create collection' }).click();
    const spare = page.locator('tr[data-collection="web/spare"]');
    await spare.filter({ hasText: 'Free' }).waitFor();
    await spare.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('form', { name: 'Edit spare' });
    await edit.getByLabel('Plan').selectOption('Premium');
    await edit.getByLabel('Max jobs (quota)').fill('7');
    await edit.getByLabel('Shortest recurrence', { exact: true }).selectOption('Hour');
    await edit.getByLabel('Max occurrences (quota)').fill('100');
    await edit.getByRole('button', { name: 'Save collection' }).click();
    await spare.filter({ hasText: 'Premium' }).filter({ hasText: '0 / 7 jobs' }).waitFor();
    const got = await h.api('GET', jc('web', 'spare'));
    assert.match(got.body, /<Plan>Premium<\/Plan>/);
    assert.match(got.body, /<MaxJobCount>7<\/MaxJobCount>/);
    assert.match(got.body, /<Frequency>Hour<\/Frequency>/);
    assert.match(got.body, /<MaxJobOccurrence>100<\/MaxJobOccurrence>/);
    // Every quota member round-trips: an edit of one keeps the others (the quota is a whole PUT).
    await spare.getByRole('button', { name: 'Edit' }).click();
    assert.equal(await edit.getByLabel('Max occurrences (quota)').inputValue(), '100');
    await edit.getByLabel('Max jobs (quota)').fill('8');
    await edit.getByRole('button', { name: 'Save collection' }).click();
    await spare.filter({ hasText: '0 / 8 jobs' }).waitFor();
    const kept = await h.api('GET', jc('web', 'spare'));
    assert.match(kept.body, /<MaxJobOccurrence>100<\/MaxJobOccurrence>/);
    assert.match(kept.body, /<Frequency>Hour<\/Frequency>/);
    await h.shot(page, 'collections');

    page.once('dialog', (d) => void d.dismiss());
    await spare.getByRole('button', { name: 'Delete' }).click();
    assert.equal((await h.api('GET', jc('web', 'spare'))).status, 200, 'dismissed: still there');
    const asked: string[] = [];
    page.once('dialog', (d) => {
      asked.push(d.message());
      void d.accept();
    });
    await spare.getByRole('button', { name: 'Delete' }).click();
    await spare.waitFor({ state: 'detached' });
    assert.deepEqual(asked, ['Delete collection spare with its 0 jobs and their history?']);
    assert.equal((await h.api('GET', jc('web', 'spare'))).status, 404);
  });

  test('suspend and resume a collection, sign out; no request ever left the server', async () => {
    assert.equal(
      (
        await h.api('PUT', `${jc('web', 'main')}/jobs/one`, {
          startTime: new Date(Date.now() + 3_600_000).toISOString(),
          action: { type: 'http', request: { uri: h.sink.url('/one'), method: 'GET' } },
        })
      ).status,
      201,
    );
    await page.reload();
    const row = page.locator('tr[data-collection="web/main"]');
    await row.filter({ hasText: '(1 enabled)' }).waitFor();
    await row.getByRole('button', { name: 'Suspend' }).click();
    await row.filter({ hasText: '(0 enabled)' }).waitFor();
    assert.equal((await h.api('GET', `${jc('web', 'main')}/jobs/one`)).json.state, 'disabled');
    await row.getByRole('button', { name: 'Resume' }).click();
    await row.filter({ hasText: '(1 enabled)' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    assert.deepEqual(external, [], 'no request left the server (works offline)');
  });
});

describe('dashboard pages with jobs', () => {
  let h: Harness;
  let page: Page;
  const JOBS = `${jc('web', 'main')}/jobs`;
  const soon = () => new Date(Date.now() + 3_600_000).toISOString();
  const put = async (id: string, body: Record<string, unknown>) => {
    const r = await h.api('PUT', `${JOBS}/${id}`, body);
    assert.ok(r.status === 201 || r.status === 200, r.body);
  };

  before(async () => {
    h = await startHarness();
    await seedCollection(h, 'web', 'main');
    await put('weekday', {
      startTime: soon(),
      action: { type: 'http', request: { uri: h.sink.url('/weekday'), method: 'POST', body: 'b' } },
      recurrence: {
        frequency: 'week',
        timeZone: 'Europe/Berlin',
        schedule: {
          weekDays: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
          hours: [9, 17],
          minutes: [30],
        },
      },
    });
    await put('broken', {
      startTime: soon(),
      action: {
        type: 'http',
        request: { uri: 'http://127.0.0.1:9/refused', method: 'GET' },
        retryPolicy: { retryType: 'none' },
      },
      recurrence: { frequency: 'day', interval: 1 },
    });
    await put('idle', {
      startTime: soon(),
      action: { type: 'http', request: { uri: h.sink.url('/idle'), method: 'GET' } },
      state: 'disabled',
    });
    // One failure and one success recorded before the browser looks.
    for (const id of ['broken', 'weekday'])
      assert.equal((await h.api('POST', `${JOBS}/${id}/run`)).status, 202);
    let entries = 0;
    while (entries < 2) {
      const a = (await h.api('GET', `${JOBS}/broken/history`)).json as unknown[];
      const b = (await h.api('GET', `${JOBS}/weekday/history`)).json as unknown[];
      entries = Math.min(a.length, b.length) * 2;
    }
    page = await h.signedInPage();
  });
  after(async () => {
    await h?.close();
  });

  test('overview: jobs by state, the 24 h chart, recent failures with links, next runs', async () => {
    await page.locator('[data-state-count="enabled"]').filter({ hasText: /^2$/ }).waitFor();
    assert.equal(await page.locator('[data-state-count="disabled"]').textContent(), '1');
    await page.locator('.chart canvas').first().waitFor();
    const failure = page.locator('#recent-failures li').first();
    await failure.getByRole('link', { name: 'broken' }).waitFor();
    await page.locator('#next-runs').getByRole('link', { name: 'weekday' }).waitFor();
    await h.shot(page, 'overview');
    await failure.getByRole('link', { name: 'broken' }).click();
    await page.getByRole('heading', { name: /^Job broken/ }).waitFor();
  });

  test('the charts follow "Times in" and say which zone they show (they drew the browser\'s own, unlabelled)', async () => {
    const ctx = await h.newContext(1280, 900, 'America/New_York');
    const tab = await ctx.newPage();
    try {
      await tab.goto(`${h.serve.url}/#/job/web/main/broken`);
      await tab.getByLabel('API token').fill(h.token);
      await tab.getByRole('button', { name: 'Sign in' }).click();
      await tab.getByRole('heading', { name: /^Job broken/ }).waitFor();
      const caption = tab.locator('.chart-zone');
      await caption.filter({ hasText: /^Times in (EST|EDT|GMT-[45])$/ }).waitFor();
      await tab.getByLabel('Times in').selectOption('utc');
      await caption.filter({ hasText: /^Times in UTC$/ }).waitFor();
      // The legend names the time under the cursor: in UTC now, as the history's times are.
      const shown = await legendTimeUnderCursor(tab);
      const firstRun = Date.parse(String((await h.api('GET', `${JOBS}/broken/history`)).json[0]?.startTime));
      const utcHour = String(new Date(firstRun).getUTCHours()).padStart(2, '0');
      assert.match(shown, new RegExp(`\\b${utcHour}:\\d\\d:\\d\\d$`), `legend ${shown} in UTC, 24-hour`);
    } finally {
      await ctx.close();
    }
  });

  test('jobs list: human schedules, exact time on hover, zone switch, search, state filter', async () => {
    await page.goto(`${h.serve.url}/#/jobs/web/main`);
    const row = page.locator('tr[data-job="weekday"]');
    await row
      .locator('td.schedule')
      .filter({ hasText: 'Mon–Fri at 09:30 and 17:30, Europe/Berlin' })
      .waitFor();
    const next = row.locator('time').first();
    assert.match((await next.textContent()) ?? '', /^in /);
    await page.getByLabel('Times in').selectOption('utc');
    assert.match((await next.getAttribute('title')) ?? '', /UTC/);
    await page.getByLabel('Times in').selectOption('job');
    assert.match((await next.getAttribute('title')) ?? '', /CET|CEST|GMT\+1|GMT\+2/);
    await page.getByLabel('Times in').selectOption('local');
    await h.shot(page, 'jobs');
    await page.getByLabel('Search').fill('refused');
    await page.locator('tr[data-job="weekday"]').waitFor({ state: 'detached' });
    assert.equal(await page.locator('tr[data-job]').count(), 1);
    await page.getByLabel('Search').fill('');
    await page.getByLabel('State filter').selectOption('disabled');
    await page.locator('tr[data-job="broken"]').waitFor({ state: 'detached' });
    await page.locator('tr[data-job="idle"]').waitFor();
    await page.getByLabel('State filter').selectOption('faulted');
    await page.getByText('No faulted jobs').waitFor();
    await page.getByLabel('State filter').selectOption('');
    await page.locator('tr[data-job="broken"]').waitFor();
  });

  test('a collection and a job made through the ARM API show like any other (collections, jobs list, job page)', async () => {
    const conn = JSON.parse(readFileSync(h.serve.profile, 'utf8')) as {
      subscriptionId: string;
      caCertPath: string;
      token: string;
    };
    const ca = readFileSync(conn.caCertPath, 'utf8');
    const arm = async (path: string, body: unknown): Promise<void> => {
      const a = await armRequest(
        `${h.serve.url}/subscriptions/${conn.subscriptionId}/resourceGroups/armrg/providers/Microsoft.Scheduler/jobCollections/${path}?api-version=2016-03-01`,
        {
          method: 'PUT',
          ca,
          headers: { authorization: `Bearer ${conn.token}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        },
      );
      assert.ok(a.status === 200 || a.status === 201, `${path}: ${a.status} ${a.body}`);
    };
    // The resource group is new: the collection's PUT creates it as the classic cloud service armrg.
    await arm('armjc', { location: 'westeurope', properties: { sku: { name: 'Standard' } } });
    await arm('armjc/jobs/armjob', {
      properties: {
        startTime: soon(),
        action: { type: 'Http', request: { uri: h.sink.url('/arm'), method: 'GET' } },
        recurrence: { frequency: 'Hour', interval: 2 },
      },
    });
    await page.goto(`${h.serve.url}/#/collections`);
    const row = page.locator('tr[data-collection="armrg/armjc"]');
    await row.filter({ hasText: 'Standard' }).waitFor();
    await page.goto(`${h.serve.url}/#/jobs/armrg/armjc`);
    const job = page.locator('tr[data-job="armjob"]');
    await job
      .locator('td.schedule')
      .filter({ hasText: /every 2 hours/ })
      .waitFor();
    await job.getByRole('link', { name: 'armjob' }).click();
    await page.getByRole('heading', { name: /^Job armjob/ }).waitFor();
    await page.getByText(h.sink.url('/arm')).first().waitFor();
    // Back where the next test starts: the jobs list of web/main.
    await page.goto(`${h.serve.url}/#/jobs/web/main`);
    await page.locator('tr[data-job="weekday"]').waitFor();
  });

  test('jobs list: bulk disable, enable, run and delete the selected jobs', async () => {
    await page.getByLabel('Select weekday').check();
    await page.getByLabel('Select idle').check();
    await page.getByRole('button', { name: 'Disable', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Disabled 2 jobs.' }).waitFor();
    assert.equal((await h.api('GET', `${JOBS}/weekday`)).json.state, 'disabled');
    await page.getByLabel('Select all').check();
    await page.getByRole('button', { name: 'Enable', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Enabled 3 jobs.' }).waitFor();
    assert.equal((await h.api('GET', `${JOBS}/idle`)).json.state, 'enabled');
    const hit = h.sink.nextRequest();
    await page.getByLabel('Select idle').check();
    await page.getByRole('button', { name: 'Run now', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Started 1 job.' }).waitFor();
    assert.equal((await h.serve.whileRunning(hit)).path, '/idle');
    await page.getByLabel('Select idle').check();
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Deleted 1 job.' }).waitFor();
    assert.equal((await h.api('GET', `${JOBS}/idle`)).status, 404);
  });

  test('job page: summary first, JSON behind a toggle, chart with the failure, expandable message, run now, disable, delete', async () => {
    await page.goto(`${h.serve.url}/#/job/web/main/broken`);
    await page.getByRole('heading', { name: /^Job broken/ }).waitFor();
    await page.locator('#job-summary').filter({ hasText: 'every day' }).waitFor();
    assert.equal(await page.locator('#definition').isVisible(), false);
    await page.getByText('Definition as JSON').click();
    await page.locator('#definition').filter({ hasText: '"retryType": "none"' }).waitFor();
    await page.locator('.chart canvas').first().waitFor();
    const entry = page.locator('tr.history-entry').first();
    await entry.locator('.st-failed').waitFor();
    await entry.locator('summary').click();
    await entry.locator('pre').waitFor();
    // Run now: a second failed entry appears by itself.
    await page.getByRole('button', { name: 'Run now' }).click();
    await page.locator('tr.history-entry').nth(1).waitFor();
    await page.getByLabel('History status filter').selectOption('completed');
    await page.getByText('No history entries.').waitFor();
    await page.getByLabel('History status filter').selectOption('failed');
    await page.locator('tr.history-entry').nth(1).waitFor();
    await h.shot(page, 'job');
    await page.getByRole('button', { name: 'Disable' }).click();
    await page.locator('#job-state').filter({ hasText: 'disabled' }).waitFor();
    assert.equal((await h.api('GET', `${JOBS}/broken`)).json.state, 'disabled');
    page.once('dialog', (d) => void d.dismiss());
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('status').filter({ hasText: 'Not deleted.' }).waitFor();
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('heading', { name: 'Jobs of main' }).waitFor();
    assert.equal((await h.api('GET', `${JOBS}/broken`)).status, 404);
  });

  test('a 375 px wide phone: every page fits the width', async () => {
    const phone = await h.signedInPage(375, 740);
    for (const [hash, name] of [
      ['#/', 'overview'],
      ['#/collections', 'collections'],
      ['#/jobs/web/main', 'jobs'],
      ['#/job/web/main/weekday', 'job'],
      ['#/edit/web/main/weekday', 'form'],
    ] as const) {
      await phone.goto('about:blank');
      await phone.goto(`${h.serve.url}/${hash}`);
      await phone.locator('main h1').first().waitFor();
      await phone.locator('.loading').waitFor({ state: 'detached' });
      const overflow = Number(
        await phone.evaluate('document.documentElement.scrollWidth - window.innerWidth'),
      );
      assert.ok(overflow <= 0, `${name} is ${overflow}px wider than the screen`);
      await phone.screenshot({ path: `${SHOTS}dashboard-mobile-${name}.png`, fullPage: true });
    }
    await phone.context().close();
  });

  test('changes need the CSRF header, and nothing works without a session', async () => {
    const anon = await h.browser.newContext({ ignoreHTTPSErrors: true });
    assert.equal((await anon.request.get(`${h.serve.url}/dashboard/api/cloudservices`)).status(), 401);
    // Sign-in as a cross-site form could send it (text/plain): refused, no cookie.
    const formPost = await anon.request.post(`${h.serve.url}/dashboard/session`, {
      data: JSON.stringify({ token: h.token }),
      headers: { 'content-type': 'text/plain' },
    });
    assert.equal(formPost.status(), 415);
    assert.equal(formPost.headers()['set-cookie'], undefined);
    assert.equal(
      (await anon.request.post(`${h.serve.url}/dashboard/session`, { data: { token: h.token } })).status(),
      200,
    );
    const forged = await anon.request.patch(`${h.serve.url}/dashboard/api/${JOBS}/weekday`, {
      data: { state: 'disabled' },
    });
    assert.equal(forged.status(), 403);
    assert.equal(
      (await h.api('GET', `${JOBS}/weekday`)).json.state,
      'enabled',
      'the forged change did nothing',
    );
    // Dot segments cannot climb out of the session's subscription (sent raw: browsers normalize them).
    const cookie = (await anon.cookies()).find((c) => c.name === 'takt_session')!;
    const status = await new Promise<number>((resolve, reject) => {
      const u = new URL(h.serve.url);
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
    await anon.close();
  });
});
