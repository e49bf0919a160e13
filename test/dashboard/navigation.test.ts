// Moving between pages, in chromium against a real `takt serve`: the tab's title names the page, and
// after a navigation focus is on the new page's main region, not lost with the link that was clicked
// (keyboard and screen-reader users would otherwise start over from the top of the document).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { seedCollection, startHarness, type Harness } from './support/harness.js';

describe('navigation', () => {
  let h: Harness;
  let page: Page;
  before(async () => {
    h = await startHarness();
    await seedCollection(h, 'web', 'main');
    page = await h.signedInPage();
  });
  after(async () => {
    await h?.close();
  });

  const focused = () => page.evaluate<string>("document.activeElement?.tagName.toLowerCase() ?? ''");

  test('each page titles the tab; a navigation moves focus to the main region', async () => {
    await page.goto(`${h.serve.url}/#/`);
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    assert.equal(await page.title(), 'Overview · Takt');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Collections' }).click();
    await page.getByRole('heading', { name: 'Job collections' }).waitFor();
    assert.equal(await page.title(), 'Job collections · Takt');
    assert.equal(await focused(), 'main');

    await page.getByRole('link', { name: 'main', exact: true }).first().click();
    await page.getByRole('heading', { name: 'Jobs of main' }).waitFor();
    assert.equal(await page.title(), 'Jobs of main · Takt');
    assert.equal(await focused(), 'main');

    await page.getByRole('link', { name: 'New job' }).first().click();
    await page.getByRole('heading', { name: 'New job' }).waitFor();
    assert.equal(await page.title(), 'New job · Takt');
    assert.equal(await focused(), 'main');
  });
});
