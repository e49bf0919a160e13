// Every field of the job form round-trips, in chromium against a real `takt serve`: what the form
// shows after save and reload is what was entered and what the classic API returns, for the kinds
// job-form.test.ts does not cover — HTTPS with a client certificate (a .pfx file) and Active
// Directory OAuth; a Service Bus queue error action with its transport, custom and brokered message
// properties and its own retry policy; monthly occurrences, month days, months, count, end time and
// a time zone. Secrets are never shown again, and a save without retyping them keeps them.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { createCa, issueClient } from '../support/sinks/certs.js';
import { definitionOf, jc, seedCollection, startHarness, type Harness } from './support/harness.js';

const JOBS = `${jc('web', 'main')}/jobs`;
const field = (page: Page, path: string) => page.locator(`[name="${path}"]`);
const SB = 'action.errorAction.serviceBusQueueMessage';
const BP = `${SB}.brokeredMessageProperties`;

/** Every named control of the form with the value it shows (check boxes as true/false). */
const formValues = (page: Page): Promise<Record<string, string | boolean>> =>
  page.evaluate(`Object.fromEntries([...document.querySelectorAll('form.job-form [name]')]
    .map((el) => [el.name, el.type === 'checkbox' ? el.checked : el.value]))`);

describe('job form round trips in chromium', () => {
  let h: Harness;
  let page: Page;
  let folder: string;
  let pfxFile: string;
  let thumbprint: string;
  before(async () => {
    h = await startHarness();
    await seedCollection(h, 'web', 'main');
    page = await h.signedInPage();
    folder = mkdtempSync(join(tmpdir(), 'takt-pfx-'));
    const client = await issueClient(await createCa(), 'Dashboard Client', 'pfx-pass');
    pfxFile = join(folder, 'client.pfx');
    writeFileSync(pfxFile, Buffer.from(client.pfxBase64, 'base64'));
  });
  after(async () => {
    await h?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  const openEdit = async (id: string) => {
    await page.goto('about:blank');
    await page.goto(`${h.serve.url}/#/edit/web/main/${id}`);
    await page.getByRole('heading', { name: `Edit job ${id}` }).waitFor();
  };
  const save = async (button: 'Create job' | 'Save', id: string) => {
    await page.getByRole('button', { name: button }).click();
    try {
      await page.getByRole('heading', { name: new RegExp(`^Job ${id}`) }).waitFor({ timeout: 15_000 });
    } catch {
      const shown = await page.locator('.field-error:not(:empty), #form-error').allTextContents();
      assert.fail(`save refused: ${shown.join(' | ')}`);
    }
  };

  test('HTTPS with a client certificate, a Service Bus queue error action with every property, a monthly schedule', async () => {
    await page.goto(`${h.serve.url}/#/new/web/main`);
    await page.getByRole('heading', { name: 'New job' }).waitFor();
    const entered: Record<string, string> = {
      'action.request.uri': 'https://hooks.example.com/cert?x=1',
      'action.request.headers': 'Content-Type: application/json\nX-Trace: a: b',
      'action.request.body': '{"n": 1}\nsecond line',
      [`${SB}.namespace`]: 'bus1',
      [`${SB}.queueName`]: 'errors',
      [`${SB}.authentication.sasKeyName`]: 'send',
      [`${SB}.message`]: 'it failed',
      [`${SB}.customMessageProperties`]: 'source: takt\nlevel: high',
      [`${BP}.contentType`]: 'application/json',
      [`${BP}.correlationId`]: 'corr-1',
      [`${BP}.label`]: 'failure',
      [`${BP}.messageId`]: 'msg-1',
      [`${BP}.partitionKey`]: 'p1',
      [`${BP}.replyTo`]: 'replies',
      [`${BP}.replyToSessionId`]: 'rs-1',
      [`${BP}.sessionId`]: 's-1',
      [`${BP}.to`]: 'someone',
      [`${BP}.viaPartitionKey`]: 'v1',
      [`${BP}.scheduledEnqueueTimeUtc`]: '2027-05-01T10:00:00Z',
      [`${BP}.timeToLive`]: '01:30:00',
      'action.errorAction.retryPolicy.retryInterval': '00:02:00',
      'action.errorAction.retryPolicy.retryCount': '3',
      startTime: '2027-03-15T12:00:00Z',
      'recurrence.interval': '2',
      'recurrence.schedule.hours': '8, 20',
      'recurrence.schedule.minutes': '0, 15',
      'recurrence.schedule.monthDays': '',
      'recurrence.schedule.monthlyOccurrences': 'fri#2, mon#-1, sun',
      'recurrence.schedule.months': '1, 4, 7, 10',
      'recurrence.count': '20',
      'recurrence.endTime': '2029-12-31T00:00:00Z',
      'recurrence.timeZone': 'America/New_York',
    };
    await field(page, 'id').fill('cert');
    await field(page, 'action.request.uri').fill(entered['action.request.uri']!);
    await field(page, 'action.request.method').selectOption('DELETE');
    await field(page, 'action.request.authentication.type').selectOption('ClientCertificate');
    await page.getByLabel('Certificate (PKCS#12 / .pfx file)').setInputFiles(pfxFile);
    await field(page, 'action.request.authentication.password').fill('pfx-pass');
    await field(page, 'action.retryPolicy.retryType').selectOption('none');
    await field(page, 'has-error-action').check();
    await field(page, 'action.errorAction.type').selectOption('serviceBusQueue');
    await field(page, `${SB}.transportType`).selectOption('AMQP');
    await field(page, `${SB}.authentication.sasKey`).fill('c2FzLWtleQ==');
    await page.getByText('Brokered message properties (none)').click();
    await field(page, `${BP}.forcePersistence`).selectOption('true');
    await field(page, 'action.errorAction.retryPolicy.retryType').selectOption('fixed');
    await field(page, 'recurrence.frequency').selectOption('month');
    for (const [path, value] of Object.entries(entered)) await field(page, path).fill(value);
    // A time to live that is not a duration would be stored as written and never sent: the hint says so.
    const notDuration = page.getByText(/^Not a duration, so it is stored as written and not sent/);
    await field(page, `${BP}.timeToLive`).fill('forever');
    await notDuration.waitFor();
    await field(page, `${BP}.timeToLive`).fill(entered[`${BP}.timeToLive`]!);
    await notDuration.waitFor({ state: 'detached' });
    await save('Create job', 'cert');

    const created = (await h.api('GET', `${JOBS}/cert`)).json;
    const auth = created.action.request.authentication;
    assert.equal(auth.type, 'ClientCertificate');
    assert.equal(auth.certificateSubjectName, 'CN=Dashboard Client');
    assert.match(auth.certificateThumbprint, /^[0-9A-F]{40}$/);
    thumbprint = auth.certificateThumbprint;
    assert.deepEqual(created.action.errorAction, {
      serviceBusQueueMessage: {
        queueName: 'errors',
        namespace: 'bus1',
        transportType: 'AMQP',
        authentication: { sasKeyName: 'send', type: 'SharedAccessKey' },
        message: 'it failed',
        brokeredMessageProperties: {
          contentType: 'application/json',
          correlationId: 'corr-1',
          forcePersistence: true,
          label: 'failure',
          messageId: 'msg-1',
          partitionKey: 'p1',
          replyTo: 'replies',
          replyToSessionId: 'rs-1',
          scheduledEnqueueTimeUtc: '2027-05-01T10:00:00Z',
          sessionId: 's-1',
          timeToLive: '01:30:00',
          to: 'someone',
          viaPartitionKey: 'v1',
        },
        customMessageProperties: { source: 'takt', level: 'high' },
      },
      type: 'serviceBusQueue',
      retryPolicy: { retryType: 'fixed', retryInterval: '00:02:00', retryCount: 3 },
    });
    assert.deepEqual(created.recurrence, {
      frequency: 'month',
      interval: 2,
      count: 20,
      endTime: '2029-12-31T00:00:00Z',
      schedule: {
        minutes: [0, 15],
        hours: [8, 20],
        months: [1, 4, 7, 10],
        monthlyOccurrences: [
          { day: 'friday', occurrence: 2 },
          { day: 'monday', occurrence: -1 },
          { day: 'sunday' },
        ],
      },
      timeZone: 'America/New_York',
    });

    // Reloaded, the form shows what was entered; secrets are empty and appear nowhere on the page.
    await openEdit('cert');
    const shown = await formValues(page);
    for (const [path, value] of Object.entries(entered)) assert.equal(shown[path], value, path);
    assert.equal(shown['action.request.method'], 'DELETE');
    assert.equal(shown[`${SB}.transportType`], 'AMQP');
    assert.equal(shown[`${BP}.forcePersistence`], 'true');
    assert.equal(shown['action.request.authentication.password'], '');
    assert.equal(shown[`${SB}.authentication.sasKey`], '');
    const html = await page.content();
    for (const secret of ['pfx-pass', 'c2FzLWtleQ=='])
      assert.ok(!html.includes(secret), `${secret} is not on the page`);
    await page.getByText(`thumbprint ${thumbprint}`).waitFor();

    // Saved unchanged: the job is exactly as it was.
    await save('Save', 'cert');
    assert.deepEqual(definitionOf((await h.api('GET', `${JOBS}/cert`)).json), definitionOf(created));

    // Every brokered property edited or removed: the others, and the certificate, stay.
    await openEdit('cert');
    await field(page, `${BP}.label`).fill('edited');
    await field(page, `${BP}.timeToLive`).fill('');
    await field(page, `${BP}.forcePersistence`).selectOption('false');
    await save('Save', 'cert');
    const edited = (await h.api('GET', `${JOBS}/cert`)).json;
    const { timeToLive: _ttl, ...kept } =
      created.action.errorAction.serviceBusQueueMessage.brokeredMessageProperties;
    assert.deepEqual(edited.action.errorAction.serviceBusQueueMessage.brokeredMessageProperties, {
      ...kept,
      forcePersistence: false,
      label: 'edited',
    });
    assert.equal(edited.action.request.authentication.certificateThumbprint, thumbprint);
  });

  test('HTTP with Active Directory OAuth and month days: shown again as entered; the secret kept', async () => {
    await page.goto('about:blank');
    await page.goto(`${h.serve.url}/#/new/web/main`);
    await page.getByRole('heading', { name: 'New job' }).waitFor();
    const entered: Record<string, string> = {
      'action.request.uri': h.sink.url('/oauth'),
      'action.request.authentication.tenant': 'contoso.onmicrosoft.com',
      'action.request.authentication.audience': 'https://management.core.windows.net/',
      'action.request.authentication.clientId': 'client-1',
      'action.retryPolicy.retryInterval': '00:01:00',
      'action.retryPolicy.retryCount': '0',
      startTime: '2027-01-01T00:00:00Z',
      'recurrence.schedule.monthDays': '1, 15, -1',
      'recurrence.schedule.hours': '6',
      'recurrence.schedule.minutes': '30',
    };
    await field(page, 'id').fill('oauth');
    await field(page, 'action.request.method').selectOption('GET');
    await field(page, 'action.request.authentication.type').selectOption('ActiveDirectoryOAuth');
    await field(page, 'action.request.authentication.secret').fill('oauth-secret');
    await field(page, 'action.retryPolicy.retryType').selectOption('fixed');
    await field(page, 'recurrence.frequency').selectOption('month');
    await field(page, 'state').selectOption('disabled');
    for (const [path, value] of Object.entries(entered)) await field(page, path).fill(value);
    await save('Create job', 'oauth');
    const created = (await h.api('GET', `${JOBS}/oauth`)).json;
    assert.deepEqual(created.action, {
      request: {
        uri: entered['action.request.uri'],
        method: 'GET',
        authentication: {
          type: 'ActiveDirectoryOAuth',
          tenant: 'contoso.onmicrosoft.com',
          audience: 'https://management.core.windows.net/',
          clientId: 'client-1',
        },
      },
      type: 'http',
      retryPolicy: { retryType: 'fixed', retryInterval: '00:01:00', retryCount: 0 },
    });
    await openEdit('oauth');
    const shown = await formValues(page);
    for (const [path, value] of Object.entries(entered)) assert.equal(shown[path], value, path);
    assert.equal(shown['action.type'], 'http');
    assert.equal(shown['state'], 'disabled');
    assert.equal(shown['action.request.authentication.secret'], '');
    assert.ok(!(await page.content()).includes('oauth-secret'));
    await field(page, 'action.request.authentication.tenant').fill('fabrikam.onmicrosoft.com');
    await save('Save', 'oauth');
    const edited = (await h.api('GET', `${JOBS}/oauth`)).json;
    assert.deepEqual(definitionOf(edited), {
      ...definitionOf(created),
      action: {
        ...created.action,
        request: {
          ...created.action.request,
          authentication: { ...created.action.request.authentication, tenant: 'fabrikam.onmicrosoft.com' },
        },
      },
    });
  });
});
