// The jobs page of a collection reads a job's last history entry only when it can have changed
// (web/src/pages/jobs.tsx): a refresh every 10 s must not cost one history request per job. A job
// that never ran is not asked; one whose last run succeeded and has not run since is not asked
// again; one whose last attempt failed is (a retry or the error action may follow).
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, test } from 'node:test';
import { dashboardSuite, jc } from './support/harness.js';

const JOBS = `${jc('web', 'rows')}/jobs`;
const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z');

describe('the jobs page reads history only where it can have changed', () => {
  const s = dashboardSuite('web', 'rows');

  const put = async (id: string, uri: string) => {
    const r = await s.h.api('PUT', `${JOBS}/${id}`, {
      startTime: tomorrow(),
      action: { type: 'http', request: { uri, method: 'GET' }, retryPolicy: { retryType: 'none' } },
      recurrence: { frequency: 'day' },
    });
    assert.equal(r.status, 201, r.body);
  };
  /** Runs the job now and waits for its history entry. */
  const runOnce = async (id: string) => {
    assert.equal((await s.h.api('POST', `${JOBS}/${id}/run`)).status, 202);
    while (((await s.h.api('GET', `${JOBS}/${id}/history`)).json as unknown[]).length < 1) await delay(50);
  };

  test('a reload asks only for the job whose last attempt failed', async () => {
    await put('idle', s.h.sink.url('/idle'));
    await put('good', s.h.sink.url('/good'));
    await put('bad', 'http://127.0.0.1:9/refused');
    await runOnce('good');
    await runOnce('bad');

    const asked: string[] = [];
    s.page.on('request', (r) => {
      const m = /\/jobs\/([^/?]+)\/history\?/.exec(r.url());
      if (m) asked.push(m[1]!);
    });
    await s.open(`#/jobs/web/rows`);
    const row = (id: string) => s.page.locator('tr', { has: s.page.getByLabel(`Select ${id}`) });
    await row('good').getByText('completed').waitFor();
    await row('bad').getByText('failed').waitFor();
    assert.deepEqual(asked.sort(), ['bad', 'good'], 'first load: the two jobs that ran');

    // A bulk action reloads the page's data at once (as the 10 s refresh does).
    asked.length = 0;
    await s.page.getByLabel('Select idle').check();
    await s.page.getByRole('button', { name: 'Disable' }).click();
    await s.page.getByText('Disabled 1 job.').waitFor();
    await row('idle').getByText('disabled').waitFor();
    assert.deepEqual(asked, ['bad'], 'reload: only the job whose last attempt failed');
    // The rows still show what they showed.
    await row('good').getByText('completed').waitFor();
    await row('bad').getByText('failed').waitFor();

    // A new run of the good job changes its counters' last run: it is read again.
    asked.length = 0;
    await runOnce('good');
    while (((await s.h.api('GET', `${JOBS}/good/history`)).json as unknown[]).length < 2) await delay(50);
    await s.page.getByLabel('Select idle').check();
    await s.page.getByRole('button', { name: 'Enable' }).click();
    await s.page.getByText('Enabled 1 job.').waitFor();
    await row('idle').getByText('enabled').waitFor();
    assert.deepEqual(asked.sort(), ['bad', 'good']);
  });
});
