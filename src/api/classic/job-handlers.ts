/** Job operations #1–#10 (docs/reference/classic-operations.md §5.1), JSON in and out. */
import { clip } from '../../domain/clip.js';
import { deleteJob } from '../../app/jobs/delete-job.js';
import { runJobNow } from '../../app/jobs/run-now.js';
import { getHistory, getJob, listJobs, upcomingOccurrences } from '../../app/jobs/read-jobs.js';
import { setAllJobStates } from '../../app/jobs/set-all-states.js';
import { settableState } from '../../wire/job/settable-state.js';
import { patchJob, putJob } from '../../app/jobs/write-job.js';
import type { PlainJobDefinition } from '../../domain/job.js';
import { validateName } from '../../domain/names.js';
import { formatDateTime } from '../../wire/datetime.js';
import { JsonFields } from '../../wire/json-object.js';
import { formatHistoryEntry, formatJob, patchDefinition, parseJobDefinition } from '../../wire/job/index.js';
import { badQuery, parseFilter, parsePage } from '../query-params.js';
import type { Call, Outcome } from '../handler.js';
import { JsonOnce } from '../json-once.js';
import { collectionRef, jobRef, minRetryIntervalTicks, readJson, wireLimits } from '../call-helpers.js';
import { extend } from '../../domain/extend.js';

function parseOptions(call: Call, mode: 'create' | 'replace', pathJobId?: string) {
  return {
    mode,
    ...(pathJobId !== undefined ? { pathJobId } : {}),
    limits: wireLimits(call),
    now: call.deps.app.clock.now(),
    minRetryIntervalTicks: minRetryIntervalTicks(call),
  };
}

/** The job's fsync is waited for once, with the operation record's (Outcome.syncOwed). */
const DEFER_SYNC = { deferSync: true } as const;

/** #1 POST …/jobs: server-assigned id, 201. */
export async function createJobHandler(call: Call): Promise<Outcome> {
  const json = readJson(call.body);
  const ref = extend(collectionRef(call), { jobId: call.deps.app.ids.hex32() });
  const { job } = await putJob(
    call.deps.app,
    ref,
    () => parseJobDefinition(json, parseOptions(call, 'create')),
    { createOnly: true, deferSync: true },
  );
  return { status: 201, json: formatJob(job), syncOwed: true };
}

/** #2 PUT …/jobs/{job}: 201 created, 200 replaced. */
export async function putJobHandler(call: Call): Promise<Outcome> {
  const json = readJson(call.body);
  const ref = jobRef(call);
  const { job, created } = await putJob(
    call.deps.app,
    ref,
    () => {
      validateName(ref.jobId, 'jobId');
      return parseJobDefinition(json, parseOptions(call, 'replace', ref.jobId));
    },
    DEFER_SYNC,
  );
  return { status: created ? 201 : 200, json: formatJob(job), syncOwed: true };
}

/** #10 PATCH …/jobs/{job}: deep merge (§12), 200 with the merged job. */
export async function patchJobHandler(call: Call): Promise<Outcome> {
  const json = readJson(call.body);
  const ref = jobRef(call);
  const job = await patchJob(
    call.deps.app,
    ref,
    (current: PlainJobDefinition, { seriesAnchor }) =>
      patchDefinition(
        current,
        json,
        ref.jobId,
        extend(parseOptions(call, 'replace', ref.jobId), { seriesAnchor }),
      ),
    DEFER_SYNC,
  );
  return { status: 200, json: formatJob(job), syncOwed: true };
}

/** #9 PATCH …/jobs: `{"state":"enabled"|"disabled"}` for every job; 200 with all jobs. */
export async function setAllJobStatesHandler(call: Call): Promise<Outcome> {
  const json = readJson(call.body);
  const jobs = await setAllJobStates(call.deps.app, collectionRef(call), () => {
    return settableState(JsonFields.of(json, '').required('state'), 'state');
  });
  return { status: 200, json: jobs.map(formatJob) };
}

/** #3 DELETE …/jobs/{job}: 200 (never 204), empty. */
export async function deleteJobHandler(call: Call): Promise<Outcome> {
  await deleteJob(call.deps.app, jobRef(call));
  return { status: 200 };
}

/** GET job's body, once per job version (polling clients read the same job again and again). */
const JOB_JSON = new JsonOnce(formatJob);

/** #4 */
export async function getJobHandler(call: Call): Promise<Outcome> {
  return { status: 200, jsonText: JOB_JSON.text(await getJob(call.deps.app, jobRef(call))) };
}

/** #7, #8: `$filter=state eq X`, `$skip`, `$top`. */
export async function listJobsHandler(call: Call): Promise<Outcome> {
  const page = parsePage(call.query);
  const filter = parseFilter(call.query, false);
  const jobs = await listJobs(
    call.deps.app,
    collectionRef(call),
    filter.state ? { state: filter.state } : {},
    page,
  );
  return { status: 200, json: jobs.map(formatJob) };
}

/** #5, #6: newest first; `$filter=status eq X` or `state eq X`, `$skip`, `$top`. */
export async function listJobHistoryHandler(call: Call): Promise<Outcome> {
  const page = parsePage(call.query);
  const filter = parseFilter(call.query, true);
  const entries = await getHistory(call.deps.app, jobRef(call), filter, page);
  return { status: 200, json: entries.map(formatHistoryEntry) };
}

/** Extension: GET …/jobs/{job}/occurrences?$top=N (1..1000, default 10): the next due times. */
export async function listOccurrencesHandler(call: Call): Promise<Outcome> {
  const raw = call.query.get('$top');
  let n = 10;
  if (raw !== undefined) {
    n = /^\s*\d{1,9}\s*$/.test(raw) ? Number(raw) : NaN;
    if (!(n >= 1 && n <= 1000)) throw badQuery(`$top: must be an integer from 1 to 1000, got '${clip(raw)}'`);
  }
  const times = await upcomingOccurrences(call.deps.app, jobRef(call), n);
  return { status: 200, json: times.map((t) => formatDateTime(t)) };
}

/**
 * Extension: POST …/jobs/{job}/run starts an extra occurrence at once. 202: the run happens
 * asynchronously; the body names it so its history entries can be found.
 */
export async function runJobNowHandler(call: Call): Promise<Outcome> {
  const run = await runJobNow(call.deps.app, jobRef(call));
  return {
    status: 202,
    json: {
      executionTag: run.executionTag,
      repeatCount: run.repeatCount,
      expectedExecutionTime: formatDateTime(run.expectedExecutionTime),
    },
  };
}
