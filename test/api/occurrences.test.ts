// Takt extension GET …/jobs/{job}/occurrences?$top=N (docs/api.md "Takt extensions"), over the
// in-process API with a real SQLite store; the harness clock stands at 2026-03-01T10:00:00Z.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { errorCode, httpJob, jobPath, seedCollection, startHarness, type Harness } from './harness.js';

let h: Harness;
before(async () => {
  h = await startHarness();
  await seedCollection(h);
});
after(async () => h.close());

async function create(id: string, extra: Record<string, unknown>): Promise<void> {
  const r = await h.call('PUT', jobPath(id), { body: httpJob(extra) });
  assert.equal(r.statusCode, 201, r.body);
}

async function occurrences(id: string, query = ''): Promise<string[]> {
  const r = await h.call('GET', `${jobPath(id)}/occurrences${query}`);
  assert.equal(r.statusCode, 200, r.body);
  assert.match(String(r.headers['content-type']), /^application\/json/);
  const body: unknown = JSON.parse(r.body);
  assert.ok(Array.isArray(body) && body.every((t) => typeof t === 'string'), r.body);
  return body;
}

/** `count` ISO times from `first`, `stepMs` apart, in the extension's format (no zero milliseconds). */
function series(first: string, stepMs: number, count: number): string[] {
  return Array.from({ length: count }, (_, k) =>
    new Date(Date.parse(first) + k * stepMs).toISOString().replace('.000Z', 'Z'),
  );
}

describe('GET …/occurrences', () => {
  test('without $top: the next 10 due times, ISO UTC with Z', async () => {
    await create('every2h', {
      startTime: '2026-03-01T12:00:00Z',
      recurrence: { frequency: 'hour', interval: 2 },
    });
    assert.deepEqual(await occurrences('every2h'), series('2026-03-01T12:00:00Z', 2 * 3_600_000, 10));
  });

  test('digits past the millisecond: shown as nextExecutionTime shows them (on the start time grid only)', async () => {
    await create('precise', {
      startTime: '2026-03-02T00:00:00.9876543Z',
      recurrence: { frequency: 'minute', interval: 1 },
    });
    const job = JSON.parse((await h.call('GET', jobPath('precise'))).body) as {
      status: { nextExecutionTime: string };
    };
    const times = await occurrences('precise', '?$top=2');
    assert.deepEqual(times, ['2026-03-02T00:00:00.9876543Z', '2026-03-02T00:01:00.9876543Z']);
    assert.equal(times[0], job.status.nextExecutionTime);
    // Schedule slots are at second 0: nothing to add.
    await create('slots', {
      startTime: '2026-03-02T00:00:00.9876543Z',
      recurrence: { frequency: 'hour', schedule: { minutes: [30] } },
    });
    assert.deepEqual(await occurrences('slots', '?$top=1'), ['2026-03-02T00:30:00Z']);
  });

  test('$top=N returns N; the bounds 1 and 1000 are accepted; the name is case-insensitive', async () => {
    await create('everymin', {
      startTime: '2026-03-02T00:00:00Z',
      recurrence: { frequency: 'minute', interval: 1 },
    });
    assert.deepEqual(await occurrences('everymin', '?$top=1'), ['2026-03-02T00:00:00Z']);
    assert.deepEqual(await occurrences('everymin', '?$TOP=3'), series('2026-03-02T00:00:00Z', 60_000, 3));
    const thousand = await occurrences('everymin', '?$top=1000');
    assert.equal(thousand.length, 1000);
    assert.deepEqual(thousand.slice(-1), series('2026-03-02T00:00:00Z', 60_000, 1000).slice(-1));
  });

  test('bad $top → 400 MissingOrInvalidRequiredQueryParameter naming $top and the rule', async () => {
    await create('bad', { startTime: '2026-03-02T00:00:00Z' });
    for (const top of ['0', '1001', '-1', '1.5', 'ten', '', '1e3', '99999999999']) {
      const r = await h.call('GET', `${jobPath('bad')}/occurrences?$top=${encodeURIComponent(top)}`);
      assert.equal(r.statusCode, 400, `$top=${top}: ${r.body}`);
      assert.equal(errorCode(r.body), 'MissingOrInvalidRequiredQueryParameter', top);
      assert.match(r.body, /<Message>\$top: must be an integer from 1 to 1000, got '[^<]*'<\/Message>/, top);
    }
  });

  test('fewer when the series ends: count, endTime, a one-time job', async () => {
    await create('count3', {
      startTime: '2026-03-01T12:00:00Z',
      recurrence: { frequency: 'hour', interval: 2, count: 3 },
    });
    assert.deepEqual(
      await occurrences('count3', '?$top=5'),
      series('2026-03-01T12:00:00Z', 2 * 3_600_000, 3),
    );
    await create('until', {
      startTime: '2026-03-02T08:00:00Z',
      recurrence: { frequency: 'day', endTime: '2026-03-04T08:00:00Z' },
    });
    assert.deepEqual(await occurrences('until'), series('2026-03-02T08:00:00Z', 86_400_000, 3));
    await create('once', { startTime: '2026-04-01T00:00:00Z', recurrence: undefined });
    assert.deepEqual(await occurrences('once'), ['2026-04-01T00:00:00Z']);
  });

  test('a schedule in a time zone is listed in UTC (DST starts in Los Angeles on 2026-03-08)', async () => {
    await create('la', {
      startTime: '2026-03-06T00:00:00Z',
      recurrence: {
        frequency: 'day',
        schedule: { hours: [9], minutes: [0] },
        timeZone: 'Pacific Standard Time',
      },
    });
    assert.deepEqual(await occurrences('la', '?$top=4'), [
      '2026-03-06T17:00:00Z',
      '2026-03-07T17:00:00Z',
      '2026-03-08T16:00:00Z',
      '2026-03-09T16:00:00Z',
    ]);
  });

  test('a schedule that can never fire is refused with 400 naming the field; nothing is stored', async () => {
    const r = await h.call('PUT', jobPath('feb31'), {
      body: httpJob({ recurrence: { frequency: 'month', schedule: { monthDays: [31], months: [2] } } }),
    });
    assert.equal(r.statusCode, 400, r.body);
    assert.equal(errorCode(r.body), 'BadRequest');
    assert.match(
      r.body,
      /recurrence\.schedule\.monthDays: no day of \[31\] exists in months \[2\]; the schedule would never fire/,
    );
    assert.equal((await h.call('GET', jobPath('feb31'))).statusCode, 404);
  });

  test('a disabled job has none; an unknown job is 404', async () => {
    await create('off', { startTime: '2026-03-02T00:00:00Z', state: 'disabled' });
    assert.deepEqual(await occurrences('off'), []);
    const r = await h.call('GET', `${jobPath('nope')}/occurrences`);
    assert.equal(r.statusCode, 404);
    assert.equal(errorCode(r.body), 'ResourceNotFound');
  });
});

describe('PATCH keeps the series', () => {
  test('periods of a job without startTime count from when its series began, not from the PATCH', async () => {
    const own = await startHarness(); // its own clock: this test moves it
    try {
      await seedCollection(own);
      // Created 2026-03-01T10:00Z without startTime: the series (and its anchor) begins in March.
      const created = await own.call('PUT', jobPath('yearly'), {
        body: httpJob({ recurrence: { frequency: 'month', interval: 1 } }),
      });
      assert.equal(created.statusCode, 201, created.body);
      own.clock.setTo(Date.parse('2026-04-15T08:00:00Z'));
      const patch = (months: number[]) =>
        own.call('PATCH', jobPath('yearly'), {
          body: { recurrence: { frequency: 'month', interval: 12, schedule: { months } } },
        });
      // Every 12 months from March reaches March, never April — judged from the series, not "now".
      const april = await patch([4]);
      assert.equal(april.statusCode, 400, april.body);
      assert.match(april.body, /recurrence\.schedule\.months/);
      const march = await patch([3]);
      assert.equal(march.statusCode, 200, march.body);
      const next = await own.call('GET', `${jobPath('yearly')}/occurrences?$top=1`);
      assert.match(next.body, /^\["2027-03-01T10:00:00Z"\]$/);
    } finally {
      await own.close();
    }
  });
});
