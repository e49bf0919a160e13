// Moving between pages, in chromium against a real `takt serve`: the tab's title names the page, and
// after a navigation focus is on the new page's main region, not lost with the link that was clicked
// (keyboard and screen-reader users would otherwise start over from the top of the document).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { dashboardSuite } from './support/harness.js';

describe('navigation', () => {
  const s = dashboardSuite();

  const focused = () => s.page.evaluate<string>("document.activeElement?.tagName.toLowerCase() ?? ''");

  test('each s.page titles the tab; a navigation moves focus to the main region', async () => {
    await s.page.goto(`${s.h.serve.url}/#/`);
    await s.page.getByRole('heading', { name: 'Overview' }).waitFor();
    assert.equal(await s.page.title(), 'Overview · Takt');

    await s.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Collections' }).click();
    await s.page.getByRole('heading', { name: 'Job collections' }).waitFor();
    assert.equal(await s.page.title(), 'Job collections · Takt');
    assert.equal(await focused(), 'main');

    await s.page.getByRole('link', { name: 'main', exact: true }).first().click();
    await s.page.getByRole('heading', { name: 'Jobs of main' }).waitFor();
    assert.equal(await s.page.title(), 'Jobs of main · Takt');
    assert.equal(await focused(), 'main');

    await s.page.getByRole('link', { name: 'New job' }).first().click();
    await s.page.getByRole('heading', { name: 'New job' }).waitFor();
    assert.equal(await s.page.title(), 'New job · Takt');
    assert.equal(await focused(), 'main');
  });
});
