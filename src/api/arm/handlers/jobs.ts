/**
 * A9–A15: jobs through ARM (docs/api.md, ARM jobs). The same use cases as the classic job routes;
 * only the envelope, the enum spellings, paging and the error form differ.
 */
import { deleteJob } from '../../../app/jobs/delete-job.js';
import { getHistory, getJob, listJobs } from '../../../app/jobs/read-jobs.js';
import { runJobNow } from '../../../app/jobs/run-now.js';
import { patchJob, putJob } from '../../../app/jobs/write-job.js';
import { DomainError } from '../../../domain/errors.js';
import type { JobRef, PlainJobDefinition } from '../../../domain/job.js';
import { isValidName } from '../../../domain/names.js';
import { formatArmHistoryEntry } from '../../../wire/arm/history-json.js';
import { armFieldError, armJobDocument, formatArmJob } from '../../../wire/arm/job-json.js';
import { formatArmList } from '../../../wire/arm/list-json.js';
import { PROVIDER_NAMESPACE } from '../../../wire/arm/resource-ids.js';
import { parseJobDefinition, patchDefinition } from '../../../wire/job/index.js';
import { minRetryIntervalTicks, wireLimits } from '../../call-helpers.js';
import { pageOf, readArmJson, readFilter, readPaging, seg, storePage } from '../arm-request.js';
import type { Outcome } from '../../handler.js';
import { JsonOnce } from '../../json-once.js';
import type { ArmCall } from '../arm-types.js';
import { armCollectionRef } from './collections.js';
import { armParam } from './arm-param.js';
import { extend } from '../../../domain/extend.js';

/** The collection's ref plus the job, member by member (a spread copies through a slow generic path). */
function armJobRef(call: ArmCall): JobRef {
  const { subscriptionId, cloudService, collection } = armCollectionRef(call);
  return { subscriptionId, cloudService, collection, jobId: armParam(call, 'job') };
}

/** `create`: the job id is the path's; a body has no `id` (ignored if sent). */
function parseOptions(call: ArmCall) {
  return {
    mode: 'create' as const,
    limits: wireLimits(call),
    now: call.deps.app.clock.now(),
    minRetryIntervalTicks: minRetryIntervalTicks(call),
  };
}

function checkJobName(name: string): void {
  if (isValidName(name)) return;
  throw new DomainError(
    'InvalidResourceName',
    `jobName: must be 1 to 100 characters from ASCII letters, digits, '-', '_', '.' and space, starting and ending with a letter or digit, got '${name.slice(0, 110)}'.`,
  );
}

/** The job's fsync is waited for once, with the operation record's (Outcome.syncOwed). */
const DEFER_SYNC = { deferSync: true } as const;

/** A10 PUT: replaces the job (a new series); 201 created, 200 replaced. */
export async function putArmJobHandler(call: ArmCall): Promise<Outcome> {
  const root = readArmJson(call.body);
  const ref = armJobRef(call);
  // armFieldError also names the fields of what the use case checks after parsing (a PFX).
  const { job, created } = await putJob(
    call.deps.app,
    ref,
    () => {
      checkJobName(ref.jobId);
      const doc = armJobDocument(root);
      if (doc === undefined) throw new DomainError('BadRequest', 'properties.action: is required');
      return parseJobDefinition(doc, parseOptions(call));
    },
    DEFER_SYNC,
  ).catch((e: unknown) => {
    throw armFieldError(e);
  });
  return { status: created ? 201 : 200, json: formatArmJob(job), syncOwed: true };
}

/** A11 PATCH: deep merge of `properties` (read-only members ignored); no `properties` = no change. */
export async function patchArmJobHandler(call: ArmCall): Promise<Outcome> {
  const root = readArmJson(call.body);
  const ref = armJobRef(call);
  const doc = armJobDocument(root) ?? {};
  const job = await patchJob(
    call.deps.app,
    ref,
    (current: PlainJobDefinition, { seriesAnchor }) =>
      patchDefinition(current, doc, ref.jobId, extend(parseOptions(call), { seriesAnchor })),
    DEFER_SYNC,
  ).catch((e: unknown) => {
    throw armFieldError(e);
  });
  return { status: 200, json: formatArmJob(job), syncOwed: true };
}

/** A9's body, once per job version (src/api/json-once.ts). */
const ARM_JOB_JSON = new JsonOnce(formatArmJob);

/** A9 */
export async function getArmJobHandler(call: ArmCall): Promise<Outcome> {
  return { status: 200, jsonText: ARM_JOB_JSON.text(await getJob(call.deps.app, armJobRef(call))) };
}

/** A12: 200, empty. */
export async function deleteArmJobHandler(call: ArmCall): Promise<Outcome> {
  await deleteJob(call.deps.app, armJobRef(call));
  return { status: 200 };
}

/** A13: 200, empty, once the extra occurrence is committed (the attempt runs afterwards). */
export async function runArmJobHandler(call: ArmCall): Promise<Outcome> {
  await runJobNow(call.deps.app, armJobRef(call));
  return { status: 200 };
}

const jobsPath = (ref: { subscriptionId: string; cloudService: string; collection: string }): string =>
  `/subscriptions/${ref.subscriptionId}/resourceGroups/${seg(ref.cloudService)}/providers/${PROVIDER_NAMESPACE}/jobCollections/${seg(ref.collection)}/jobs`;

/** A14: `$filter=state eq X`, `$skip`, `$top`; by job name. */
export async function listArmJobsHandler(call: ArmCall): Promise<Outcome> {
  const paging = readPaging(call.query);
  const filter = readFilter(call.query, false);
  const ref = armCollectionRef(call);
  const jobs = await listJobs(
    call.deps.app,
    ref,
    filter.state ? { state: filter.state } : {},
    storePage(paging),
  );
  const stored = jobs[0]?.ref ?? ref;
  const page = pageOf(call, jobs, paging, jobsPath(stored));
  return { status: 200, json: formatArmList(page.value.map(formatArmJob), page.nextLink) };
}

/** A15: newest first; `$filter=status eq X` or `state eq X`, `$skip`, `$top`. */
export async function listArmHistoryHandler(call: ArmCall): Promise<Outcome> {
  const paging = readPaging(call.query);
  const filter = readFilter(call.query, true);
  const ref = armJobRef(call);
  const entries = await getHistory(call.deps.app, ref, filter, storePage(paging));
  const stored = entries[0]?.job ?? ref;
  const page = pageOf(call, entries, paging, `${jobsPath(stored)}/${seg(stored.jobId)}/history`);
  return { status: 200, json: formatArmList(page.value.map(formatArmHistoryEntry), page.nextLink) };
}
