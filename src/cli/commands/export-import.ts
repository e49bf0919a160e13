/** `takt export` and `takt import`: a subscription's collections and jobs as JSON, for backups and moves. */
import { writeFileSync } from 'node:fs';
import { Command } from 'commander';
import { UsageError } from '../client/api-error.js';
import type { TaktClient, WireDoc } from '../client/takt-client.js';
import type { CliContext } from '../context.js';
import { ProgressBar } from '../output/progress-bar.js';
import { renderTable } from '../output/table.js';
import {
  EXPORT_FORMAT,
  EXPORT_VERSION,
  SECRETS_NOTE,
  secretPaths,
  validateExportDoc,
  type ExportDoc,
  type ExportedJob,
} from './export-doc.js';
import { fileError } from './flag-values.js';
import { readJsonFile } from './job-file.js';
import { countItems, jobItem, runImport, type ImportReport } from './import-run.js';
import { EXIT_FAILURE, EXIT_USAGE } from '../context.js';
import { examples, printJson, remoteCommand, withClient, type RemoteOptions } from './remote.js';

interface ExportOptions extends RemoteOptions {
  readonly out?: string;
}

interface ImportOptions extends RemoteOptions {
  readonly progress?: boolean;
}

const count = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

function exportedJob(j: WireDoc): ExportedJob {
  const { id, status: _status, ...job } = j;
  const state = job['state'];
  const finished = state === 'completed' || state === 'faulted';
  // A finished job cannot be written with its state; exported disabled it cannot run again by surprise.
  if (finished) job['state'] = 'disabled';
  const secrets = secretPaths(job);
  return {
    id: String(id),
    job,
    ...(secrets.length > 0 ? { secretsRequired: secrets } : {}),
    ...(finished ? { exportedState: String(state) } : {}),
  };
}

export async function buildExport(client: TaktClient): Promise<ExportDoc> {
  const services = await client.listCloudServices();
  const cloudServices = [];
  for (const cs of services) {
    const jobCollections = [];
    for (const jc of cs.collections) {
      const jobs = await client.listJobs({ cloudService: cs.name, collection: jc.name });
      jobCollections.push({
        name: jc.name,
        plan: jc.plan as ExportDoc['cloudServices'][number]['jobCollections'][number]['plan'],
        quota: jc.quota,
        ...(jc.label !== undefined ? { label: jc.label } : {}),
        jobs: jobs.map(exportedJob),
      });
    }
    cloudServices.push({
      name: cs.name,
      label: cs.label,
      description: cs.description,
      geoRegion: cs.geoRegion,
      ...(cs.email !== undefined ? { email: cs.email } : {}),
      jobCollections,
    });
  }
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    subscriptionId: client.subscriptionId,
    note: SECRETS_NOTE,
    cloudServices,
  };
}

export function exportCommand(ctx: CliContext): Command {
  return examples(
    remoteCommand(
      new Command('export')
        .description(
          'Write every cloud service, job collection and job of the subscription as JSON (secrets cannot be exported).',
        )
        .option('-o, --out <file>', 'write to this file instead of standard output'),
    ),
    ['takt export -o backup.json', 'takt export --profile old/connection.json > move.json'],
  ).action(async (o: ExportOptions) =>
    withClient(ctx, o, async (client) => {
      const doc = await buildExport(client);
      const text = `${JSON.stringify(doc, null, 2)}\n`;
      if (o.out !== undefined) writeOut(o.out, text);
      else ctx.io.out(text);
      const jobs = doc.cloudServices.flatMap((cs) => cs.jobCollections.flatMap((jc) => jc.jobs));
      const withSecrets = jobs.filter((j) => j.secretsRequired !== undefined).length;
      const collections = doc.cloudServices.reduce((n, cs) => n + cs.jobCollections.length, 0);
      // Without -o the document on stdout is the JSON; with it, --json's result is the summary.
      if (o.json && o.out !== undefined) {
        printJson(ctx, {
          out: o.out,
          cloudServices: doc.cloudServices.length,
          jobCollections: collections,
          jobs: jobs.length,
          jobsNeedingSecrets: withSecrets,
        });
      }
      ctx.io.err(
        `Exported ${count(doc.cloudServices.length, 'cloud service')}, ${count(collections, 'job collection')}, ${count(
          jobs.length,
          'job',
        )}${o.out !== undefined ? ` to ${o.out}` : ''}.\n`,
      );
      if (withSecrets > 0) {
        ctx.io.err(
          `Note: ${count(withSecrets, 'job')} ${withSecrets === 1 ? 'uses' : 'use'} secrets, which the API never returns; add them where "secretsRequired" says before importing.\n`,
        );
      }
    }),
  );
}

export function importCommand(ctx: CliContext): Command {
  return examples(
    remoteCommand(
      new Command('import')
        .argument('<file>', 'a file written by `takt export` (with the secrets added)')
        .description(
          'Create what an export file describes; existing equal items are left alone, so re-running finishes an interrupted import.',
        )
        .option('--no-progress', 'no progress bar on standard error'),
    ),
    ['takt import backup.json', 'takt import move.json --profile new/connection.json --json'],
  ).action(async (file: string, o: ImportOptions) => {
    // The whole file is checked before the first request: a bad file changes nothing.
    let doc: ExportDoc;
    try {
      const checked = validateExportDoc(readJsonFile(file, 'import'), file);
      if (!checked.doc) {
        ctx.io.err(`error: ${file} cannot be imported:\n${checked.problems.map((p) => `  ${p}\n`).join('')}`);
        ctx.exitCode = EXIT_USAGE;
        return;
      }
      doc = checked.doc;
    } catch (e) {
      ctx.exitCode = EXIT_USAGE;
      ctx.io.err(`error: ${e instanceof UsageError ? e.message : String(e)}\n`);
      return;
    }
    await withClient(ctx, o, async (client) => {
      const progress = new ProgressBar(ctx.io, countItems(doc), 'Importing', o.progress !== false && !o.json);
      const report = await runImport(client, doc, progress);
      if (o.json) printJson(ctx, report);
      else ctx.io.out(summary(report));
      const ranNow = ranAtOnce(doc, report);
      if (ranNow.length > 0)
        ctx.io.err(
          `Note: ${count(ranNow.length, 'recurring job')} without a start time ran at once when written, as \`takt jobs create\` warns (Azure's rule): ${ranNow.join(', ')}. Give a job a startTime in the file to wait for its schedule instead.\n`,
        );
      if (report.failed.length > 0 || report.notAttempted.length > 0) ctx.exitCode = EXIT_FAILURE;
    });
  });
}

/**
 * The enabled recurring jobs without a start time that the import created or replaced: each began
 * a new series, whose first run is the write itself (docs/cli.md, "Export and import").
 */
function ranAtOnce(doc: ExportDoc, r: ImportReport): string[] {
  const written = new Set([...r.created, ...r.updated]);
  return doc.cloudServices.flatMap((cs) =>
    cs.jobCollections.flatMap((jc) =>
      jc.jobs
        .filter((j) => written.has(jobItem(cs.name, jc.name, j.id)))
        .filter(
          (j) =>
            j.job['recurrence'] && (j.job['startTime'] ?? null) === null && j.job['state'] !== 'disabled',
        )
        .map((j) => `${cs.name}/${jc.name}/${j.id}`),
    ),
  );
}

export function summary(r: ImportReport): string {
  const lines = [
    renderTable(
      ['CREATED', 'UPDATED', 'UNCHANGED', 'FAILED', 'NOT ATTEMPTED'],
      [
        [r.created.length, r.updated.length, r.unchanged.length, r.failed.length, r.notAttempted.length].map(
          String,
        ),
      ],
    ),
  ];
  if (r.stoppedBy !== undefined) lines.push(`Stopped: ${r.stoppedBy}\n`);
  for (const f of r.failed) lines.push(`failed: ${f.item}: ${f.error}\n`);
  for (const n of r.notAttempted) lines.push(`not attempted: ${n}\n`);
  if (r.failed.length > 0 || r.notAttempted.length > 0)
    lines.push('Fix the cause and run the same import again: what exists is kept, the rest is created.\n');
  return lines.join('');
}

/** The export file, owner-only (it names every job); a path that cannot be written is a usage error (exit 2). */
function writeOut(path: string, text: string): void {
  try {
    writeFileSync(path, text, { mode: 0o600 });
  } catch (e) {
    throw fileError('--out', 'write', path, e);
  }
}
