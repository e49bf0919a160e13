/**
 * `takt jobs create` (flags or a wire JSON file; fails if the id exists) and `takt jobs set` (flags:
 * each merges alone into the stored definition by PATCH; `--file`: PUT replace, accepting the
 * read-only members of a `jobs get --json` output). A recurring job written without a start time
 * runs at once (Azure's rule, kept by the API): both commands warn.
 */
import { Command } from 'commander';
import { ApiError, UsageError } from '../client/api-error.js';
import type { WireDoc } from '../client/takt-client.js';
import type { CliContext } from '../context.js';
import { statusFacts } from '../output/job-summary.js';
import { withStdinPassword } from './auth-flags.js';
import { checkJobFlags, readJobFile } from './job-file.js';
import { checkNewName } from './flag-values.js';
import { hasDefinitionFlags, jobDocFromFlags, jobPatchFromFlags, type JobFlags } from './job-flags.js';
import { definitionOptions } from './job-options.js';
import { scheduleDroppedByEvery } from './schedule-flags.js';
import { jobCommandLine, shellWord } from './command-line.js';
import {
  collectionAddress,
  collectionCommand,
  examples,
  printJson,
  withClient,
  type CollectionOptions,
} from './remote.js';

interface Options extends CollectionOptions, JobFlags {
  readonly file?: string;
}

const FILE_AND_FLAGS = '--file: cannot be combined with definition flags (--uri, --every, ...)';

/** Names the members of a job file the API would ignore (a misspelt one changes the job silently). */
function warnIgnored(ctx: CliContext, file: string, ignored: readonly string[]): void {
  if (ignored.length === 0) return;
  ctx.io.err(
    `warning: ${file}: not part of a job definition, so the API ignores ${ignored.length === 1 ? 'it' : 'them'}: ${ignored.join(', ')} (check the spelling)\n`,
  );
}

/**
 * Warns on stderr when a new series of a recurring job begins without a start time: it runs at
 * once. Not for a job written disabled, which runs nothing until enabled.
 */
function warnRunsNow(ctx: CliContext, doc: WireDoc, how: string): void {
  if (String(doc['state']).toLowerCase() === 'disabled') return;
  if (doc['recurrence'] && (doc['startTime'] === undefined || doc['startTime'] === null)) {
    ctx.io.err(
      `warning: no start time: the job runs now, then on its schedule (${how}; pass --start-time to wait for the first slot)\n`,
    );
  }
}

/** `next run T`, `it is disabled`, `it is completed (no occurrence left)`: the real state. */
export function nextRunText(job: WireDoc): string {
  const state = String(job['state']);
  if (state === 'disabled') return 'it is disabled';
  if (state !== 'enabled') return `it is ${state} (no occurrence left)`;
  return `it is enabled, next run ${statusFacts(job).next}`;
}

export function createCommand(ctx: CliContext): Command {
  return examples(
    definitionOptions(
      collectionCommand(
        new Command('create')
          .argument('[id]', 'job id (default: assigned by the server)')
          .description(
            'Create an HTTP(S), Storage Queue or Service Bus job from flags or from a JSON file. Fails if the id exists.',
          ),
      ),
    ),
    [
      'takt jobs create -s billing -c nightly report --uri https://reports.example.com/run --method POST --every 1d --hours 2 --minutes 0',
      'takt jobs create -s billing -c nightly standup --uri https://hooks.example.com/standup --cron "30 9 * * 1-5" --time-zone Europe/Berlin',
      'takt jobs create -s billing -c nightly ping --uri http://127.0.0.1:8080/ping --every 5m --retry fixed --retry-count 2',
      'takt jobs create -s billing -c nightly export --uri https://reports.example.com/export --every 1d --error-uri https://alerts.example.com/failed --error-method POST',
      'takt jobs create -s billing -c nightly enqueue --queue-account acct --queue-name work --sas-token "?sv=..." --message hi --every 1h',
      'takt jobs create -s billing -c nightly --file job.json',
    ],
  ).action(async (idArg: string | undefined, given: Options) =>
    withClient(ctx, given, async (client) => {
      const o = withStdinPassword(given);
      const a = collectionAddress(ctx, o);
      let doc: WireDoc;
      let id = idArg;
      if (o.file !== undefined) {
        if (hasDefinitionFlags(o)) throw new UsageError(FILE_AND_FLAGS);
        const read = readJobFile(o.file);
        warnIgnored(ctx, o.file, read.ignored);
        doc = read.doc;
        id = id ?? read.id;
      } else {
        doc = jobDocFromFlags(o);
        if (doc['action'] === undefined || (doc['action'] as WireDoc)['type'] === undefined) {
          throw new UsageError(
            '--uri: an action is required: --uri (HTTP), --queue-name (Storage Queue), --sb-queue or --sb-topic (Service Bus), or --file',
          );
        }
        checkJobFlags(doc, o.cron !== undefined);
      }
      if (id !== undefined) checkNewName(id, idArg !== undefined ? '<id>' : `${o.file ?? ''}: id`);
      let job: WireDoc;
      if (id === undefined) {
        job = await client.createJob(a, doc);
      } else {
        if ((await client.findJob(a, id)) !== undefined) {
          throw new ApiError(
            409,
            'ConflictError',
            `job '${id}' already exists in ${a.cloudService}/${a.collection} (use \`takt jobs set\` to change it)`,
            undefined,
          );
        }
        job = (await client.putJob(a, id, doc)).job;
      }
      warnRunsNow(ctx, doc, 'created');
      if (o.json) return printJson(ctx, job);
      ctx.io.out(`Created job ${String(job['id'])}; ${nextRunText(job).replace('it is enabled, ', '')}.\n`);
    }),
  );
}

/**
 * A completed or faulted job cannot be patched (enabled, disabled, changed flag by flag): the API
 * answers 409. The CLI refuses first, naming the commands that replace it with a new series.
 */
export function refuseIfFinished(o: CollectionOptions, id: string, state: unknown, cannot: string): void {
  if (state !== 'completed' && state !== 'faulted') return;
  const file = shellWord(`${id}.json`);
  throw new ApiError(
    409,
    'ConflictError',
    `job '${id}' is ${state}: a finished job cannot be ${cannot}; replace it: ` +
      `\`${jobCommandLine(o, ['jobs', 'get', id, '--json'])} > ${file}\`, edit the file, ` +
      `\`${jobCommandLine(o, ['jobs', 'set', id, '--file', `${id}.json`])}\` (a new series begins)`,
    undefined,
  );
}

export function setCommand(ctx: CliContext): Command {
  return examples(
    definitionOptions(
      collectionCommand(
        new Command('set')
          .argument('<id>', 'job id')
          .description(
            'Change a job: each flag changes only what it names (merge); --file replaces the whole definition.',
          ),
      ),
    ),
    [
      'takt jobs set -s billing -c nightly report --hours 3',
      'takt jobs set -s billing -c nightly report --header "X-Trace: on" --retry-count 5',
      'takt jobs set -s billing -c nightly report --cron "0 6 * * mon"',
      'takt jobs set -s billing -c nightly report --error-action none',
      'takt jobs set -s billing -c nightly report --password-stdin < password.txt',
      'takt jobs get -s billing -c nightly report --json > report.json && takt jobs set -s billing -c nightly report --file report.json',
    ],
  ).action(async (id: string, given: Options) =>
    withClient(ctx, given, async (client) => {
      const o = withStdinPassword(given);
      const a = collectionAddress(ctx, o);
      let job: WireDoc;
      if (o.file !== undefined) {
        if (hasDefinitionFlags(o)) throw new UsageError(FILE_AND_FLAGS);
        const read = readJobFile(o.file);
        warnIgnored(ctx, o.file, read.ignored);
        if (read.id !== undefined && read.id.toLowerCase() !== id.toLowerCase()) {
          throw new UsageError(`${o.file}: id: must equal the job id '${id}', got '${read.id}'`);
        }
        if ((await client.findJob(a, id)) === undefined)
          throw new ApiError(
            404,
            'ResourceNotFound',
            `job '${id}' does not exist (use \`takt jobs create\`)`,
            undefined,
          );
        job = (await client.putJob(a, id, read.doc)).job;
        warnRunsNow(ctx, read.doc, 'replaced: a new series begins');
      } else {
        const stored = await client.getJob(a, id);
        // The API refuses a PATCH of a finished job (409, "can only be replaced or deleted"); say how.
        refuseIfFinished(o, id, stored['state'], 'changed flag by flag');
        const patch = jobPatchFromFlags(o, stored);
        if (Object.keys(patch).length === 0)
          throw new UsageError('nothing to change: pass definition flags (see --help) or --file');
        job = await client.patchJob(a, id, patch);
        const dropped = scheduleDroppedByEvery(o, stored['recurrence'] as WireDoc | undefined);
        if (dropped.length > 0)
          ctx.io.err(
            `note: --every ${o.every ?? ''}: removed the schedule's ${dropped.join(', ').replace(/, ([^,]*)$/, ' and $1')}, which a recurrence of that unit cannot have\n`,
          );
      }
      if (o.json) return printJson(ctx, job);
      ctx.io.out(`Updated job ${id}; ${nextRunText(job)}.\n`);
    }),
  );
}
