// The job form in chromium against a real `takt serve`: a fresh form is not red and previews
// without a URI; every field of the model saved through the form (HTTP with headers, body, Basic
// auth, retry policy, an error action, cron week days `mon,fri`, time zone, count, end time;
// Storage Queue; Service Bus topic); edit → save round-trips every field and keeps the series and
// the stored secrets; the form says when a save runs the job now; refused saves keep their message.
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { header } from '../support/sinks/http-sink.js';
import { dashboardSuite, definitionOf, isoIn, jc, seedCollection } from './support/harness.js';

const JOBS = `${jc('web', 'main')}/jobs`;
const field = (page: Page, path: string) => page.locator(`[name="${path}"]`);
const errorOf = (page: Page, path: string) => page.locator(`[data-error-for="${path}"]`);

describe('job form in chromium', () => {
  const s = dashboardSuite();

  const open = (hash: string) => s.open(hash);
  /** Saves and waits for the job page; a refusal fails the test with the form's own messages. */
  const save = async (button: 'Create job' | 'Save', id: string) => {
    await s.page.getByRole('button', { name: button }).click();
    const saved = s.page.getByRole('heading', { name: new RegExp(`^Job ${id}`) });
    const refused = s.page.locator('.field-error:not(:empty), #form-error');
    // Waits for the job page itself: under load a field error can show for a moment while the form
    // re-renders (a full-suite run once caught one already empty again), so the first thing seen
    // is no verdict. A real refusal stays, and is reported when the page never comes.
    try {
      await saved.waitFor({ timeout: 15_000 });
    } catch {
      assert.fail(`save refused: ${(await refused.allTextContents()).join(' | ')}`);
    }
  };
  const emptied = (path: string) =>
    s.page.locator(`[data-error-for="${path}"]:empty`).waitFor({ state: 'attached' });

  test('a fresh form is not red, previews without a URI, and says that saving runs the job now', async () => {
    await open(`#/new/web/main`);
    await s.page.getByRole('heading', { name: 'New job' }).waitFor();
    await s.page.locator('#preview li').first().waitFor(); // a one-time job: its single occurrence
    assert.equal(await s.page.locator('.field.invalid').count(), 0);
    assert.deepEqual(
      (await s.page.locator('[data-error-for]').allTextContents()).filter((t) => t !== ''),
      [],
    );
    await s.page.locator('#runs-now').waitFor();
    // A one-time job has no time zone (it belongs to the recurrence): its start time hint says UTC,
    // not "the time zone below", which only a recurring job shows.
    const hint = s.page.locator('#f-startTime-hint');
    assert.match(await hint.innerText(), /without an offset it is UTC/);
    assert.equal(await s.page.locator('#f-recurrence-timeZone').count(), 0);
    await field(s.page, 'recurrence.frequency').selectOption('hour');
    await s.page.locator('#preview li').nth(4).waitFor(); // still no URI
    assert.match(await hint.innerText(), /in the time zone below/);
    await s.page.locator('#f-recurrence-timeZone').waitFor();
    await field(s.page, 'startTime').fill(isoIn(86_400_000));
    await s.page.locator('#runs-later').waitFor();
    await s.h.shot(s.page, 'job-form-new');
  });

  test('an HTTP job with every field, through the form; edit → save keeps every field, the series and the secret', async () => {
    const start = isoIn(86_400_000);
    const end = isoIn(300 * 86_400_000);
    await open(`#/new/web/main`);
    await field(s.page, 'id').fill('full');
    await field(s.page, 'action.request.uri').fill(s.h.sink.url('/full'));
    await field(s.page, 'action.request.method').selectOption('PUT');
    await field(s.page, 'action.request.headers').fill('X-One: 1\nX-Two: two');
    await field(s.page, 'action.request.body').fill('hello');
    await field(s.page, 'action.request.authentication.type').selectOption('Basic');
    await field(s.page, 'action.request.authentication.username').fill('ann');
    await field(s.page, 'action.request.authentication.password').fill('s3cret');
    await field(s.page, 'action.retryPolicy.retryType').selectOption('fixed');
    await field(s.page, 'action.retryPolicy.retryInterval').fill('PT45S');
    await field(s.page, 'action.retryPolicy.retryCount').fill('2');
    await field(s.page, 'has-error-action').check();
    await field(s.page, 'action.errorAction.type').selectOption('storageQueue');
    await field(s.page, 'action.errorAction.queueMessage.storageAccount').fill('acct');
    await field(s.page, 'action.errorAction.queueMessage.queueName').fill('errors');
    await field(s.page, 'action.errorAction.queueMessage.sasToken').fill('?sv=2020&sig=x');
    await field(s.page, 'action.errorAction.queueMessage.message').fill('it failed');
    await field(s.page, 'startTime').fill(start);
    await field(s.page, 'recurrence.frequency').selectOption('day');
    await field(s.page, 'cron').fill('30 9 * * mon,fri');
    await s.page.getByText('= Mon, Fri at 09:30').waitFor();
    assert.ok(await field(s.page, 'weekday-monday').isChecked());
    assert.ok(await field(s.page, 'weekday-friday').isChecked());
    assert.ok(!(await field(s.page, 'weekday-tuesday').isChecked()));
    await field(s.page, 'recurrence.count').fill('50');
    await field(s.page, 'recurrence.endTime').fill(end);
    await field(s.page, 'recurrence.timeZone').fill('Europe/Berlin');
    await s.page.locator('#preview li').nth(4).waitFor();
    await s.h.shot(s.page, 'job-form');
    await save('Create job', 'full');

    const created = (await s.h.api('GET', `${JOBS}/full`)).json;
    assert.deepEqual(created.action.request.headers, { 'X-One': '1', 'X-Two': 'two' });
    assert.deepEqual(
      [created.action.type, created.action.request.method, created.action.request.body],
      ['http', 'PUT', 'hello'],
    );
    assert.deepEqual(created.action.request.authentication, { type: 'Basic', username: 'ann' });
    assert.deepEqual(created.action.retryPolicy, {
      retryType: 'fixed',
      retryInterval: '00:00:45',
      retryCount: 2,
    });
    assert.deepEqual(created.action.errorAction, {
      type: 'storageQueue',
      queueMessage: { storageAccount: 'acct', queueName: 'errors', message: 'it failed' },
    });
    assert.deepEqual(created.recurrence, {
      frequency: 'week',
      interval: 1,
      count: 50,
      endTime: created.recurrence.endTime,
      timeZone: 'Europe/Berlin',
      schedule: { minutes: [30], hours: [9], weekDays: ['monday', 'friday'] },
    });
    assert.equal(Date.parse(created.recurrence.endTime), Date.parse(end));
    assert.equal(Date.parse(created.startTime), Date.parse(start));

    // Edit → Save without a change: the definition and the series are exactly as they were.
    await s.page.getByRole('link', { name: 'Edit' }).click();
    await s.page.getByRole('heading', { name: 'Edit job full' }).waitFor();
    await s.page.locator('#runs-later').filter({ hasText: 'keeps the job’s series' }).waitFor();
    await save('Save', 'full');
    const unchanged = (await s.h.api('GET', `${JOBS}/full`)).json;
    assert.deepEqual(unchanged, created);

    // Edit one field: every other one survives, the stored password too (it is never shown).
    await s.page.getByRole('link', { name: 'Edit' }).click();
    await field(s.page, 'action.request.body').fill('edited');
    await save('Save', 'full');
    const edited = (await s.h.api('GET', `${JOBS}/full`)).json;
    assert.deepEqual(definitionOf(edited), {
      ...definitionOf(created),
      action: { ...created.action, request: { ...created.action.request, body: 'edited' } },
    });
    const hit = s.h.sink.nextRequest();
    assert.equal((await s.h.api('POST', `${JOBS}/full/run`)).status, 202);
    const req = await s.h.serve.whileRunning(hit);
    assert.equal(header(req, 'authorization'), `Basic ${Buffer.from('ann:s3cret').toString('base64')}`);
    assert.deepEqual(
      [header(req, 'x-one'), header(req, 'x-two'), req.body.toString()],
      ['1', 'two', 'edited'],
    );
  });

  test('Storage Queue and Service Bus topic jobs through the form; saving one unchanged keeps its secrets', async () => {
    await open(`#/new/web/main`);
    await field(s.page, 'id').fill('queue');
    await field(s.page, 'action.type').selectOption('storageQueue');
    await field(s.page, 'action.queueMessage.storageAccount').fill('store1');
    await field(s.page, 'action.queueMessage.queueName').fill('work');
    await field(s.page, 'action.queueMessage.sasToken').fill('?sv=2020&sig=q');
    await field(s.page, 'action.queueMessage.message').fill('{"n":1}');
    await field(s.page, 'state').selectOption('disabled');
    await save('Create job', 'queue');
    const queue = (await s.h.api('GET', `${JOBS}/queue`)).json;
    assert.deepEqual(queue.action, {
      type: 'storageQueue',
      queueMessage: { storageAccount: 'store1', queueName: 'work', message: '{"n":1}' },
    });
    // The summary names the kind of action once ("Storage Queue: Storage queue store1/work" before).
    await s.page.getByText('Storage Queue: store1/work', { exact: true }).waitFor();

    await open(`#/new/web/main`);
    await field(s.page, 'id').fill('topic');
    await field(s.page, 'action.type').selectOption('serviceBusTopic');
    const sb = 'action.serviceBusTopicMessage';
    await field(s.page, `${sb}.namespace`).fill('bus1');
    await field(s.page, `${sb}.topicPath`).fill('events');
    await field(s.page, `${sb}.transportType`).selectOption('AMQP');
    await field(s.page, `${sb}.authentication.sasKeyName`).fill('send');
    await field(s.page, `${sb}.authentication.sasKey`).fill('a2V5');
    await field(s.page, `${sb}.message`).fill('ping');
    await field(s.page, `${sb}.customMessageProperties`).fill('source: takt');
    await field(s.page, 'state').selectOption('disabled');
    await save('Create job', 'topic');
    const topic = (await s.h.api('GET', `${JOBS}/topic`)).json;
    assert.deepEqual(topic.action.serviceBusTopicMessage, {
      namespace: 'bus1',
      topicPath: 'events',
      transportType: 'AMQP',
      authentication: { type: 'SharedAccessKey', sasKeyName: 'send' },
      message: 'ping',
      customMessageProperties: { source: 'takt' },
    });

    await s.page.getByText('Service Bus topic: bus1/events', { exact: true }).waitFor();
    await s.page.getByRole('link', { name: 'Edit' }).click();
    await s.page.getByRole('heading', { name: 'Edit job topic' }).waitFor();
    await save('Save', 'topic');
    assert.deepEqual((await s.h.api('GET', `${JOBS}/topic`)).json, topic);
  });

  test('saving an unchanged recurring job without start time keeps its series (it does not run again)', async () => {
    const ran = s.h.sink.nextRequest();
    const put = await s.h.api('PUT', `${JOBS}/series`, {
      action: { type: 'http', request: { uri: s.h.sink.url('/series'), method: 'GET' } },
      recurrence: { frequency: 'hour', interval: 1 },
    });
    assert.equal(put.status, 201, put.body);
    await s.h.serve.whileRunning(ran); // no start time: the first run is the save itself
    let before = (await s.h.api('GET', `${JOBS}/series`)).json;
    while (before.status.executionCount < 1) before = (await s.h.api('GET', `${JOBS}/series`)).json;
    await open(`#/edit/web/main/series`);
    await s.page.locator('#runs-later').filter({ hasText: 'keeps the job’s series' }).waitFor();
    assert.equal(await s.page.locator('#runs-now').count(), 0);
    await save('Save', 'series');
    const after = (await s.h.api('GET', `${JOBS}/series`)).json;
    assert.equal(after.status.nextExecutionTime, before.status.nextExecutionTime);
    assert.equal(after.status.executionCount, before.status.executionCount);
  });

  test('changing Repeat drops the schedule members the new unit cannot have; a cleared member is removed', async () => {
    const put = await s.h.api('PUT', `${JOBS}/unit`, {
      startTime: isoIn(86_400_000),
      action: { type: 'http', request: { uri: s.h.sink.url('/unit'), method: 'GET' } },
      recurrence: {
        frequency: 'week',
        interval: 1,
        schedule: { weekDays: ['monday'], hours: [9], minutes: [30] },
      },
    });
    assert.equal(put.status, 201, put.body);
    await open(`#/edit/web/main/unit`);
    await s.page.getByRole('heading', { name: 'Edit job unit' }).waitFor();
    await field(s.page, 'recurrence.frequency').selectOption('day');
    await save('Save', 'unit');
    let stored = (await s.h.api('GET', `${JOBS}/unit`)).json;
    assert.equal(stored.recurrence.frequency, 'day');
    assert.deepEqual(stored.recurrence.schedule, { minutes: [30], hours: [9] });
    // A member cleared in the form is removed (the API merges a schedule member by member).
    await open(`#/edit/web/main/unit`);
    await s.page.getByRole('heading', { name: 'Edit job unit' }).waitFor();
    await field(s.page, 'recurrence.schedule.hours').fill('');
    await save('Save', 'unit');
    stored = (await s.h.api('GET', `${JOBS}/unit`)).json;
    assert.deepEqual(stored.recurrence.schedule, { minutes: [30] });
    await open(`#/edit/web/main/unit`);
    await s.page.getByRole('heading', { name: 'Edit job unit' }).waitFor();
    await field(s.page, 'recurrence.frequency').selectOption('minute');
    await save('Save', 'unit');
    stored = (await s.h.api('GET', `${JOBS}/unit`)).json;
    assert.equal(stored.recurrence.frequency, 'minute');
    assert.equal(stored.recurrence.schedule, undefined);
  });

  test('a finished job offers no action the API refuses; edit and save starts it again', async () => {
    const ran = s.h.sink.nextRequest();
    const put = await s.h.api('PUT', `${JOBS}/done`, {
      action: { type: 'http', request: { uri: s.h.sink.url('/done'), method: 'GET' } },
    });
    assert.equal(put.status, 201, put.body);
    await s.h.serve.whileRunning(ran); // one-time, no start time: it runs at once and completes
    while ((await s.h.api('GET', `${JOBS}/done`)).json.state !== 'completed')
      await s.h.serve.whileRunning(delay(50));
    await open(`#/job/web/main/done`);
    await s.page.locator('#finished-notice').filter({ hasText: 'This job is completed' }).waitFor();
    for (const name of ['Run now', 'Enable', 'Disable'])
      assert.equal(await s.page.getByRole('button', { name, exact: true }).count(), 0, name);
    await s.page.getByRole('link', { name: 'Edit and start again' }).click();
    await s.page
      .locator('.notice')
      .filter({ hasText: 'saving replaces it and starts a new series' })
      .waitFor();
    const again = s.h.sink.nextRequest();
    await save('Save', 'done');
    assert.equal((await s.h.serve.whileRunning(again)).path, '/done');
    // A one-time job without a start time: the save itself was its new run (the form said so).
    // Its history entry is written after the sink answered: wait for it.
    const entries = async () => ((await s.h.api('GET', `${JOBS}/done/history`)).json as unknown[]).length;
    while ((await entries()) < 2) await s.h.serve.whileRunning(delay(50));
    assert.equal(await entries(), 2);
  });

  test('a refused save keeps its message until the field changes; so does a 409 from the quota', async () => {
    await open(`#/new/web/main`);
    await field(s.page, 'action.request.uri').fill('ftp://nowhere');
    await field(s.page, 'startTime').fill(isoIn(3_600_000));
    await s.page.getByRole('button', { name: 'Create job' }).click();
    const uriError = errorOf(s.page, 'action.request.uri');
    await uriError.filter({ hasText: /^action\.request\.uri: / }).waitFor();
    // The keyboard focus goes to the field the server named (it fell to the page with the
    // disabled Save button).
    await s.page.waitForFunction("document.activeElement?.getAttribute('name') === 'action.request.uri'");
    // Another field changes and the live preview answers: the save's message stays.
    const previewed = s.page.waitForResponse((r) => r.url().includes('/dashboard/preview'));
    await field(s.page, 'action.request.body').fill('other field');
    await previewed;
    await s.page.locator('#preview li').first().waitFor();
    assert.match((await uriError.textContent()) ?? '', /^action\.request\.uri: /);
    await s.h.shot(s.page, 'job-form-error');
    await field(s.page, 'action.request.uri').fill(s.h.sink.url('/ok'));
    await emptied('action.request.uri');

    await seedCollection(s.h, 'web', 'tiny', 'Free', 1);
    const tinyJobs = `${jc('web', 'tiny')}/jobs`;
    const first = await s.h.api('PUT', `${tinyJobs}/only`, {
      startTime: isoIn(3_600_000),
      action: { type: 'http', request: { uri: s.h.sink.url('/only'), method: 'GET' } },
    });
    assert.equal(first.status, 201, first.body);
    await open(`#/new/web/tiny`);
    await field(s.page, 'action.request.uri').fill(s.h.sink.url('/second'));
    await field(s.page, 'startTime').fill(isoIn(3_600_000));
    await s.page.getByRole('button', { name: 'Create job' }).click();
    const refused = s.page.locator('#form-error');
    await refused.or(s.page.locator('.field-error:not(:empty)')).first().waitFor();
    await s.h.shot(s.page, 'job-form-refused');
    assert.match((await refused.textContent()) ?? '', /^ConflictError: /);
    await s.page.waitForFunction("document.activeElement?.id === 'form-error'");
    const again = s.page.waitForResponse((r) => r.url().includes('/dashboard/preview'));
    await field(s.page, 'action.request.body').fill('still refused');
    await again;
    assert.match((await refused.textContent()) ?? '', /^ConflictError: /);
  });

  test('every form control has a label, and the form works from the keyboard', async () => {
    await open(`#/edit/web/main/full`);
    await s.page.getByRole('heading', { name: 'Edit job full' }).waitFor();
    const unlabelled = await s.page.evaluate(`[...document.querySelectorAll('input, select, textarea')]
      .filter((el) => !el.labels?.length && !el.getAttribute('aria-label'))
      .map((el) => el.getAttribute('name') ?? el.outerHTML)`);
    assert.deepEqual(unlabelled, []);
    await field(s.page, 'action.request.body').focus();
    await s.page.keyboard.press('Control+A');
    await s.page.keyboard.type('typed');
    const saved = s.page.waitForResponse((r) => r.request().method() === 'PATCH');
    await s.page.keyboard.press('Enter'); // Enter in a textarea is a new line: submit with the button
    await s.page.getByRole('button', { name: 'Save' }).focus();
    await s.page.keyboard.press('Enter');
    await saved;
    await s.page.getByRole('heading', { name: /^Job full/ }).waitFor();
    assert.equal((await s.h.api('GET', `${JOBS}/full`)).json.action.request.body, 'typed\n');
  });
});
