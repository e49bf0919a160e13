// What the dashboard says about state is true, in chromium against a real `takt serve`: a job
// deleted in another tab is shown as gone (not as enabled with a next run and buttons that fail),
// so is a collection; a
// session that ended asks to sign in again, says why, and returns to the same page with the edit
// kept; a deep link survives signing in; "Create collection" never replaces an existing one; the
// resume message counts the jobs that stay finished; history paging ends where the history ends;
// a disabled job's occurrences say why there are none; "2 min ago" does not stay "2 min ago".
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { jc, seedCollection, startHarness, type Harness } from './support/harness.js';

const JOBS = `${jc('web', 'main')}/jobs`;
const field = (page: Page, path: string) => page.locator(`[name="${path}"]`);
const isoIn = (ms: number) => new Date(Date.now() + ms).toISOString().replace(/\.\d+Z$/, 'Z');

describe('the dashboard tells the truth about state', () => {
  let h: Harness;
  let page: Page;
  const put = async (id: string, body: Record<string, unknown>, jobs = JOBS) => {
    const r = await h.api('PUT', `${jobs}/${id}`, body);
    assert.ok(r.status === 201 || r.status === 200, r.body);
  };
  const daily = (id: string) => ({
    startTime: isoIn(86_400_000),
    action: { type: 'http', request: { uri: h.sink.url(`/${id}`), method: 'GET' } },
    recurrence: { frequency: 'day' },
  });
  before(async () => {
    h = await startHarness();
    await seedCollection(h, 'web', 'main');
    page = await h.signedInPage();
  });
  after(async () => {
    await h?.close();
  });
  const open = async (hash: string) => {
    await page.goto('about:blank');
    await page.goto(`${h.serve.url}/${hash}`);
  };

  test('the overview counts executions and failures as the job counters do, and says the totals', async () => {
    const jobs = `${jc('web', 'chart')}/jobs`;
    await seedCollection(h, 'web', 'chart');
    await put(
      'refused',
      {
        ...daily('refused'),
        action: {
          type: 'http',
          request: { uri: 'http://127.0.0.1:9/refused', method: 'GET' },
          retryPolicy: { retryType: 'none' },
          errorAction: { type: 'http', request: { uri: h.sink.url('/error'), method: 'POST' } },
        },
      },
      jobs,
    );
    for (let i = 0; i < 2; i++) {
      const before = ((await h.api('GET', `${jobs}/refused/history`)).json as unknown[]).length;
      assert.equal((await h.api('POST', `${jobs}/refused/run`)).status, 202);
      // Each run: the failed attempt, then the error action's entry.
      while (((await h.api('GET', `${jobs}/refused/history`)).json as unknown[]).length < before + 2)
        await delay(50);
    }
    const status = (await h.api('GET', `${jobs}/refused`)).json.status;
    assert.deepEqual([status.executionCount, status.failureCount], [2, 2]);
    await open('#/');
    const chart = page.locator('.chart[role="img"]');
    await chart.waitFor();
    const label = (await chart.getAttribute('aria-label')) ?? '';
    // The first test of the file: no other job has run yet.
    assert.match(label, /: 2 executions, 2 failed$/);
  });

  test('a job deleted in another tab is shown as gone, without actions that would fail', async () => {
    await put('gone', daily('gone'));
    await open('#/job/web/main/gone');
    await page.locator('#job-summary').waitFor();
    assert.equal((await h.api('DELETE', `${JOBS}/gone`)).status, 200);
    // The page notices by itself (it polls the history every 2 s).
    const gone = page.locator('#job-gone');
    await gone.filter({ hasText: 'This job does not exist' }).waitFor({ timeout: 10_000 });
    for (const name of ['Run now', 'Disable', 'Enable', 'Delete'])
      assert.equal(await page.getByRole('button', { name, exact: true }).count(), 0, name);
    assert.equal(await page.getByRole('link', { name: 'Edit', exact: true }).count(), 0);
    assert.equal(await page.locator('#job-state').count(), 0, 'no state badge claims it is enabled');
    assert.equal(await page.locator('#job-summary').count(), 0);
    await page.getByRole('link', { name: 'Back to the jobs of web/main' }).waitFor();
    // Its edit link (a bookmark, another tab) says the same, not a bare ResourceNotFound.
    await open('#/edit/web/main/gone');
    await page.locator('#job-gone').filter({ hasText: 'This job does not exist' }).waitFor();
    await page.getByRole('link', { name: 'Back to the jobs of web/main' }).waitFor();
  });

  test('the jobs of a collection that does not exist (or was deleted elsewhere) say so, not "Loading…"', async () => {
    await open('#/jobs/web/nowhere');
    await page
      .locator('#collection-gone')
      .filter({ hasText: 'This job collection does not exist' })
      .waitFor();
    assert.equal(await page.getByText('Loading…').count(), 0);
    assert.equal(await page.getByRole('link', { name: 'New job' }).count(), 0);
    await page.getByRole('link', { name: 'Back to the collections' }).waitFor();
  });

  test('a session that ended asks to sign in again, says why, and returns to the form with the edit kept', async () => {
    await put('kept', daily('kept'));
    await open('#/edit/web/main/kept');
    await page.getByRole('heading', { name: 'Edit job kept' }).waitFor();
    // The form's live preview answered before the session ends (else it, not Save, meets the 401).
    const previewed = page.waitForResponse((r) => r.url().includes('/dashboard/preview'));
    await field(page, 'action.request.body').fill('typed before the session ended');
    await previewed;
    // Signed out in another tab: the session is gone for this one too.
    const other = await page.context().newPage();
    await other.goto(`${h.serve.url}/#/`);
    await other.getByRole('button', { name: 'Sign out' }).click();
    await other.getByLabel('API token').waitFor();
    await other.close();
    await page.getByRole('button', { name: 'Save' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'Your session has ended' })
      .filter({ hasText: 'nothing was saved' })
      .waitFor();
    // The keyboard focus is on the token field the form asks for (it stayed on the page's body).
    await page.waitForFunction("document.activeElement?.id === 'token'");
    await page.getByLabel('API token').fill(h.token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Edit job kept' }).waitFor();
    assert.equal(await field(page, 'action.request.body').inputValue(), 'typed before the session ended');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: /^Job kept/ }).waitFor();
    assert.equal(
      (await h.api('GET', `${JOBS}/kept`)).json.action.request.body,
      'typed before the session ended',
    );
  });

  test('a link opened before signing in leads to its page once signed in', async () => {
    const ctx = await h.newContext();
    const fresh = await ctx.newPage();
    await fresh.goto(`${h.serve.url}/#/job/web/main/kept`);
    await fresh.getByLabel('API token').fill(h.token);
    await fresh.getByRole('button', { name: 'Sign in' }).click();
    await fresh.getByRole('heading', { name: /^Job kept/ }).waitFor();
    await ctx.close();
  });

  test('"Create collection" with the name of an existing one is refused and changes nothing', async () => {
    await seedCollection(h, 'web', 'busy', 'Standard', 9);
    await open('#/collections');
    await page.getByRole('heading', { name: 'Job collections' }).waitFor();
    await page.getByRole('button', { name: 'New collection' }).click();
    const form = page.getByRole('form', { name: 'New collection' });
    await form.getByLabel('Collection name').fill('busy');
    await form.getByLabel('Plan').selectOption('Free');
    await form.getByRole('button', { name: 'Create collection' }).click();
    await form
      .getByRole('alert')
      .filter({ hasText: "A job collection named 'busy' already exists in web" })
      .waitFor();
    const stored = await h.api('GET', `cloudservices/web/resources/scheduler/JobCollections/busy`);
    assert.match(stored.body, /<Plan>Standard<\/Plan><Quota><MaxJobCount>9<\/MaxJobCount><\/Quota>/);
  });

  test('resuming a collection says which jobs stay finished', async () => {
    const jobs = `${jc('web', 'mixed')}/jobs`;
    await seedCollection(h, 'web', 'mixed');
    const ran = h.sink.nextRequest();
    await put(
      'once',
      { action: { type: 'http', request: { uri: h.sink.url('/once'), method: 'GET' } } },
      jobs,
    );
    await h.serve.whileRunning(ran);
    while ((await h.api('GET', `${jobs}/once`)).json.state !== 'completed') await delay(50);
    await put('daily', { ...daily('daily'), state: 'disabled' }, jobs);
    await open('#/collections');
    const row = page.locator('tr[data-collection="web/mixed"]');
    await row.getByRole('button', { name: 'Resume' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Resumed mixed: 1 job enabled; once stays completed.' })
      .waitFor();
    await row.getByRole('button', { name: 'Suspend' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Suspended mixed: 1 job disabled; once stays completed.' })
      .waitFor();
  });

  test('a save that got no answer says so (not "TypeError: Failed to fetch")', async () => {
    await put('offline', daily('offline'));
    await open('#/edit/web/main/offline');
    await page.getByRole('heading', { name: 'Edit job offline' }).waitFor();
    await field(page, 'action.request.body').fill('not sent');
    // The connection drops: the request never reaches the server.
    await page.route('**/dashboard/api/**', (route) => route.abort('connectionrefused'));
    await page.getByRole('button', { name: 'Save' }).click();
    await page
      .locator('#form-error')
      .filter({ hasText: 'Unreachable: the server did not answer (is takt serve running?)' })
      .waitFor();
    await page.unroute('**/dashboard/api/**');
    assert.equal((await h.api('GET', `${JOBS}/offline`)).json.action.request.body, undefined);
  });

  test('history paging stops where the history ends', async () => {
    await put('many', daily('many'));
    for (let i = 0; i < 20; i++) assert.equal((await h.api('POST', `${JOBS}/many/run`)).status, 202);
    while (((await h.api('GET', `${JOBS}/many/history?$top=100`)).json as unknown[]).length < 20)
      await delay(50);
    await open('#/job/web/main/many');
    const older = page.getByRole('button', { name: 'Older' });
    await page.getByText('entries 1–10').waitFor();
    // Every state the page passes through on the way: the render right after the click must not show
    // the first page's answer under the second page's numbers (with "Older" still on).
    // (A script as text: the test's TypeScript loader would add helpers the page does not have.)
    await page.evaluate(`(() => {
      const seen = (window.pagingStates = []);
      new MutationObserver(() => {
        const label = [...document.querySelectorAll('span[aria-live="polite"]')].map((e) => e.textContent).join('');
        const button = [...document.querySelectorAll('button')].find((b) => b.textContent === 'Older');
        seen.push(label + '|' + (button && button.disabled ? 'off' : 'on'));
      }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    })()`);
    await older.click();
    await page.getByText('entries 11–20').waitFor();
    const states = await page.evaluate<string[]>('window.pagingStates');
    assert.deepEqual(
      states.filter((st) => st.startsWith('entries 11–20|on')),
      [],
      `states after the click: ${JSON.stringify(states)}`,
    );
    // Exactly the 20 runs' entries: a failed attempt (with its retry) would be a 21st, and then the
    // button would rightly stay on; say so instead of blaming the button.
    const entries = (await h.api('GET', `${JOBS}/many/history?$top=100`)).json as {
      status: string;
      message?: string;
    }[];
    const said = entries.map((e) => `${e.status}: ${(e.message ?? '').slice(0, 120)}`);
    assert.equal(entries.length, 20, `history: ${JSON.stringify(said)}`);
    assert.equal(await older.isDisabled(), true, 'no older entries: the button is off');
  });

  test('relative times move on while a page stays open', async () => {
    await put('ticks', daily('ticks'));
    assert.equal((await h.api('POST', `${JOBS}/ticks/run`)).status, 202);
    while (((await h.api('GET', `${JOBS}/ticks/history`)).json as unknown[]).length < 1) await delay(50);
    const ctx = await h.newContext();
    const tab = await ctx.newPage();
    await tab.clock.install();
    await tab.goto(`${h.serve.url}/`);
    await tab.getByLabel('API token').fill(h.token);
    await tab.getByRole('button', { name: 'Sign in' }).click();
    await tab.getByRole('heading', { name: 'Overview' }).waitFor();
    await tab.goto(`${h.serve.url}/#/job/web/main/ticks`);
    const started = tab.locator('tr.history-entry td').first();
    await started.filter({ hasText: /^(now|\d+ s ago)$/ }).waitFor();
    await tab.clock.fastForward('05:00');
    await started.filter({ hasText: /^5 min ago$/ }).waitFor();
    await ctx.close();
  });

  test('counts read as numbers: "1 retry", "every ≥ 2 hours"; the error action’s own retries are shown', async () => {
    await put('one-retry', {
      ...daily('one-retry'),
      action: {
        type: 'http',
        request: { uri: h.sink.url('/one'), method: 'GET' },
        retryPolicy: { retryType: 'fixed', retryInterval: 'PT20S', retryCount: 1 },
        errorAction: {
          type: 'http',
          request: { uri: h.sink.url('/err'), method: 'POST' },
          retryPolicy: { retryType: 'none' },
        },
      },
    });
    await open('#/job/web/main/one-retry');
    const summary = page.locator('#job-summary');
    await summary.getByText('1 retry, 00:00:20 apart', { exact: true }).waitFor();
    await summary.getByText(`HTTP: POST ${h.sink.url('/err')} (retries: none)`, { exact: true }).waitFor();
    const ns = 'xmlns="http://schemas.microsoft.com/windowsazure"';
    const quota = `<Quota><MaxRecurrence><Frequency>Hour</Frequency><Interval>2</Interval></MaxRecurrence></Quota>`;
    const r = await h.api(
      'PUT',
      'cloudservices/web/resources/scheduler/JobCollections/slow',
      `<Resource ${ns}><SchemaVersion>1.1</SchemaVersion><IntrinsicSettings><Plan>Standard</Plan>${quota}</IntrinsicSettings></Resource>`,
    );
    assert.ok(r.status < 300, r.body);
    await open('#/collections');
    await page.locator('tr[data-collection="web/slow"]').filter({ hasText: 'every ≥ 2 hours' }).waitFor();
  });

  test('a disabled job says why it has no next occurrences', async () => {
    await put('off', { ...daily('off'), state: 'disabled' });
    await open('#/job/web/main/off');
    await page.locator('#job-summary').waitFor();
    await page.getByText('None while the job is disabled.').waitFor();
  });
});
