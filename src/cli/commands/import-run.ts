/**
 * Applies an export file to a subscription, idempotently: each cloud service, collection and job is
 * created when missing, updated when different, left alone when equal. A failed item does not stop
 * its siblings, but its children are not attempted; losing the connection stops the run. The
 * outcome lists exactly what was and was not done, so a second run finishes the job.
 */
import { ApiError, ConnectionError } from '../client/api-error.js';
import type { CollectionAddress } from '../client/paths.js';
import type { TaktClient, WireDoc } from '../client/takt-client.js';
import type { CollectionView } from '../client/xml-views.js';
import type { ProgressBar } from '../output/progress-bar.js';
import { comparable, type ExportDoc, type ExportedCollection, type ExportedJob } from './export-doc.js';
import { describeError } from './remote.js';
import { checkJobDefinition } from './job-file.js';
import { definitionToWireDoc } from '../../wire/job/index.js';

export type ItemOutcome = 'created' | 'updated' | 'unchanged';

export interface ImportReport {
  readonly created: string[];
  readonly updated: string[];
  readonly unchanged: string[];
  readonly failed: { item: string; error: string }[];
  readonly notAttempted: string[];
  /** Set when the run stopped early (the server could not be reached). */
  stoppedBy?: string;
}

export function countItems(doc: ExportDoc): number {
  return doc.cloudServices.reduce(
    (n, cs) => n + 1 + cs.jobCollections.reduce((m, jc) => m + 1 + jc.jobs.length, 0),
    0,
  );
}

const notFound = (e: unknown): boolean => e instanceof ApiError && e.status === 404;

function sameQuota(a: object, b: object): boolean {
  return JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());
}

function sameCollection(have: CollectionView, want: ExportedCollection): boolean {
  return (
    have.plan.toLowerCase() === want.plan.toLowerCase() &&
    sameQuota(have.quota, want.quota ?? {}) &&
    (have.label ?? '') === (want.label ?? '')
  );
}

/**
 * A job is unchanged when its definition equals the exported one, whatever its state: a finished
 * job (exported `disabled` with `exportedState`) that is still finished here is left alone, not
 * rewritten to disabled.
 */
function sameJob(have: WireDoc, want: ExportedJob): boolean {
  const wanted = asStored(want.job);
  const haveState = String(have['state']);
  const stillFinished =
    want.exportedState !== undefined && (haveState === 'completed' || haveState === 'faulted');
  if (!stillFinished) return comparable(have) === comparable(wanted);
  const withoutState = (j: WireDoc): WireDoc => ({ ...j, state: undefined });
  return comparable(withoutState(have)) === comparable(withoutState(wanted));
}

/**
 * The file's job as the server stores and returns it: enums in their canonical case, date-times in
 * UTC, `state` when the file leaves it out. Compared raw, a job written another way than the server
 * writes it was replaced on every run, and a replace begins a new series (a recurring job without a
 * start time ran again at once).
 */
function asStored(job: WireDoc): WireDoc {
  try {
    return definitionToWireDoc(checkJobDefinition(job, ''));
  } catch {
    return job; // the server will say what is wrong with it
  }
}

/** How a job is named in the import report. */
export const jobItem = (cloudService: string, collection: string, id: string): string =>
  `job ${cloudService}/${collection}/${id}`;

export async function runImport(
  client: TaktClient,
  doc: ExportDoc,
  progress: ProgressBar,
): Promise<ImportReport> {
  const report: ImportReport = { created: [], updated: [], unchanged: [], failed: [], notAttempted: [] };
  const record = (item: string, outcome: ItemOutcome): void => {
    report[outcome].push(item);
    progress.tick();
  };
  const skip = (item: string): void => {
    report.notAttempted.push(item);
    progress.tick();
  };
  /** Runs one step; false when it failed (then its children are skipped). */
  const step = async (item: string, fn: () => Promise<ItemOutcome>): Promise<boolean> => {
    if (report.stoppedBy !== undefined) {
      skip(item);
      return false;
    }
    try {
      record(item, await fn());
      return true;
    } catch (e) {
      if (e instanceof ConnectionError) report.stoppedBy = e.message;
      if (report.stoppedBy !== undefined) skip(item);
      else {
        report.failed.push({ item, error: describeError(e) });
        progress.tick();
      }
      return false;
    }
  };

  for (const cs of doc.cloudServices) {
    const csOk = await step(`cloud service ${cs.name}`, () => importCloudService(client, cs));
    for (const jc of cs.jobCollections) {
      const a: CollectionAddress = { cloudService: cs.name, collection: jc.name };
      const jcName = `collection ${cs.name}/${jc.name}`;
      let jobsDone = false;
      const jobsFirst = async (): Promise<void> => {
        jobsDone = true;
        for (const j of jc.jobs) await step(jobItem(cs.name, jc.name, j.id), () => importJob(client, a, j));
      };
      const jcOk = csOk
        ? await step(jcName, () => importCollection(client, a, jc, jobsFirst))
        : (skip(jcName), false);
      if (jobsDone) continue;
      for (const j of jc.jobs) {
        const jobName = jobItem(cs.name, jc.name, j.id);
        if (!jcOk) {
          skip(jobName);
          continue;
        }
        await step(jobName, () => importJob(client, a, j));
      }
    }
  }
  progress.finish();
  return report;
}

/** A cloud service is created when missing; an existing one is left as it is (it cannot be updated). */
async function importCloudService(
  client: TaktClient,
  cs: ExportDoc['cloudServices'][number],
): Promise<ItemOutcome> {
  try {
    await client.getCloudService(cs.name);
    return 'unchanged';
  } catch (e) {
    if (!notFound(e)) throw e;
  }
  await client.createCloudService(cs.name, {
    label: cs.label,
    description: cs.description,
    geoRegion: cs.geoRegion,
    ...(cs.email !== undefined ? { email: cs.email } : {}),
  });
  return 'created';
}

type ExportCollection = ExportDoc['cloudServices'][number]['jobCollections'][number];

async function importCollection(
  client: TaktClient,
  a: CollectionAddress,
  jc: ExportCollection,
  /** Imports the collection's jobs (recording their outcomes) ahead of it. */
  jobsFirst: () => Promise<void>,
): Promise<ItemOutcome> {
  const body = {
    plan: jc.plan,
    quota: jc.quota ?? {},
    ...(jc.label !== undefined ? { label: jc.label } : {}),
  };
  let have: CollectionView | undefined;
  try {
    have = await client.getCollection(a);
  } catch (e) {
    if (!notFound(e)) throw e;
  }
  if (have && sameCollection(have, jc)) return 'unchanged';
  try {
    await client.putCollection(a, body);
  } catch (e) {
    // The collection's current jobs break the file's tighter plan or quota (409): the file's jobs,
    // which fit it, are written first, then the collection again.
    if (!have || !(e instanceof ApiError && e.status === 409)) throw e;
    await jobsFirst();
    await client.putCollection(a, body);
  }
  return have ? 'updated' : 'created';
}

async function importJob(
  client: TaktClient,
  a: CollectionAddress,
  j: ExportCollection['jobs'][number],
): Promise<ItemOutcome> {
  const have = await client.findJob(a, j.id);
  if (have && sameJob(have, j)) return 'unchanged';
  await client.putJob(a, j.id, j.job);
  return have ? 'updated' : 'created';
}
