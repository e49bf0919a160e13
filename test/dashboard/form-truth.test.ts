// The job form tells the truth, in chromium against a real `takt serve`: a stored secret left empty
// in an edit is not reported missing (the save keeps it); enabling a disabled one-time job whose time
// has passed says that the save runs it; the live preview knows the deployment's shortest retry
// interval; a header line without ':' is refused next to the field
// instead of being saved as an empty header; a refused cron expression blocks the save; the API's messages about a header name or the job id
// show under the field they name; an id the URL cannot carry ('.', '..') is refused, never sent.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { dashboardSuite, isoIn, jc } from './support/harness.js';

const JOBS = `${jc('web', 'main')}/jobs`;
const field = (page: Page, path: string) => page.locator(`[name="${path}"]`);
const errorOf = (page: Page, path: string) => page.locator(`[data-error-for="${path}"]`);

describe('the job form tells the truth', () => {
  const s = dashboardSuite();

  const open = async (hash: string, heading: string) => {
    await s.open(hash);
    await s.page.getByRole('heading', { name: heading }).waitFor();
  };
  /** Fills a field and waits for the live preview that answers the change. */
  const fillAndPreview = async (path: string, value: string) => {
    const previewed = s.page.waitForResponse((r) => r.url().includes('/dashboard/preview'));
    await field(s.page, path).fill(value);
    await previewed;
  };
  const shownErrors = async () =>
    (await s.page.locator('[data-error-for]').allTextContents()).filter((t) => t !== '');

  test('an edit that leaves stored secrets empty is not told they are missing, and keeps them', async () => {
    const put = await s.h.api('PUT', `${JOBS}/secrets`, {
      startTime: isoIn(86_400_000),
      action: {
        type: 'http',
        request: {
          uri: s.h.sink.url('/secrets'),
          method: 'GET',
          authentication: {
            type: 'ActiveDirectoryOAuth',
            tenant: 't',
            audience: 'a',
            clientId: 'c',
            secret: 's',
          },
        },
        errorAction: {
          type: 'serviceBusQueue',
          serviceBusQueueMessage: {
            namespace: 'bus1',
            queueName: 'jobs',
            authentication: { sasKeyName: 'k', sasKey: 'a2V5' },
            message: 'm',
          },
        },
      },
      recurrence: { frequency: 'day' },
    });
    assert.equal(put.status, 201, put.body);
    await open('#/edit/web/main/secrets', 'Edit job secrets');
    // Typed and erased again: the field is as it came, "leave empty to keep the stored one".
    await field(s.page, 'action.request.authentication.secret').fill('x');
    await fillAndPreview('action.request.authentication.secret', '');
    await field(s.page, 'action.errorAction.serviceBusQueueMessage.authentication.sasKey').fill('x');
    await fillAndPreview('action.errorAction.serviceBusQueueMessage.authentication.sasKey', '');
    // A schedule change is previewed from the job as it will be saved, secrets kept.
    await fillAndPreview('recurrence.schedule.hours', '7');
    await s.page.locator('#preview li').nth(4).waitFor();
    assert.deepEqual(await shownErrors(), []);
    // A member that is really missing is still reported.
    await fillAndPreview('action.request.authentication.clientId', '');
    await errorOf(s.page, 'action.request.authentication.clientId')
      .filter({ hasText: 'is required' })
      .waitFor();
    await fillAndPreview('action.request.authentication.clientId', 'c2');
    assert.deepEqual(await shownErrors(), []);
    await s.page.getByRole('button', { name: 'Save' }).click();
    await s.page.getByRole('heading', { name: /^Job secrets/ }).waitFor();
    const saved = (await s.h.api('GET', `${JOBS}/secrets`)).json;
    assert.equal(saved.action.request.authentication.clientId, 'c2');
    assert.deepEqual(saved.recurrence.schedule, { hours: [7] });
  });

  test('every description a control points to exists (no aria-describedby to a missing hint)', async () => {
    await open('#/new/web/main', 'New job');
    await field(s.page, 'has-error-action').check();
    await field(s.page, 'recurrence.frequency').selectOption('month');
    const dangling = await s.page.evaluate(`[...document.querySelectorAll('[aria-describedby]')]
      .flatMap((el) => el.getAttribute('aria-describedby').split(/\\s+/)
        .filter((id) => !document.getElementById(id)).map((id) => (el.name || el.id) + ' -> ' + id))`);
    assert.deepEqual(dangling, []);
  });

  test('an edit is previewed as the PATCH saving it makes: no run now, the runs made count toward count', async () => {
    // No start time: it runs at once, then hourly, three times in all.
    const put = await s.h.api('PUT', `${JOBS}/series`, {
      action: { type: 'http', request: { uri: s.h.sink.url('/series'), method: 'GET' } },
      recurrence: { frequency: 'hour', count: 3 },
    });
    assert.equal(put.status, 201, put.body);
    for (let i = 0; i < 100; i++) {
      const job = (await s.h.api('GET', `${JOBS}/series`)).json;
      if (job.status?.executionCount === 1) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const ran = (await s.h.api('GET', `${JOBS}/series`)).json;
    assert.equal(ran.status.executionCount, 1);
    await open('#/edit/web/main/series', 'Edit job series');
    await fillAndPreview('recurrence.interval', '2');
    // Two runs are left, two hours apart from the first; a new series saved now would show three,
    // the first of them now.
    await s.page.locator('#preview li').nth(1).waitFor();
    assert.equal(await s.page.locator('#preview li').count(), 2);
    const patched = await s.h.api('PATCH', `${JOBS}/series`, { recurrence: { interval: 2 } });
    assert.equal(patched.status, 200, patched.body);
    const occurrences = (await s.h.api('GET', `${JOBS}/series/occurrences`)).json as string[];
    assert.equal(occurrences.length, 2);
  });

  test('the preview says why it lists nothing: an invalid schedule, a disabled job', async () => {
    const put = await s.h.api('PUT', `${JOBS}/paused`, {
      startTime: isoIn(86_400_000),
      action: { type: 'http', request: { uri: s.h.sink.url('/paused'), method: 'GET' } },
      recurrence: { frequency: 'week', schedule: { hours: [9] } },
      state: 'disabled',
    });
    assert.equal(put.status, 201, put.body);
    await open('#/edit/web/main/paused', 'Edit job paused');
    // Was "No occurrence.", which reads as a schedule that never fires.
    await s.page.locator('.preview').getByText('None while the job is disabled.').waitFor();
    // Was "Fill in the schedule to see its occurrences." for a schedule that is filled in.
    await fillAndPreview('recurrence.schedule.minutes', '0, 75');
    await s.page
      .locator('.preview')
      .getByText(/^No preview: recurrence\.schedule\.minutes: must be 0\.\.59/)
      .waitFor();
  });

  test('the live preview checks the retry interval against the deployment’s minimum, as the save does', async () => {
    await open('#/new/web/main', 'New job');
    await field(s.page, 'action.request.uri').fill(s.h.sink.url('/retry'));
    await field(s.page, 'action.retryPolicy.retryType').selectOption('fixed');
    await fillAndPreview('action.retryPolicy.retryInterval', 'PT5S');
    await errorOf(s.page, 'action.retryPolicy.retryInterval')
      .filter({ hasText: 'action.retryPolicy.retryInterval: must be between 00:00:15 and' })
      .waitFor();
  });

  test('a cron expression works without picking Repeat first: it sets Repeat, as the CLI’s --cron does', async () => {
    await open('#/new/web/main', 'New job');
    assert.equal(await field(s.page, 'recurrence.frequency').inputValue(), '');
    await field(s.page, 'cron').fill('0 6 * * *');
    await s.page.locator('#f-cron-hint').filter({ hasText: /^= / }).waitFor();
    assert.match((await s.page.locator('#f-cron-hint').textContent()) ?? '', /06:00/);
    assert.equal(await field(s.page, 'recurrence.frequency').inputValue(), 'day');
    assert.equal(await field(s.page, 'recurrence.schedule.hours').inputValue(), '6');
  });

  test('a cron expression no longer shown as the schedule once the fields below change it', async () => {
    await open('#/new/web/main', 'New job');
    await field(s.page, 'recurrence.frequency').selectOption('week');
    await field(s.page, 'cron').fill('30 9 * * mon,fri');
    await s.page.getByText('= Mon, Fri at 09:30').waitFor();
    await field(s.page, 'recurrence.schedule.hours').fill('10');
    await s.page.locator('#f-cron-hint').filter({ hasText: 'changed below' }).waitFor();
    assert.equal(await field(s.page, 'cron').inputValue(), '');
    assert.equal(await s.page.getByText('= Mon, Fri at 09:30').count(), 0);
  });

  test('a refused cron expression blocks the save: the job is not saved as a one-time job that runs now', async () => {
    await open('#/new/web/main', 'New job');
    await field(s.page, 'id').fill('cronless');
    await field(s.page, 'action.request.uri').fill(s.h.sink.url('/cronless'));
    // No equivalent: cron runs when either day field matches, an Azure schedule only when both do.
    await field(s.page, 'cron').fill('0 9 1 * mon');
    await errorOf(s.page, 'cron')
      .filter({ hasText: /day-of-month and day-of-week/ })
      .waitFor();
    const writes: string[] = [];
    const log = (r: { method(): string; url(): string }) => {
      if (r.method() !== 'GET' && !r.url().includes('/dashboard/preview')) writes.push(r.url());
    };
    s.page.on('request', log);
    await s.page.getByRole('button', { name: 'Create job' }).click();
    await s.page.locator('#f-cron:focus').waitFor();
    s.page.off('request', log);
    assert.deepEqual(writes, []);
    assert.equal((await s.h.api('GET', `${JOBS}/cronless`)).status, 404);
    // Cleared, the fields say what is saved, and the save goes through.
    await field(s.page, 'cron').fill('');
    await field(s.page, 'startTime').fill(isoIn(86_400_000));
    await s.page.getByRole('button', { name: 'Create job' }).click();
    await s.page.getByRole('heading', { name: /^Job cronless/ }).waitFor();
  });

  test('enabling a disabled one-time job whose time has passed says that saving runs it, and it runs', async () => {
    const put = await s.h.api('PUT', `${JOBS}/late`, {
      startTime: isoIn(-3_600_000),
      state: 'disabled',
      action: { type: 'http', request: { uri: s.h.sink.url('/late'), method: 'GET' } },
    });
    assert.equal(put.status, 201, put.body);
    await open('#/edit/web/main/late', 'Edit job late');
    await s.page.locator('#runs-later').waitFor();
    await field(s.page, 'state').selectOption('enabled');
    await s.page.locator('#runs-now').filter({ hasText: 'Saving runs this job now' }).waitFor();
    assert.equal(await s.page.locator('#runs-later').count(), 0);
    const ran = s.h.sink.nextRequest();
    await s.page.getByRole('button', { name: 'Save' }).click();
    assert.equal((await s.h.serve.whileRunning(ran)).path, '/late');
  });

  test('a header line without a colon is refused next to Headers, and nothing is sent', async () => {
    await open('#/new/web/main', 'New job');
    await field(s.page, 'id').fill('colon');
    await field(s.page, 'action.request.uri').fill(s.h.sink.url('/colon'));
    await field(s.page, 'startTime').fill(isoIn(86_400_000));
    await field(s.page, 'action.request.headers').fill('X-Fine: 1\nNoColonHere');
    const writes: string[] = [];
    s.page.on('request', (r) => {
      if (r.method() === 'PUT' || r.method() === 'POST') writes.push(`${r.method()} ${r.url()}`);
    });
    await s.page.getByRole('button', { name: 'Create job' }).click();
    await errorOf(s.page, 'action.request.headers')
      .filter({ hasText: /NoColonHere/ })
      .waitFor();
    assert.match(
      (await errorOf(s.page, 'action.request.headers').textContent()) ?? '',
      /^action\.request\.headers: line 2 .*'Name: value'/,
    );
    assert.deepEqual(
      writes.filter((w) => !w.includes('/dashboard/preview')),
      [],
    );
    assert.equal((await s.h.api('GET', `${JOBS}/colon`)).status, 404);
    // Fixed, the message goes and the job is saved with the header it names.
    await field(s.page, 'action.request.headers').fill('X-Fine: 1\nX-Other: 2');
    await s.page.locator('[data-error-for="action.request.headers"]:empty').waitFor({ state: 'attached' });
    await s.page.getByRole('button', { name: 'Create job' }).click();
    await s.page.getByRole('heading', { name: /^Job colon/ }).waitFor();
    assert.deepEqual((await s.h.api('GET', `${JOBS}/colon`)).json.action.request.headers, {
      'X-Fine': '1',
      'X-Other': '2',
    });
  });

  test('a number field holding what is not a number is refused under it, not saved as empty', async () => {
    await open('#/new/web/main', 'New job');
    await field(s.page, 'id').fill('counted');
    await field(s.page, 'action.request.uri').fill(s.h.sink.url('/counted'));
    await field(s.page, 'startTime').fill(isoIn(86_400_000));
    await field(s.page, 'recurrence.frequency').selectOption('day');
    // The browser shows "1e" but reads the field as empty: saved, the job would run without end.
    await field(s.page, 'recurrence.count').focus();
    await s.page.keyboard.type('1e');
    const writes: string[] = [];
    const log = (r: { method(): string; url(): string }) => {
      if (r.method() === 'PUT' && !r.url().includes('/dashboard/preview')) writes.push(r.url());
    };
    s.page.on('request', log);
    await s.page.getByRole('button', { name: 'Create job' }).click();
    await errorOf(s.page, 'recurrence.count')
      .filter({ hasText: /^recurrence\.count: .*not a number/ })
      .waitFor();
    s.page.off('request', log);
    assert.deepEqual(writes, []);
    assert.equal((await s.h.api('GET', `${JOBS}/counted`)).status, 404);
    await field(s.page, 'recurrence.count').fill('3');
    await s.page.locator('[data-error-for="recurrence.count"]:empty').waitFor({ state: 'attached' });
    await s.page.getByRole('button', { name: 'Create job' }).click();
    await s.page.getByRole('heading', { name: /^Job counted/ }).waitFor();
    assert.equal((await s.h.api('GET', `${JOBS}/counted`)).json.recurrence.count, 3);
  });

  test('the API’s message about a header name with a space shows under Headers', async () => {
    await open('#/new/web/main', 'New job');
    await field(s.page, 'action.request.uri').fill(s.h.sink.url('/space'));
    await field(s.page, 'startTime').fill(isoIn(86_400_000));
    await field(s.page, 'action.request.headers').fill('Bad Name: v');
    await s.page.getByRole('button', { name: 'Create job' }).click();
    await errorOf(s.page, 'action.request.headers')
      .filter({ hasText: 'action.request.headers.Bad Name: the header name must be an HTTP token' })
      .waitFor();
    assert.equal(await s.page.locator('#form-error').count(), 0);
  });

  test('messages about the job id show under Job id; an id a URL cannot carry is never sent', async () => {
    await s.h.api('PUT', `${JOBS}/taken`, {
      startTime: isoIn(86_400_000),
      action: { type: 'http', request: { uri: s.h.sink.url('/taken'), method: 'GET' } },
    });
    const idError = errorOf(s.page, 'id');
    for (const [id, message] of [
      ['a/b', /^jobId: must be 1 to 100 characters/],
      ['taken', /^id: a job named 'taken' already exists/],
      ['..', /^id: '\.\.' cannot be/],
      ['.', /^id: '\.' cannot be/],
    ] as const) {
      await open('#/new/web/main', 'New job');
      await field(s.page, 'action.request.uri').fill(s.h.sink.url('/id'));
      await field(s.page, 'startTime').fill(isoIn(86_400_000));
      await field(s.page, 'id').fill(id);
      const sent: string[] = [];
      const log = (r: { url(): string }) => void sent.push(r.url());
      s.page.on('request', log);
      await s.page.getByRole('button', { name: 'Create job' }).click();
      await idError.filter({ hasText: message }).waitFor();
      s.page.off('request', log);
      assert.equal(await s.page.locator('#form-error').count(), 0, id);
      assert.equal(await field(s.page, 'id').getAttribute('aria-invalid'), 'true', id);
      if (id.startsWith('.'))
        assert.deepEqual(
          sent.filter((u) => !u.includes('/dashboard/preview')),
          [],
          `nothing is sent for '${id}'`,
        );
    }
  });
  test('a week day of the month typed with spaces around # stays one item', async () => {
    await open('#/new/web/main', 'New job');
    await field(s.page, 'recurrence.frequency').selectOption('month');
    const input = field(s.page, 'recurrence.schedule.monthlyOccurrences');
    await fillAndPreview('recurrence.schedule.monthlyOccurrences', 'fri # 2 mon #-1,sun');
    await input.blur();
    assert.equal(await input.inputValue(), 'fri#2, mon#-1, sun');
  });
});
