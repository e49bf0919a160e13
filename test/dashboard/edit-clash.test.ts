// Two editors of one job, in chromium against a real `takt serve`: the form's edit is a merge patch,
// so a change saved elsewhere (another tab, a client) to other members survives the form's save;
// a change to a member the form also changed is shown before anything is sent, and is overwritten
// only when the user says so (docs/dashboard.md, "Edits keep everything they do not change").
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { dashboardSuite, isoIn, jc } from './support/harness.js';

const JOBS = `${jc('web', 'main')}/jobs`;

describe('a job changed elsewhere while its form is open', () => {
  const s = dashboardSuite();

  const seed = async (id: string) => {
    const put = await s.h.api('PUT', `${JOBS}/${id}`, {
      startTime: isoIn(86_400_000),
      state: 'disabled',
      action: { type: 'http', request: { uri: s.h.sink.url('/first'), method: 'GET' } },
      recurrence: { frequency: 'day', interval: 1 },
    });
    assert.equal(put.status, 201, put.body);
    await s.open(`#/edit/web/main/${id}`);
    await s.page.getByRole('heading', { name: `Edit job ${id}` }).waitFor();
  };
  const stored = async (id: string) => (await s.h.api('GET', `${JOBS}/${id}`)).json;

  test('a member changed on both sides is named and kept until the user chooses to overwrite it', async () => {
    await seed('both');
    await s.page.locator('[name="action.request.uri"]').fill(s.h.sink.url('/mine'));
    const elsewhere = await s.h.api('PATCH', `${JOBS}/both`, {
      action: { request: { uri: s.h.sink.url('/theirs') } },
    });
    assert.equal(elsewhere.status, 200, elsewhere.body);
    await s.page.getByRole('button', { name: 'Save' }).click();
    const clash = s.page.locator('#form-clash');
    await clash.waitFor();
    assert.match(
      await clash.innerText(),
      /Changed elsewhere since this form was opened: action\.request\.uri\./,
    );
    assert.equal((await stored('both')).action.request.uri, s.h.sink.url('/theirs'), 'nothing was sent');
    await clash.getByRole('button', { name: 'Save anyway' }).click();
    await s.page.getByRole('heading', { name: /^Job both/ }).waitFor();
    assert.equal((await stored('both')).action.request.uri, s.h.sink.url('/mine'));
  });

  test('a change elsewhere to another member is kept beside the form’s own, without asking', async () => {
    await seed('apart');
    await s.page.locator('[name="action.request.uri"]').fill(s.h.sink.url('/mine'));
    const elsewhere = await s.h.api('PATCH', `${JOBS}/apart`, { recurrence: { interval: 3 } });
    assert.equal(elsewhere.status, 200, elsewhere.body);
    await s.page.getByRole('button', { name: 'Save' }).click();
    await s.page.getByRole('heading', { name: /^Job apart/ }).waitFor();
    const job = await stored('apart');
    assert.equal(job.action.request.uri, s.h.sink.url('/mine'));
    assert.equal(job.recurrence.interval, 3);
    assert.equal(await s.page.locator('#form-clash').count(), 0);
  });
});
