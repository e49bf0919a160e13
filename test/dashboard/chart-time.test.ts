// The charts' time axis and legend read as the page's other times do, in chromium against a real
// `takt serve`: a 24-hour clock with the day under the first tick of each day, in the zone the chart
// names. uPlot's defaults drew runs seconds apart as ":27.500" ticks under "12/7/26 2:36pm", and the
// overview's hours as "8am", "12pm". The axis is drawn on a canvas, so the test records what the
// page's canvases write (fillText) before the page's own script runs.
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { dashboardSuite, isoIn, jc, legendTimeUnderCursor } from './support/harness.js';

const JOBS = `${jc('web', 'main')}/jobs`;
const ZONE = 'America/New_York';
const CLOCK = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,3})?)?$/;
const DAY = /^\d{1,2} [A-Z][a-z]{2}$/;

/** Every text the page's canvases drew since it loaded. */
const drawn = (page: Page) => page.evaluate<string[]>('window.chartTexts ?? []');

/** Run in the page before its own script (a string: the tests are type-checked without the DOM). */
const RECORD_CANVAS_TEXT = `
  window.chartTexts = [];
  const fill = CanvasRenderingContext2D.prototype.fillText;
  CanvasRenderingContext2D.prototype.fillText = function (text, ...rest) {
    window.chartTexts.push(String(text));
    return fill.call(this, text, ...rest);
  };
`;

/** The time axis's labels among what was drawn: clocks, days, and anything else with ':' or '/'. */
function timeLabels(texts: readonly string[]) {
  const labels = texts.filter((t) => /[:/]|\d(am|pm)\b|\b[A-Z][a-z]{2}\b/.test(t));
  return { labels, clocks: labels.filter((t) => t.includes(':')), days: labels.filter((t) => DAY.test(t)) };
}

describe('chart time axes', () => {
  const s = dashboardSuite();

  test('runs seconds apart: the axis reads HH:mm:ss with the day, the legend the full time, in the zone shown', async () => {
    const put = await s.h.api('PUT', `${JOBS}/timed`, {
      startTime: isoIn(86_400_000),
      action: { type: 'http', request: { uri: s.h.sink.url('/timed'), method: 'GET' } },
      recurrence: { frequency: 'day' },
    });
    assert.equal(put.status, 201, put.body);
    for (let i = 0; i < 3; i++) {
      assert.equal((await s.h.api('POST', `${JOBS}/timed/run`)).status, 202);
      while (((await s.h.api('GET', `${JOBS}/timed/history`)).json as unknown[]).length <= i) await delay(50);
    }
    const ctx = await s.h.newContext(1280, 900, ZONE);
    const tab = await ctx.newPage();
    try {
      await tab.addInitScript(RECORD_CANVAS_TEXT);
      await tab.goto(`${s.h.serve.url}/#/job/web/main/timed`);
      await tab.getByLabel('API token').fill(s.h.token);
      await tab.getByRole('button', { name: 'Sign in' }).click();
      await tab.locator('.chart canvas').first().waitFor();
      await tab
        .locator('.chart-zone')
        .filter({ hasText: /^Times in (EST|EDT|GMT-[45])$/ })
        .waitFor();
      const runs = ((await s.h.api('GET', `${JOBS}/timed/history`)).json as { startTime: string }[]).map(
        (e) => Date.parse(e.startTime),
      );
      const inZone = (ms: number, o: Intl.DateTimeFormatOptions) =>
        new Intl.DateTimeFormat('en-GB', { ...o, hourCycle: 'h23', timeZone: ZONE }).format(ms);
      const { labels, clocks, days } = timeLabels(await drawn(tab));
      assert.ok(clocks.length >= 2, `clock ticks drawn: ${labels.join(' | ')}`);
      for (const c of clocks) assert.match(c, CLOCK, `tick ${c} is a 24-hour clock`);
      assert.ok(
        clocks.some((c) => c.length >= 8),
        `ticks seconds apart name the second: ${clocks.join(' | ')}`,
      );
      assert.deepEqual(
        labels.filter((t) => !t.includes(':')),
        days,
        `nothing else drawn: ${labels.join(' | ')}`,
      );
      assert.ok(days.includes(inZone(runs[0] ?? 0, { day: 'numeric', month: 'short' })), days.join(' | '));

      // The legend names the run under the cursor with its date, in the same zone.
      const shown = await legendTimeUnderCursor(tab);
      const full: Intl.DateTimeFormatOptions = {
        weekday: 'short',
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      };
      const expected = runs.map((ms) => inZone(ms, full));
      assert.ok(expected.includes(shown), `legend ${shown} is one of ${expected.join(' | ')}`);
    } finally {
      await ctx.close();
    }
  });

  test('the overview: hours on a 24-hour clock, the day under midnight, no am/pm', async () => {
    const ctx = await s.h.newContext(1280, 900, ZONE);
    const tab = await ctx.newPage();
    try {
      await tab.addInitScript(RECORD_CANVAS_TEXT);
      await tab.goto(`${s.h.serve.url}/#/`);
      await tab.getByLabel('API token').fill(s.h.token);
      await tab.getByRole('button', { name: 'Sign in' }).click();
      await tab.locator('.chart canvas').first().waitFor();
      const { labels, clocks, days } = timeLabels(await drawn(tab));
      assert.ok(clocks.length >= 4, `hour ticks drawn: ${labels.join(' | ')}`);
      for (const c of clocks) assert.match(c, /^([01]\d|2[0-3]):00$/, `tick ${c} is a whole hour, 24-hour`);
      // The first tick's day, and the next day's under midnight when the 24 hours cross one.
      const distinct = new Set(days).size;
      assert.ok(distinct >= 1 && distinct <= 2, `days under the ticks: ${labels.join(' | ')}`);
    } finally {
      await ctx.close();
    }
  });
});
