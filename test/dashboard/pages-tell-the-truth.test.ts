// What a page shows when things do not go as planned, in chromium against a real `takt serve`
// (docs/dashboard.md): a job page whose reads fail says it is no longer live and recovers by
// itself; the preview says it could not be computed rather than asking for a schedule; a repeated
// header line is refused under the field, nothing sent; Enable on an overdue one-time job says it
// runs it now; a collection refused after its new cloud service was created says so, and a second
// try creates only the collection, and one whose "new cloud service" box was ticked and unticked
// goes into the cloud service the list shows; the sign-in form titles the tab.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { dashboardSuite, isoIn, jc } from './support/harness.js';

const JOBS = `${jc('web', 'main')}/jobs`;
const field = (page: Page, path: string) => page.locator(`[name="${path}"]`);

describe('pages tell the truth when things fail', () => {
  const s = dashboardSuite();

  test('a job page whose reads fail says it is not live, and recovers when they succeed', async () => {
    const put = await s.h.api('PUT', `${JOBS}/live`, {
      startTime: isoIn(86_400_000),
      action: { type: 'http', request: { uri: s.h.sink.url('/live'), method: 'GET' } },
      recurrence: { frequency: 'day' },
    });
    assert.equal(put.status, 201, put.body);
    await s.open('#/job/web/main/live');
    await s.page.getByRole('heading', { name: /^Job live/ }).waitFor();
    // The network fails for the history poll (as when the server stops answering).
    await s.page.route('**/jobs/live/history**', (route) => route.abort('connectionrefused'));
    const notice = s.page.locator('#not-live');
    await notice.waitFor();
    assert.match(
      await notice.innerText(),
      /^Not live: the server did not answer \(is takt serve running\?\)\./,
    );
    await s.page.unroute('**/jobs/live/history**');
    await notice.waitFor({ state: 'detached' });
  });

  test('the preview says it could not be computed instead of asking for a schedule', async () => {
    await s.open('#/new/web/main');
    await s.page.getByRole('heading', { name: 'New job' }).waitFor();
    await s.page.route('**/dashboard/preview*', (route) => route.abort('connectionrefused'));
    await field(s.page, 'action.request.uri').fill(s.h.sink.url('/p'));
    await s.page.getByText('No preview: the server did not answer (is takt serve running?).').waitFor();
    await s.page.unroute('**/dashboard/preview*');
  });

  test('a header named on two lines is refused under the field and nothing is sent', async () => {
    await s.open('#/new/web/main');
    await field(s.page, 'id').fill('twice');
    await field(s.page, 'action.request.uri').fill(s.h.sink.url('/twice'));
    await field(s.page, 'action.request.headers').fill('X-Trace: first\nx-trace: second');
    const sent: string[] = [];
    s.page.on('request', (r) => {
      if (r.method() === 'PUT' && r.url().includes('/jobs/twice')) sent.push(r.url());
    });
    await s.page.getByRole('button', { name: 'Create job' }).click();
    const error = s.page.locator('[data-error-for="action.request.headers"]');
    await error.filter({ hasText: /line 2 repeats the name 'x-trace' of line 1/ }).waitFor();
    assert.deepEqual(sent, []);
    assert.equal((await s.h.api('GET', `${JOBS}/twice`)).status, 404);
  });

  test('Enable on a disabled one-time job whose time has passed says it runs it now', async () => {
    const put = await s.h.api('PUT', `${JOBS}/overdue`, {
      startTime: isoIn(-3_600_000),
      state: 'disabled',
      action: { type: 'http', request: { uri: s.h.sink.url('/overdue'), method: 'GET' } },
    });
    assert.equal(put.status, 201, put.body);
    await s.open('#/job/web/main/overdue');
    const warning = s.page.locator('#enable-runs-now');
    await warning.waitFor();
    assert.match(await warning.innerText(), /^Enabling runs this job now/);
    await s.page.getByRole('button', { name: 'Enable' }).click();
    await s.page.getByText('Enabled: it runs now, as its start time has passed.').waitFor();
  });

  test('a collection refused after its new cloud service was created says so; a second try creates the collection', async () => {
    await s.open('#/collections');
    await s.page.getByRole('button', { name: 'New collection' }).click();
    const form = s.page.getByRole('form', { name: 'New collection' });
    const box = form.getByLabel('new cloud service');
    if (!(await box.isChecked())) await box.check();
    await form.getByLabel('Cloud service', { exact: true }).fill('half');
    await form.getByLabel('Collection name').fill('bad/name');
    await form.getByRole('button', { name: 'Create collection' }).click();
    await form
      .getByText(/The cloud service half was created; the collection was not\. Correct it and create again/)
      .waitFor();
    await form.getByLabel('Collection name').fill('good');
    await form.getByRole('button', { name: 'Create collection' }).click();
    await s.page.locator('tr[data-collection="half/good"]').waitFor();
  });

  test('"new cloud service" ticked and unticked again: the collection goes into the cloud service the list shows', async () => {
    await s.open('#/collections');
    await s.page.getByRole('button', { name: 'New collection' }).click();
    const form = s.page.getByRole('form', { name: 'New collection' });
    const box = form.getByLabel('new cloud service');
    await box.check();
    await box.uncheck();
    const shown = await form.getByLabel('Cloud service', { exact: true }).inputValue();
    assert.notEqual(shown, '', 'the list shows a cloud service, and that is what is sent');
    await form.getByLabel('Collection name').fill('toggled');
    await form.getByRole('button', { name: 'Create collection' }).click();
    await s.page.locator(`tr[data-collection="${shown}/toggled"]`).waitFor();
  });

  test('the sign-in form titles the tab, whatever page the link named', async () => {
    const ctx = await s.h.newContext();
    const fresh = await ctx.newPage();
    await fresh.goto(`${s.h.serve.url}/#/jobs/web/main`);
    await fresh.getByRole('button', { name: 'Sign in' }).waitFor();
    assert.equal(await fresh.title(), 'Sign in · Takt');
    await fresh.getByLabel('API token').fill(s.h.token);
    await fresh.getByRole('button', { name: 'Sign in' }).click();
    await fresh.getByRole('heading', { name: /main/ }).first().waitFor();
    assert.equal(await fresh.title(), 'Jobs of main · Takt');
    await ctx.close();
  });
});
