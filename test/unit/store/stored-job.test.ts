// SqlStore's job cache keeps `storedJob(job)` after a write instead of reading the row back
// (src/store/rows/job-rows.ts): it must be what `toJob` makes of the row `jobValues(job)` wrote,
// optional fields absent rather than undefined. The definition is the job's own object, not parsed
// back from the written text: that holds only while every definition Takt builds is JSON-normal (no
// undefined members, nothing JSON would change), which the second half checks over definitions of
// every kind, built the way a PUT builds them (parsed from the wire, certificate facts, sealed).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { sealDefinition, withCertificateFacts } from '../../../src/app/jobs/definitions.js';
import { NodePfxInspector } from '../../../src/certificates/node-pfx-inspector.js';
import { DEFAULT_WIRE_LIMITS } from '../../../src/domain/limits.js';
import { AesGcmSecretBox } from '../../../src/secrets/aes-gcm-box.js';
import { parseJobDefinition } from '../../../src/wire/job/index.js';
import { createCa, issueClient } from '../../support/sinks/certs.js';
import type { Job } from '../../../src/domain/job.js';
import { jobValues, storedJob, toJob } from '../../../src/store/rows/job-rows.js';
import { JOB_VALUE_COLUMNS } from '../../../src/store/sql/jobs.js';
import { job, T0 } from '../../store-contract/fixtures.js';

/** The row a read returns after `values` were written: NULL for absent values. */
function rowRead(j: Job): Job {
  const row: Record<string, unknown> = {
    subscription_id: j.ref.subscriptionId,
    cloud_service_name: j.ref.cloudService,
    collection_name: j.ref.collection,
    name: j.ref.jobId,
  };
  jobValues(j).forEach((v, i) => (row[JOB_VALUE_COLUMNS[i]!] = v));
  return toJob(row);
}

const cases: Record<string, Job> = {
  'enabled, next due': job('a'),
  'every optional field set': job('b', {
    state: 'faulted',
    stateDetails: 'gave up',
    counters: { executionCount: 7, failureCount: 3, faultedCount: 1 },
    schedule: {
      anchor: T0,
      seriesStartedAt: T0,
      seriesCount: 7,
      repeatCount: 2,
      nextDueAt: T0 + 5,
      lastExecutionTime: T0 + 1,
      lastOutcome: 'faulted',
    },
    finishedAt: T0 + 9,
    version: 4,
  }),
  'optional fields present but undefined': {
    ...job('c'),
    stateDetails: undefined,
    finishedAt: undefined,
    schedule: { anchor: T0, seriesStartedAt: T0, seriesCount: 0, repeatCount: 0, nextDueAt: undefined },
  },
};

for (const [name, j] of Object.entries(cases)) {
  test(`storedJob equals the row read back: ${name}`, () => {
    const stored = storedJob(j);
    assert.deepStrictEqual(stored, rowRead(j));
    // The mutable-looking parts are copies; the definition is shared (immutable, readonly all through).
    assert.notEqual(stored.schedule, j.schedule);
    assert.notEqual(stored.counters, j.counters);
    assert.equal(stored.definition, j.definition);
  });
}

/** Wire bodies covering every member a definition can hold. */
function wireBodies(pfxBase64: string): Record<string, unknown> {
  const sb = (kind: 'serviceBusQueueMessage' | 'serviceBusTopicMessage', extra: object) => ({
    [kind]: {
      namespace: 'ns',
      transportType: 'AMQP',
      authentication: { type: 'SharedAccessKey', sasKeyName: 'k', sasKey: 'sas-key' },
      message: 'm',
      ...extra,
    },
  });
  return {
    'http, nothing optional': { action: { type: 'http', request: { uri: 'http://x/', method: 'GET' } } },
    'https, headers, body, Basic, fixed retries, storage queue error action, schedule': {
      startTime: '2030-01-02T03:04:05.1234567Z',
      action: {
        type: 'https',
        request: {
          uri: 'https://x/a?b=c',
          method: 'POST',
          headers: { 'content-type': 'text/plain', 'x-a': 'b' },
          body: 'hello',
          authentication: { type: 'Basic', username: 'u', password: 'p' },
        },
        retryPolicy: { retryType: 'fixed', retryInterval: 'PT1M', retryCount: 3 },
        errorAction: {
          type: 'storageQueue',
          queueMessage: {
            storageAccount: 'acct',
            queueName: 'jobs',
            sasToken: '?sv=1&sig=x',
            message: 'err',
          },
        },
      },
      recurrence: {
        frequency: 'week',
        interval: 2,
        count: 10,
        endTime: '2031-01-01T00:00:00Z',
        schedule: { weekDays: ['monday', 'friday'], hours: [9, 17], minutes: [0, 30] },
      },
      state: 'disabled',
    },
    'ClientCertificate, no retries, http error action with OAuth, monthly occurrences, time zone': {
      startTime: '2030-06-01T08:00:00',
      action: {
        type: 'https',
        request: {
          uri: 'https://x/',
          method: 'PUT',
          authentication: { type: 'ClientCertificate', pfx: pfxBase64, password: 'pfx-pass' },
        },
        retryPolicy: { retryType: 'none' },
        errorAction: {
          type: 'http',
          request: {
            uri: 'http://y/',
            method: 'DELETE',
            authentication: {
              type: 'ActiveDirectoryOAuth',
              tenant: 't',
              audience: 'a',
              clientId: 'c',
              secret: 's',
            },
          },
          retryPolicy: { retryType: 'fixed', retryInterval: '00:00:30' },
        },
      },
      recurrence: {
        frequency: 'month',
        timeZone: 'W. Europe Standard Time',
        schedule: { monthlyOccurrences: [{ day: 'monday', occurrence: -1 }, { day: 'friday' }], hours: [8] },
      },
    },
    'Service Bus queue with brokered properties, topic error action': {
      action: {
        type: 'serviceBusQueue',
        ...sb('serviceBusQueueMessage', {
          queueName: 'orders',
          brokeredMessageProperties: {
            contentType: 'text/plain',
            correlationId: 'c',
            forcePersistence: true,
            label: 'l',
            messageId: 'id',
            timeToLive: 'PT1H',
            scheduledEnqueueTimeUtc: '2030-01-01T00:00:00.5Z',
          },
          customMessageProperties: { Priority: 'High' },
        }),
        errorAction: { type: 'serviceBusTopic', ...sb('serviceBusTopicMessage', { topicPath: 'topic' }) },
      },
      recurrence: { frequency: 'month', schedule: { monthDays: [1, -1], months: [1, 6] } },
    },
  };
}

test('definitions built from the wire are JSON-normal: what a read parses back is deep-equal, member order included', async () => {
  const pfxBase64 = (await issueClient(await createCa(), 'stored job', 'pfx-pass')).pfxBase64;
  const deps = { pfx: new NodePfxInspector(), secrets: new AesGcmSecretBox(randomBytes(32)) };
  const bodies = Object.entries(wireBodies(pfxBase64));
  for (const [name, body] of bodies) {
    const plain = withCertificateFacts(
      deps,
      parseJobDefinition(body, {
        mode: 'create',
        limits: DEFAULT_WIRE_LIMITS,
        now: Date.parse('2029-01-01T00:00:00Z'),
        minRetryIntervalTicks: 150_000_000,
      }),
    );
    const definition = sealDefinition(deps, plain);
    const j: Job = { ...job(name.slice(0, 20)), definition };
    assert.deepStrictEqual(storedJob(j), rowRead(j), name);
    // Member order too (deepStrictEqual ignores it; a re-serialised cached job must read the same).
    assert.equal(JSON.stringify(storedJob(j)), JSON.stringify(rowRead(j)), name);
  }
  // The corpus reaches what could go wrong: secrets sealed, certificate facts, brokered properties.
  const texts = bodies.map(([, b]) => JSON.stringify(b)).join();
  for (const member of ['ClientCertificate', 'brokeredMessageProperties', 'sasToken', 'monthlyOccurrences'])
    assert.ok(texts.includes(member), member);
});
