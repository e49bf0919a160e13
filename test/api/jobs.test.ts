// Jobs #1–#10 (docs/reference/classic-operations.md §5.1, §6, §11, §12) over a real store.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createCa, issueClient } from '../support/sinks/certs.js';
import {
  SUB,
  errorCode,
  httpJob,
  jobPath,
  jobsPath,
  seedCollection,
  startHarness,
  type Harness,
} from './harness.js';

let h: Harness;
before(async () => {
  h = await startHarness();
  await seedCollection(h);
  await seedCollection(h, 'Free', 'free');
});
after(async () => h.close());

// Response documents are read as JSON.parse types them; the assertions check their shape.
type Doc = ReturnType<typeof JSON.parse>;
const json = (body: string): Doc => JSON.parse(body);

test('#1 POST: 201, server-assigned 32-hex id, body id and status ignored', async () => {
  const r = await h.call('POST', jobsPath(), {
    body: httpJob({ id: 'ignored', status: { executionCount: 99 } }),
  });
  assert.equal(r.statusCode, 201, r.body);
  assert.equal(r.headers['content-type'], 'application/json; charset=utf-8');
  const job = json(r.body);
  assert.match(job.id, /^[0-9a-f]{32}$/);
  assert.equal(job.status.executionCount, 0);
  assert.equal((await h.call('GET', jobPath(job.id))).statusCode, 200);
});

test('#2 PUT: E5 exchange — 201 then 200 on replace, exact member order and formats', async () => {
  const body =
    '{"action": {"request": {"uri": "http://bing.com/", "headers": {"Content-Type": "text/plain"}, "method": "GET"}, "type": "http"},\n "recurrence": {"frequency": "minute", "count": 10, "interval": 30}, "startTime": "2026-03-01T09:01:54.344507", "state": "enabled"}';
  const r = await h.call('PUT', `${jobPath('job_id')}?api-version=2014-04-01`, {
    body,
    headers: { 'content-type': 'application/json' },
  });
  assert.equal(r.statusCode, 201, r.body);
  assert.equal(
    r.body,
    '{"id":"job_id","startTime":"2026-03-01T09:01:54.344507Z","action":{"request":{"uri":"http://bing.com/","method":"GET","headers":{"Content-Type":"text/plain"}},"type":"http"},"recurrence":{"frequency":"minute","interval":30,"count":10},"state":"enabled","status":{"nextExecutionTime":"2026-03-01T10:01:54.344507Z","executionCount":0,"failureCount":0,"faultedCount":0}}',
  );
  const again = await h.call('PUT', jobPath('JOB_ID'), { body: httpJob({ id: 'job_ID' }) });
  assert.equal(again.statusCode, 200);
  assert.equal(json(again.body).id, 'job_id');
  assert.equal(json(again.body).startTime, undefined, 'PUT replaces: startTime gone');
});

test('PUT validation → 400 BadRequest naming the field: id mismatch, malformed JSON, unknown enums, bad dates, no action, bad names', async () => {
  const cases: [string, string | object][] = [
    ['a', httpJob({ id: 'b' })],
    ['a', '{"action": '],
    ['a', ''],
    ['a', '[1,2]'],
    ['a', httpJob({ state: 'paused' })],
    ['a', httpJob({ state: 'completed' })],
    ['a', httpJob({ recurrence: { frequency: 'year' } })],
    ['a', httpJob({ recurrence: { frequency: 'week', interval: 79 } })],
    ['a', httpJob({ recurrence: { frequency: 'week', schedule: { monthDays: [1] } } })],
    ['a', httpJob({ startTime: 'yesterday' })],
    ['a', { recurrence: { frequency: 'hour' } }],
    ['a', httpJob({ action: { type: 'ftp', request: { uri: 'http://x', method: 'GET' } } })],
    ['a', httpJob({ action: { type: 'http', request: { uri: 'http://x', method: 'FETCH' } } })],
    ['a', httpJob({ action: { type: 'https', request: { uri: 'http://x', method: 'GET' } } })],
    [
      'a',
      httpJob({
        action: {
          type: 'http',
          request: { uri: 'http://x', method: 'GET' },
          retryPolicy: { retryType: 'fixed', retryInterval: 'PT5S' },
        },
      }),
    ],
    [
      'a',
      httpJob({
        action: {
          type: 'http',
          request: { uri: 'http://x', method: 'GET' },
          retryPolicy: { retryType: 'fixed', retryCount: 21 },
        },
      }),
    ],
    [
      'a',
      httpJob({
        action: {
          type: 'http',
          request: { uri: 'http://x', method: 'GET', authentication: { type: 'Digest' } },
        },
      }),
    ],
    [
      'a',
      httpJob({
        action: {
          type: 'http',
          request: { uri: 'http://x', method: 'GET', authentication: { type: 'Basic', username: 'u' } },
        },
      }),
    ],
    [
      'a',
      httpJob({
        action: {
          type: 'http',
          request: { uri: 'http://x', method: 'GET', headers: { 'X-A': '1', 'x-a': '2' } },
        },
      }),
    ],
    [
      'a',
      httpJob({
        action: {
          type: 'http',
          request: { uri: 'http://x', method: 'GET', headers: { 'X-A': 'a\r\nInjected: 1' } },
        },
      }),
    ],
    [
      'a',
      httpJob({
        action: { type: 'http', request: { uri: 'http://x', method: 'GET', headers: { 'bad name': '1' } } },
      }),
    ],
    [
      'a',
      httpJob({
        action: {
          type: 'storageQueue',
          queueMessage: { storageAccount: 'a', queueName: 'jobs', message: 'm' },
        },
      }),
    ],
    ['-bad-', httpJob()],
  ];
  for (const [id, body] of cases) {
    const r = await h.call('PUT', jobPath(id), { body });
    assert.equal(r.statusCode, 400, `${JSON.stringify(body)} → ${r.body}`);
    assert.equal(errorCode(r.body), 'BadRequest', JSON.stringify(body));
  }
  const week = await h.call('PUT', jobPath('a'), {
    body: httpJob({ recurrence: { frequency: 'week', schedule: { monthDays: [1] } } }),
  });
  assert.match(
    week.body,
    /Cannot set days of month with recurrence unit &apos;Week&apos;\.|Cannot set days of month with recurrence unit 'Week'\./,
  );
  // Storage queue names every run would fail with (Azure Storage's rule), and a SAS token that is only
  // its optional '?': refused when written, naming the member and the rule.
  const queueJob = (queueName: string, sasToken = 'sv=1&sig=x') =>
    httpJob({
      action: {
        type: 'storageQueue',
        queueMessage: { storageAccount: 'acct', queueName, sasToken, message: 'm' },
      },
    });
  for (const name of ['ab', 'Bad_Queue!', 'Orders', '-jobs', 'jobs-', 'a--b', 'x'.repeat(64)]) {
    const r = await h.call('PUT', jobPath('a'), { body: queueJob(name) });
    assert.equal(r.statusCode, 400, `${name} → ${r.body}`);
    assert.match(
      r.body,
      /<Message>action\.queueMessage\.queueName: must be 3 to 63 lower-case letters, digits or hyphens, starting and ending with a letter or digit, with no two hyphens in a row \(Azure Storage's rule for queue names\)<\/Message>/,
    );
  }
  // Instants an offset or a zone carries past 0001–9999 in UTC: refused, naming the field (they were
  // written back as `+010000-…`, which no .NET client reads).
  for (const [over, field] of [
    [{ recurrence: { frequency: 'day', endTime: '9999-12-31T23:59:59-14:00' } }, 'recurrence.endTime'],
    [{ startTime: '0001-01-01T00:00:00+14:00' }, 'startTime'],
    [
      { startTime: '0001-01-01T05:00:00', recurrence: { frequency: 'day', timeZone: 'Asia/Tokyo' } },
      'startTime',
    ],
  ] as const) {
    const r = await h.call('PUT', jobPath('a'), { body: httpJob(over) });
    assert.equal(r.statusCode, 400, r.body);
    assert.match(r.body, new RegExp(`<Message>${field.replace('.', '\\.')}: the instant must fall between`));
  }
  // A message the Put Message request's XML cannot carry (Azure Storage refuses it on every run).
  for (const [message, code] of [
    ['a\u0001b', '0001'],
    ['ok\uffff', 'FFFF'],
    ['x\ud800y', 'D800'],
  ] as const) {
    const body = httpJob({
      action: {
        type: 'storageQueue',
        queueMessage: { storageAccount: 'acct', queueName: 'jobs', sasToken: 'sv=1', message },
      },
    });
    const r = await h.call('PUT', jobPath('a'), { body });
    assert.equal(r.statusCode, 400, r.body);
    assert.match(
      r.body,
      new RegExp(`<Message>action\\.queueMessage\\.message: must not contain U\\+${code}`),
    );
  }
  const question = await h.call('PUT', jobPath('a'), { body: queueJob('jobs', '?') });
  assert.equal(question.statusCode, 400, question.body);
  assert.match(
    question.body,
    /<Message>action\.queueMessage\.sasToken: must not be empty \(the leading '\?' is optional\)<\/Message>/,
  );
  assert.equal(
    await h.store.getJob({ subscriptionId: SUB, cloudService: 'cs1', collection: 'jc1', jobId: 'a' }),
    undefined,
    'nothing stored',
  );
  for (const name of ['abc', 'a-b-c', 'x'.repeat(63), '0rders']) {
    const r = await h.call('PUT', jobPath('a'), { body: queueJob(name, '?sv=1') });
    assert.equal(r.statusCode, 201, `${name} → ${r.body}`);
    assert.equal((await h.call('DELETE', jobPath('a'))).statusCode, 200);
  }
  // URIs the WHATWG parser would repair into another host (http:///x → http://x/): refused, as
  // .NET's Uri refused them; the main and the error action alike.
  for (const uri of ['http:///x', 'http:/x', 'https:\\\\x', 'http://?q', 'http://#f']) {
    for (const action of [
      { type: 'http', request: { uri, method: 'GET' } },
      {
        type: 'http',
        request: { uri: 'http://ok', method: 'GET' },
        errorAction: { type: 'http', request: { uri, method: 'GET' } },
      },
    ]) {
      const r = await h.call('PUT', jobPath('a'), { body: httpJob({ action }) });
      assert.equal(r.statusCode, 400, `${uri} → ${r.body}`);
      assert.match(r.body, /request\.uri: must be an absolute http or https URI</);
    }
  }
  // Credentials inside a URI would be returned by every read (a URI is not a secret): refused, with
  // the way to send them instead.
  for (const uri of ['http://ann:s3cret@example.com/x', 'https://token@example.com', 'http://@example.com']) {
    const r = await h.call('PUT', jobPath('a'), {
      body: httpJob({ action: { type: 'http', request: { uri, method: 'GET' } } }),
    });
    assert.equal(r.statusCode, 400, `${uri} → ${r.body}`);
    assert.match(
      r.body,
      /action\.request\.uri: must not hold credentials \(user:password@\); use authentication of type Basic/,
    );
    assert.doesNotMatch(r.body, /s3cret/, 'the refusal does not echo the secret');
  }
  // An @ after the host (path, query) is no credential.
  for (const uri of ['http://example.com/a@b', 'http://example.com/?to=a@b.c']) {
    const r = await h.call('PUT', jobPath('a'), {
      body: httpJob({ action: { type: 'http', request: { uri, method: 'GET' } } }),
    });
    assert.equal(r.statusCode, 201, `${uri} → ${r.body}`);
    assert.equal((await h.call('DELETE', jobPath('a'))).statusCode, 200);
  }
  assert.equal((await h.call('PUT', jobPath('a'), { body: httpJob() })).statusCode, 201);
  assert.equal((await h.call('DELETE', jobPath('a'))).statusCode, 200);
  assert.equal(
    await h.store.getJob({ subscriptionId: SUB, cloudService: 'cs1', collection: 'jc1', jobId: 'a' }),
    undefined,
  );
});

test('enums in any case, out in canonical form; retryInterval ISO 8601 or TimeSpan in, TimeSpan out', async () => {
  const r = await h.call('PUT', jobPath('enums'), {
    body: {
      action: {
        type: 'HTTP',
        request: { uri: 'https://example.com', method: 'post', body: 'x' },
        retryPolicy: { retryType: 'Fixed', retryInterval: 'PT1M', retryCount: 3 },
        errorAction: {
          type: 'StorageQueue',
          queueMessage: {
            storageAccount: 'acct',
            queueName: 'jobs',
            sasToken: '?sv=1&sig=SECRET-SAS',
            message: 'm',
          },
        },
      },
      recurrence: {
        Frequency: 'Week',
        Interval: 1,
        Schedule: { WeekDays: ['Monday', 'FRIDAY'], Hours: 6, Minutes: [0] },
      },
      State: 'Disabled',
    },
  });
  assert.equal(r.statusCode, 201, r.body);
  const job = json(r.body);
  assert.equal(job.action.type, 'http');
  assert.equal(job.action.request.method, 'POST');
  assert.deepEqual(job.action.retryPolicy, { retryType: 'fixed', retryInterval: '00:01:00', retryCount: 3 });
  assert.equal(job.action.errorAction.type, 'storageQueue');
  assert.deepEqual(job.action.errorAction.queueMessage, {
    storageAccount: 'acct',
    queueName: 'jobs',
    message: 'm',
  });
  assert.deepEqual(job.recurrence, {
    frequency: 'week',
    interval: 1,
    schedule: { minutes: [0], hours: [6], weekDays: ['monday', 'friday'] },
  });
  assert.equal(job.state, 'disabled');
  assert.equal(job.status, undefined, 'a disabled job shows no status');
  const ts = await h.call('PUT', jobPath('ts'), {
    body: httpJob({
      action: {
        type: 'http',
        request: { uri: 'http://x', method: 'GET' },
        retryPolicy: { retryType: 'fixed', retryInterval: '1.02:00:00' },
      },
    }),
  });
  assert.deepEqual(json(ts.body).action.retryPolicy, {
    retryType: 'fixed',
    retryInterval: '1.02:00:00',
    retryCount: 4,
  });
});

test('secrets are never returned: Basic, OAuth, queue SAS, ClientCertificate (E6), in any response or log line', async () => {
  const ca = await createCa();
  const client = await issueClient(ca, 'Scheduler Management', 'pfx-pass-SECRET');
  const body = {
    action: {
      type: 'http',
      request: {
        uri: 'https://example.com/',
        method: 'GET',
        headers: { 'x-ms-version': '2013-03-01' },
        authentication: { type: 'clientcertificate', password: 'pfx-pass-SECRET', pfx: client.pfxBase64 },
      },
      errorAction: {
        type: 'http',
        request: {
          uri: 'https://example.com/err',
          method: 'POST',
          authentication: { type: 'basic', username: 'user1', password: 'basic-SECRET' },
        },
      },
    },
    recurrence: { frequency: 'minute', interval: 1 },
  };
  const r = await h.call('PUT', jobPath('testScheduler'), { body });
  assert.equal(r.statusCode, 201, r.body);
  const auth = json(r.body).action.request.authentication;
  assert.deepEqual(Object.keys(auth), [
    'type',
    'certificateThumbprint',
    'certificateExpiration',
    'certificateSubjectName',
  ]);
  assert.equal(auth.type, 'ClientCertificate');
  assert.match(auth.certificateThumbprint, /^[0-9A-F]{40}$/);
  assert.equal(auth.certificateSubjectName, 'CN=Scheduler Management');
  assert.deepEqual(json(r.body).action.errorAction.request.authentication, {
    type: 'Basic',
    username: 'user1',
  });
  const oauth = await h.call('PUT', jobPath('oauth'), {
    body: httpJob({
      action: {
        type: 'http',
        request: {
          uri: 'http://x',
          method: 'GET',
          authentication: {
            type: 'ActiveDirectoryOAuth',
            tenant: 't',
            audience: 'a',
            clientId: 'c',
            secret: 'oauth-SECRET',
          },
        },
      },
    }),
  });
  assert.deepEqual(json(oauth.body).action.request.authentication, {
    type: 'ActiveDirectoryOAuth',
    tenant: 't',
    audience: 'a',
    clientId: 'c',
  });
  const badPfx = await h.call('PUT', jobPath('badpfx'), {
    body: {
      ...body,
      action: {
        ...body.action,
        request: {
          ...body.action.request,
          authentication: { type: 'ClientCertificate', pfx: client.pfxBase64, password: 'wrong' },
        },
      },
    },
  });
  assert.equal(badPfx.statusCode, 400);
  const patched = await h.call('PATCH', jobPath('testScheduler'), {
    body: { action: { request: { uri: 'https://example.com/v2' } } },
  });
  assert.equal(patched.statusCode, 200, patched.body);
  assert.equal(
    json(patched.body).action.request.authentication.certificateThumbprint,
    auth.certificateThumbprint,
    'secrets kept by PATCH',
  );
  const responses = [
    r.body,
    oauth.body,
    patched.body,
    badPfx.body,
    (await h.call('GET', jobPath('testScheduler'))).body,
    (await h.call('GET', jobsPath())).body,
    (await h.call('PATCH', jobsPath(), { body: { state: 'enabled' } })).body,
    (await h.call('GET', `/${SUB}/operations/${String(r.headers['x-ms-request-id'])}`)).body,
    ...h.logger.lines,
  ];
  for (const text of responses) {
    assert.doesNotMatch(text, /SECRET|pfx-pass|MII/, text.slice(0, 200));
    assert.ok(!text.includes(client.pfxBase64.slice(0, 40)));
  }
});

test('#10 PATCH merges (§12): nested members, arrays replaced, null removes, id/status/state rules, stateDetails accepted', async () => {
  const base = {
    action: {
      type: 'http',
      request: { uri: 'http://a.example/x', method: 'POST', headers: { A: '1', B: '2' }, body: 'b' },
      retryPolicy: { retryType: 'none' },
    },
    recurrence: { frequency: 'day', schedule: { hours: [5], minutes: [30] } },
  };
  assert.equal((await h.call('PUT', jobPath('p'), { body: base })).statusCode, 201);
  let r = await h.call('PATCH', jobPath('p'), {
    body: {
      action: { request: { uri: 'http://b.example/y', headers: { C: '3' } } },
      recurrence: { schedule: { hours: [6] } },
    },
  });
  assert.equal(r.statusCode, 200, r.body);
  let job = json(r.body);
  assert.deepEqual(job.action.request, {
    uri: 'http://b.example/y',
    method: 'POST',
    headers: { C: '3' },
    body: 'b',
  });
  assert.deepEqual(job.action.retryPolicy, { retryType: 'none' });
  assert.deepEqual(job.recurrence.schedule, { minutes: [30], hours: [6] });
  r = await h.call('PATCH', jobPath('p'), { body: { recurrence: null, action: { retryPolicy: null } } });
  job = json(r.body);
  assert.equal(job.recurrence, undefined, 'null removes: one-time job');
  assert.equal(job.action.retryPolicy, undefined);
  r = await h.call('PATCH', jobPath('p'), { body: { state: 'Disabled', stateDetails: 'maintenance' } });
  assert.equal(r.statusCode, 200);
  assert.equal(json(r.body).state, 'disabled');
  assert.doesNotMatch(r.body, /maintenance/, 'stateDetails is stored, never returned');
  const long = await h.call('PATCH', jobPath('p'), { body: { stateDetails: 'x'.repeat(8193) } });
  assert.equal(long.statusCode, 400);
  assert.match(long.body, /<Message>stateDetails: must be at most 8192 characters, got 8193<\/Message>/);
  const longest = await h.call('PATCH', jobPath('p'), { body: { stateDetails: 'x'.repeat(8192) } });
  assert.equal(longest.statusCode, 200, longest.body);
  const bad: object[] = [
    { status: { executionCount: 1 } },
    { id: 'other' },
    { state: 'completed' },
    { state: null },
    { action: { type: null } },
    { action: { request: { uri: null } } },
    { action: { type: 'storageQueue' } },
  ];
  for (const b of bad) {
    const e = await h.call('PATCH', jobPath('p'), { body: b });
    assert.equal(e.statusCode, 400, `${JSON.stringify(b)} → ${e.body}`);
    assert.equal(errorCode(e.body), 'BadRequest');
  }
  r = await h.call('PATCH', jobPath('p'), {
    body: {
      id: 'P',
      action: {
        type: 'storageQueue',
        queueMessage: { storageAccount: 's', queueName: 'jobs', sasToken: 't', message: 'm' },
      },
    },
  });
  assert.equal(r.statusCode, 200, r.body);
  assert.deepEqual(json(r.body).action, {
    queueMessage: { storageAccount: 's', queueName: 'jobs', message: 'm' },
    type: 'storageQueue',
  });
  assert.equal((await h.call('PATCH', jobPath('nope'), { body: { state: 'enabled' } })).statusCode, 404);
});

test('PATCH of a completed job → 409; PUT of it starts a new series; PATCH-all leaves it as it is', async () => {
  assert.equal((await h.call('PUT', jobPath('done'), { body: httpJob() })).statusCode, 201);
  const ref = { subscriptionId: SUB, cloudService: 'cs1', collection: 'jc1', jobId: 'done' };
  const stored = await h.store.getJob(ref);
  assert.ok(stored);
  await h.store.updateJob({
    ...stored,
    state: 'completed',
    finishedAt: h.clock.now(),
    version: stored.version + 1,
  });
  const r = await h.call('PATCH', jobPath('done'), { body: { state: 'disabled' } });
  assert.equal(r.statusCode, 409);
  assert.equal(errorCode(r.body), 'ConflictError');
  const all = await h.call('PATCH', jobsPath(), { body: { state: 'disabled' } });
  assert.equal(all.statusCode, 200);
  const states = Object.fromEntries(json(all.body).map((j: Doc) => [j.id, j.state]));
  assert.equal(states['done'], 'completed');
  assert.equal(states['enums'], 'disabled');
  const put = await h.call('PUT', jobPath('done'), { body: httpJob() });
  assert.equal(put.statusCode, 200);
  assert.equal(json(put.body).state, 'enabled');
  assert.equal((await h.call('PATCH', jobsPath(), { body: { state: 'enabled' } })).statusCode, 200);
});

test('#9 PATCH-all validation: state must be enabled/disabled; 404 for an unknown collection first', async () => {
  for (const b of [{ state: 'completed' }, {}, { state: 'on' }, '[]']) {
    const r = await h.call('PATCH', jobsPath(), { body: b });
    assert.equal(r.statusCode, 400, JSON.stringify(b));
  }
  // The message lists the states a client can set; the two the service sets are named as such.
  const unknown = await h.call('PATCH', jobsPath(), { body: { state: 'suspended' } });
  assert.match(unknown.body, /<Message>state: must be one of enabled, disabled, got 'suspended'<\/Message>/);
  const finished = await h.call('PATCH', jobsPath(), { body: { state: 'Faulted' } });
  assert.match(
    finished.body,
    /<Message>state: only enabled or disabled can be set, got 'faulted'<\/Message>/,
  );
  const r = await h.call('PATCH', jobsPath('nope'), { body: { state: 'bogus' } });
  assert.equal(r.statusCode, 404);
});

test('#7/#8 list: ordered by id ignoring case; $filter state; $top/$skip; bad query → 400 MissingOrInvalidRequiredQueryParameter', async () => {
  await seedCollection(h, 'Standard', 'list');
  for (const id of ['b', 'A', 'c', 'D'])
    assert.equal(
      (
        await h.call('PUT', jobPath(id, 'list'), {
          body: httpJob({ state: id === 'c' ? 'disabled' : 'enabled' }),
        })
      ).statusCode,
      201,
    );
  const ids = async (q: string) =>
    json((await h.call('GET', `${jobsPath('list')}${q}`)).body).map((j: Doc) => j.id);
  assert.deepEqual(await ids(''), ['A', 'b', 'c', 'D']);
  assert.deepEqual(await ids('?$top=2'), ['A', 'b']);
  assert.deepEqual(await ids('?$skip=1&$top=2'), ['b', 'c']);
  assert.deepEqual(await ids('?$skip=10'), []);
  // Any integer ≥ 0 is a valid $skip, also past 32 bits or 2^53: an empty page, not a 400.
  for (const skip of ['2147483648', '99999999999999999999'])
    assert.deepEqual(await ids(`?$skip=${skip}`), []);
  assert.deepEqual(await ids("?$filter=state%20eq%20'Disabled'"), ['c']);
  assert.deepEqual(await ids('?$filter=STATE+EQ+enabled&$skip=1'), ['b', 'D']);
  for (const q of [
    '$top=0',
    '$top=101',
    '$top=abc',
    '$skip=-1',
    '$skip=x',
    '$filter=status eq failed',
    '$filter=state eq paused',
    '$filter=name eq x',
    '$filter=',
  ]) {
    const r = await h.call('GET', `${jobsPath('list')}?${q}`);
    assert.equal(r.statusCode, 400, q);
    assert.equal(errorCode(r.body), 'MissingOrInvalidRequiredQueryParameter', q);
  }
  // A long rejected value is quoted cut to 60 characters, as every rejected value (src/domain/clip.ts).
  for (const q of [
    `$filter=state eq ${'x'.repeat(5_000)}`,
    `$top=${'9'.repeat(5_000)}`,
    `$skip=${'y'.repeat(5_000)}`,
  ]) {
    const r = await h.call('GET', `${jobsPath('list')}?${q}`);
    assert.equal(r.statusCode, 400);
    const message = /<Message>([^<]*)<\/Message>/.exec(r.body)?.[1] ?? '';
    assert.match(message, /got '[^']{60}…'$/, q.slice(0, 10));
  }
  assert.equal((await h.call('GET', jobsPath('missing'))).statusCode, 404);
});

test('#5/#6 history: newest first, filters (status eq completed matches omitted status), paging, exact entry shape', async () => {
  assert.equal((await h.call('PUT', jobPath('hist'), { body: httpJob() })).statusCode, 201);
  const job = { subscriptionId: SUB, cloudService: 'cs1', collection: 'jc1', jobId: 'hist' };
  const t0 = Date.parse('2026-03-01T10:00:00Z');
  const entry = (i: number, status: 'completed' | 'failed' | 'postponed') => ({
    job,
    timestamp: t0 + i * 1000,
    startTime: t0 + i * 1000 - 100,
    endTime: t0 + i * 1000,
    expectedExecutionTime: t0,
    state: 'enabled' as const,
    status,
    message: `attempt ${i}`,
    retryCount: i,
    repeatCount: 1,
    actionName: 'MainAction' as const,
    executionTag: 'f'.repeat(32),
  });
  await h.store.appendHistory([
    entry(0, 'failed'),
    entry(1, 'failed'),
    entry(2, 'completed'),
    entry(3, 'postponed'),
  ]);
  const get = async (q: string) => h.call('GET', `${jobPath('hist')}/history${q}`);
  let r = await get('');
  assert.equal(r.statusCode, 200);
  const all = json(r.body);
  assert.deepEqual(
    all.map((e: Doc) => e.retryCount),
    [3, 2, 1, 0],
  );
  assert.deepEqual(all[1], {
    jobId: 'hist',
    timestamp: '2026-03-01T10:00:02Z',
    startTime: '2026-03-01T10:00:01.9Z',
    endTime: '2026-03-01T10:00:02Z',
    expectedExecutionTime: '2026-03-01T10:00:00Z',
    state: 'enabled',
    message: 'attempt 2',
    retryCount: 2,
    repeatCount: 1,
    actionName: 'MainAction',
  });
  assert.equal(all[2].status, 'failed');
  r = await get('?$filter=status%20eq%20Failed');
  assert.deepEqual(
    json(r.body).map((e: Doc) => e.retryCount),
    [1, 0],
  );
  r = await get("?$filter=status eq 'completed'");
  assert.deepEqual(
    json(r.body).map((e: Doc) => e.retryCount),
    [2],
  );
  r = await get('?$filter=state eq enabled&$skip=1&$top=2');
  assert.deepEqual(
    json(r.body).map((e: Doc) => e.retryCount),
    [2, 1],
  );
  // An integer ≥ 0 of any length is a valid $skip: one past every entry gives [] (not a 400 that
  // says "must be an integer of at least 0" about an integer of at least 0).
  for (const q of ['?$skip=4', '?$skip=9999999999', '?$skip=99999999999999999999']) {
    r = await get(q);
    assert.equal(r.statusCode, 200, q);
    assert.deepEqual(json(r.body), [], q);
  }
  for (const q of ['?$top=0', '?$filter=status eq done', '?$skip=1.5']) {
    assert.equal(errorCode((await get(q)).body), 'MissingOrInvalidRequiredQueryParameter', q);
  }
  assert.equal((await h.call('GET', `${jobPath('nohist')}/history`)).statusCode, 404);
});

test('#3 DELETE: 200 (never 204), empty; then 404', async () => {
  assert.equal((await h.call('PUT', jobPath('del'), { body: httpJob() })).statusCode, 201);
  const r = await h.call('DELETE', jobPath('del'));
  assert.equal(r.statusCode, 200);
  assert.equal(r.body, '');
  assert.equal(r.headers['content-length'], '0');
  assert.equal((await h.call('GET', jobPath('del'))).statusCode, 404);
  assert.equal((await h.call('DELETE', jobPath('del'))).statusCode, 404);
});

test('the 16,000-character definition limit → 400; just under is accepted', async () => {
  const padded = (n: number) =>
    httpJob({
      action: {
        type: 'http',
        request: { uri: 'http://x', method: 'POST', body: 'b'.repeat(8000) },
        errorAction: { type: 'http', request: { uri: 'http://y', method: 'POST', body: 'e'.repeat(n) } },
      },
    });
  const size = (n: number) => JSON.stringify(padded(n)).length;
  const over = await h.call('PUT', jobPath('big'), { body: padded(8000) });
  assert.ok(size(8000) > 16000);
  assert.equal(over.statusCode, 400);
  assert.match(over.body, /16000/);
  const under = await h.call('PUT', jobPath('big'), { body: padded(7600) });
  assert.equal(under.statusCode, 201, under.body);
});

test('Free plan: outbound authentication → 409, more often than hourly → 409, sixth job → 409', async () => {
  const auth = await h.call('PUT', jobPath('a', 'free'), {
    body: httpJob({
      action: {
        type: 'http',
        request: {
          uri: 'http://x',
          method: 'GET',
          authentication: { type: 'Basic', username: 'u', password: 'p' },
        },
      },
    }),
  });
  assert.equal(auth.statusCode, 409);
  assert.match(auth.body, /<Message>action\.request\.authentication: outbound authentication is not allowed/);
  // The message names the member that was sent: here the error action's authentication.
  const errorActionAuth = await h.call('PUT', jobPath('a', 'free'), {
    body: httpJob({
      action: {
        type: 'http',
        request: { uri: 'http://x', method: 'GET' },
        errorAction: {
          type: 'http',
          request: {
            uri: 'http://x',
            method: 'GET',
            authentication: { type: 'Basic', username: 'u', password: 'p' },
          },
        },
      },
    }),
  });
  assert.equal(errorActionAuth.statusCode, 409);
  assert.match(
    errorActionAuth.body,
    /<Message>action\.errorAction\.request\.authentication: outbound authentication is not allowed in a Free job collection\.<\/Message>/,
  );
  const minute = await h.call('PUT', jobPath('a', 'free'), {
    body: httpJob({ recurrence: { frequency: 'minute', interval: 1 } }),
  });
  assert.equal(minute.statusCode, 409);
  assert.equal(errorCode(minute.body), 'ConflictError');
  for (let i = 0; i < 5; i++)
    assert.equal((await h.call('PUT', jobPath(`f${i}`, 'free'), { body: httpJob() })).statusCode, 201);
  const sixth = await h.call('POST', jobsPath('free'), { body: httpJob() });
  assert.equal(sixth.statusCode, 409);
  assert.equal(errorCode(sixth.body), 'ConflictError');
  assert.equal(
    (await h.call('PUT', jobPath('f0', 'free'), { body: httpJob() })).statusCode,
    200,
    'replacing does not count',
  );
});

test('extension: GET …/occurrences?$top=N lists the next due times', async () => {
  assert.equal(
    (
      await h.call('PUT', jobPath('occ'), {
        body: httpJob({
          startTime: '2026-03-01T12:00:00Z',
          recurrence: { frequency: 'hour', interval: 2, count: 3 },
        }),
      })
    ).statusCode,
    201,
  );
  const r = await h.call('GET', `${jobPath('occ')}/occurrences?$top=5`);
  assert.equal(r.statusCode, 200);
  assert.deepEqual(json(r.body), ['2026-03-01T12:00:00Z', '2026-03-01T14:00:00Z', '2026-03-01T16:00:00Z']);
  assert.deepEqual(json((await h.call('GET', `${jobPath('occ')}/occurrences?$top=2`)).body).length, 2);
  assert.equal((await h.call('GET', `${jobPath('occ')}/occurrences?$top=0`)).statusCode, 400);
  assert.equal((await h.call('GET', `${jobPath('nope')}/occurrences`)).statusCode, 404);
});

test('extension: POST …/run starts an extra occurrence (202 with its tag); finished jobs → 409; unknown → 404', async () => {
  assert.equal(
    (await h.call('PUT', jobPath('runme'), { body: httpJob({ startTime: '2026-03-02T00:00:00Z' }) }))
      .statusCode,
    201,
  );
  const r = await h.call('POST', `${jobPath('runme')}/run`);
  assert.equal(r.statusCode, 202, r.body);
  const run = json(r.body);
  assert.match(run.executionTag, /^[0-9a-f]{32}$/);
  assert.equal(run.repeatCount, 1);
  assert.equal(run.expectedExecutionTime, '2026-03-01T10:00:00Z');
  const job = json((await h.call('GET', jobPath('runme'))).body);
  assert.equal(job.status.nextExecutionTime, '2026-03-02T00:00:00Z', 'the schedule does not move');
  assert.equal((await h.call('POST', `${jobPath('nope')}/run`)).statusCode, 404);
  assert.equal((await h.call('GET', `${jobPath('runme')}/run`)).statusCode, 400);
});

test('authentication {} means none on PUT and no change on PATCH; null removes it', async () => {
  const withAuth = (auth: object) =>
    httpJob({ action: { type: 'http', request: { uri: 'http://x', method: 'GET', authentication: auth } } });
  let r = await h.call('PUT', jobPath('authx'), { body: withAuth({}) });
  assert.equal(r.statusCode, 201, r.body);
  assert.equal(json(r.body).action.request.authentication, undefined);
  r = await h.call('PUT', jobPath('authx'), {
    body: withAuth({ type: 'basic', username: 'u', password: 'p' }),
  });
  assert.deepEqual(json(r.body).action.request.authentication, { type: 'Basic', username: 'u' });
  r = await h.call('PATCH', jobPath('authx'), { body: { action: { request: { authentication: {} } } } });
  assert.deepEqual(json(r.body).action.request.authentication, { type: 'Basic', username: 'u' });
  r = await h.call('PATCH', jobPath('authx'), {
    body: { action: { request: { authentication: { type: 'ActiveDirectoryOAuth', tenant: 't' } } } },
  });
  assert.equal(r.statusCode, 400, 'a new type needs all its members');
  r = await h.call('PATCH', jobPath('authx'), { body: { action: { request: { authentication: null } } } });
  assert.equal(r.statusCode, 200);
  assert.equal(json(r.body).action.request.authentication, undefined);
});

test('a 404 on a job route names the missing level: cloud service, then collection, then job (GET, PUT, PATCH, list, history)', async () => {
  await seedCollection(h, 'Standard', 'jc404', 'cs404');
  const body = { body: httpJob() };
  const cases: [string, string, string, object?][] = [
    ['GET', jobPath('j', 'jc404', 'nocs'), "The cloud service 'nocs' does not exist."],
    ['GET', jobPath('j', 'nojc', 'cs404'), "The job collection 'nojc' does not exist."],
    ['GET', jobPath('nojob', 'jc404', 'cs404'), "The job 'nojob' does not exist."],
    ['PUT', jobPath('j', 'jc404', 'nocs'), "The cloud service 'nocs' does not exist.", body],
    ['PUT', jobPath('j', 'nojc', 'cs404'), "The job collection 'nojc' does not exist.", body],
    [
      'PATCH',
      jobPath('j', 'nojc', 'cs404'),
      "The job collection 'nojc' does not exist.",
      { body: { state: 'enabled' } },
    ],
    [
      'PATCH',
      jobPath('nojob', 'jc404', 'cs404'),
      "The job 'nojob' does not exist.",
      { body: { state: 'enabled' } },
    ],
    ['GET', jobsPath('jc404', 'nocs'), "The cloud service 'nocs' does not exist."],
    ['GET', jobsPath('nojc', 'cs404'), "The job collection 'nojc' does not exist."],
    ['GET', `${jobPath('j', 'nojc', 'cs404')}/history`, "The job collection 'nojc' does not exist."],
    ['GET', `${jobPath('nojob', 'jc404', 'cs404')}/history`, "The job 'nojob' does not exist."],
  ];
  for (const [method, path, message, opts] of cases) {
    const r = await h.call(method, path, opts);
    assert.equal(r.statusCode, 404, `${method} ${path}`);
    assert.equal(errorCode(r.body), 'ResourceNotFound');
    assert.ok(
      r.body.includes(`<Message>${message.replaceAll("'", '&apos;')}</Message>`) ||
        r.body.includes(`<Message>${message}</Message>`),
      `${method} ${path}: ${r.body}`,
    );
  }
});

test('engine wake-ups: a write wakes the engine when the job is enabled after it or was before it, not otherwise', async () => {
  const signalsOf = async (path: string, body: Record<string, unknown>, status: number): Promise<number> => {
    const before = h.signals.length;
    const r = await h.call('PUT', path, { body });
    assert.equal(r.statusCode, status, r.body);
    return h.signals.length - before;
  };
  assert.equal(await signalsOf(jobPath('wake-enabled'), httpJob(), 201), 1);
  assert.equal(await signalsOf(jobPath('wake-disabled'), httpJob({ state: 'disabled' }), 201), 0);
  assert.equal(await signalsOf(jobPath('wake-enabled'), httpJob({ state: 'disabled' }), 200), 1);
  // Disabled before and after: nothing to run, nothing to drop.
  assert.equal(await signalsOf(jobPath('wake-disabled'), httpJob({ state: 'disabled' }), 200), 0);
  assert.equal(await signalsOf(jobPath('wake-disabled'), httpJob(), 200), 1);
});

test('engine wake-ups carry the next due time of the job as written (null once it will not run), so the engine need not re-read its window', async () => {
  const put = async (body: Record<string, unknown>, status: number): Promise<unknown> => {
    const r = await h.call('PUT', jobPath('wake-due'), { body });
    assert.equal(r.statusCode, status, r.body);
    return h.dueSignals.at(-1);
  };
  const stored = async (): Promise<number | undefined> =>
    (await h.store.getJob({ subscriptionId: SUB, cloudService: 'cs1', collection: 'jc1', jobId: 'wake-due' }))
      ?.schedule.nextDueAt;
  const later = { startTime: '2026-03-01T12:30:00Z' };
  const first = await put(httpJob(later), 201);
  assert.equal(typeof first, 'number');
  assert.equal(first, await stored());
  assert.equal(first, Date.parse('2026-03-01T12:30:00Z'));
  assert.equal(await put(httpJob({ ...later, state: 'disabled' }), 200), null, 'disabled: nothing to run');
  const patched = await h.call('PATCH', jobPath('wake-due'), { body: { state: 'enabled' } });
  assert.equal(patched.statusCode, 200, patched.body);
  assert.equal(h.dueSignals.at(-1), await stored(), 'a PATCH that enables it tells its due time');
});
