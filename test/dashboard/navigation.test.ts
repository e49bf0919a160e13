// Moving between pages, in chromium against a real `takt serve`: the tab's title names the page, and
// after a navigation focus is on the new page's main region, not lost with the link that was clicked
// (keyboard and screen-reader users would otherwise start over from the top of the document).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { dashboardSuite } from './support/harness.js';

describe('navigation', () => {
  const s = dashboardSuite();

  /** The focused element's tag once it is `expected`, or after 5 s (focus moves in the same effect). */
  const focused = async (expected: string): Promise<string> => {
    await s.page
      .waitForFunction(
        `document.activeElement?.tagName.toLowerCase() === ${JSON.stringify(expected)}`,
        undefined,
        {
          timeout: 5000,
        },
      )
      .catch(() => undefined);
    return s.page.evaluate<string>("document.activeElement?.tagName.toLowerCase() ?? ''");
  };
  /**
   * The tab's title once it is `expected`, or after 5 s: the page sets it in an effect after the
   * render that shows the heading, so reading it right after the heading appeared can see the
   * previous page's (seen once in a fresh-clone run).
   */
  const title = async (expected: string): Promise<string> => {
    await s.page
      .waitForFunction(`document.title === ${JSON.stringify(expected)}`, undefined, { timeout: 5000 })
      .catch(() => undefined);
    return s.page.title();
  };

  test('each s.page titles the tab; a navigation moves focus to the main region', async () => {
    await s.page.goto(`${s.h.serve.url}/#/`);
    await s.page.getByRole('heading', { name: 'Overview' }).waitFor();
    assert.equal(await title('Overview · Takt'), 'Overview · Takt');

    await s.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Collections' }).click();
    await s.page.getByRole('heading', { name: 'Job collections' }).waitFor();
    assert.equal(await title('Job collections · Takt'), 'Job collections · Takt');
    assert.equal(await focused('main'), 'main');

    await s.page.getByRole('link', { name: 'main', exact: true }).first().click();
    await s.page.getByRole('heading', { name: 'Jobs of main' }).waitFor();
    assert.equal(await title('Jobs of main · Takt'), 'Jobs of main · Takt');
    assert.equal(await focused('main'), 'main');

    await s.page.getByRole('link', { name: 'New job' }).first().click();
    await s.page.getByRole('heading', { name: 'New job' }).waitFor();
    assert.equal(await title('New job · Takt'), 'New job · Takt');
    assert.equal(await focused('main'), 'main');
  });
});
