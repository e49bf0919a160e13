/**
 * `takt jobs`: list (state filter, paging), get, create (flags or a wire JSON file), set (PATCH from
 * flags, PUT from a file), enable, disable, run (Takt extension), remove (docs/reference/classic-api.md §5.1).
 */
import { Command } from 'commander';
import { ApiError, UsageError } from '../client/api-error.js';
import type { WireDoc } from '../client/takt-client.js';
import type { CliContext } from '../context.js';
import { jobTarget, jobType, recurrenceText, statusFacts } from '../output/job-summary.js';
import { clip, renderFields, renderTable } from '../output/table.js';
import { checkJobDefinition, readJobFile } from './job-file.js';
import { hasDefinitionFlags, jobDocFromFlags, type JobFlags } from './job-flags.js';
import { definitionOptions } from './job-options.js';
import {
  collectionAddress,
  collectionCommand,
  examples,
  parseChoice,
  parsePositiveInt,
  printJson,
  withClient,
  type CollectionOptions,
} from './remote.js';

interface Options extends CollectionOptions, JobFlags {
  readonly file?: string;
  readonly state?: string;
  readonly top?: string;
  readonly skip?: string;
  readonly search?: string;
}

const JOB_STATES = ['enabled', 'disabled', 'completed', 'faulted'] as const;

export function jobRow(j: WireDoc): string[] {
  const s = statusFacts(j);
  return [
    String(j['id']),
    jobType(j),
    String(j['state']),
    s.next,
    s.last,
    `${s.executions}/${s.failures}/${s.faulted}`,
    clip(recurrenceText(j), 40),
    clip(jobTarget(j), 50),
  ];
}

export const JOB_HEADERS = [
  'ID',
  'TYPE',
  'STATE',
  'NEXT RUN',
  'LAST RUN',
  'RUNS/FAIL/FAULT',
  'RECURRENCE',
  'TARGET',
];

export function describeJob(j: WireDoc): string {
  const s = statusFacts(j);
  return renderFields([
    ['Id', String(j['id'])],
    ['State', String(j['state'])],
    ['Type', jobType(j)],
    ['Target', jobTarget(j)],
    ['Recurrence', recurrenceText(j)],
    ['Start time', typeof j['startTime'] === 'string' ? j['startTime'] : '-'],
    ['Next run', s.next],
    ['Last run', s.last],
    ['Executions', s.executions],
    ['Failures', s.failures],
    ['Faulted', s.faulted],
  ]);
}

export function jobsCommand(ctx: CliContext): Command {
  const group = new Command('jobs').description('Manage the jobs of a job collection.');

  group.addCommand(
    examples(
      collectionCommand(
        new Command('list')
          .description('List jobs, ordered by id.')
          .option('--state <state>', 'only jobs in this state: enabled, disabled, completed, faulted')
          .option('--search <text>', 'only jobs whose id or target contains this text')
          .option('--top <n>', 'at most n jobs (1-100)')
          .option('--skip <n>', 'skip the first n jobs'),
      ),
      ['takt jobs list -s billing -c nightly', 'takt jobs list -s billing -c nightly --state faulted --json'],
    ).action(async (o: Options) =>
      withClient(ctx, o, async (client) => {
        const a = collectionAddress(ctx, o);
        const state = o.state !== undefined ? parseChoice(o.state, '--state', JOB_STATES) : undefined;
        const page = {
          ...(o.top !== undefined ? { top: parsePositiveInt(o.top, '--top', 1, 100) } : {}),
          ...(o.skip !== undefined ? { skip: parsePositiveInt(o.skip, '--skip', 0) } : {}),
        };
        let jobs = await client.listJobs(a, state, page);
        if (o.search !== undefined) {
          const needle = o.search.toLowerCase();
          jobs = jobs.filter((j) => `${String(j['id'])} ${jobTarget(j)}`.toLowerCase().includes(needle));
        }
        if (o.json) return printJson(ctx, jobs);
        ctx.io.out(renderTable(JOB_HEADERS, jobs.map(jobRow)));
      }),
    ),
  );

  group.addCommand(
    examples(collectionCommand(new Command('get').argument('<id>', 'job id').description('Show one job.')), [
      'takt jobs get -s billing -c nightly report',
      'takt jobs get -s billing -c nightly report --json > report.json',
    ]).action(async (id: string, o: Options) =>
      withClient(ctx, o, async (client) => {
        const job = await client.getJob(collectionAddress(ctx, o), id);
        if (o.json) return printJson(ctx, job);
        ctx.io.out(describeJob(job));
      }),
    ),
  );

  group.addCommand(
    examples(
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
        'takt jobs create -s billing -c nightly ping --uri http://127.0.0.1:8080/ping --every 5m --retry fixed --retry-count 2',
        'takt jobs create -s billing -c nightly enqueue --queue-account acct --queue-name work --sas-token "?sv=..." --message hi --every 1h',
        'takt jobs create -s billing -c nightly --file job.json',
      ],
    ).action(async (idArg: string | undefined, o: Options) =>
      withClient(ctx, o, async (client) => {
        const a = collectionAddress(ctx, o);
        let doc: WireDoc;
        let id = idArg;
        if (o.file !== undefined) {
          if (hasDefinitionFlags(o))
            throw new UsageError('--file: cannot be combined with definition flags (--uri, --every, ...)');
          const read = readJobFile(o.file);
          doc = read.doc;
          id = id ?? read.id;
        } else {
          doc = jobDocFromFlags(o);
          if (doc['action'] === undefined || (doc['action'] as WireDoc)['type'] === undefined) {
            throw new UsageError(
              '--uri: an action is required: --uri (HTTP), --queue-name (Storage Queue), --sb-queue or --sb-topic (Service Bus), or --file',
            );
          }
          checkJobDefinition(doc, 'flags: ');
        }
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
        if (o.json) return printJson(ctx, job);
        ctx.io.out(
          `Created job ${String(job['id'])}; ${job['state'] === 'disabled' ? 'it is disabled' : `next run ${statusFacts(job).next}`}.\n`,
        );
      }),
    ),
  );

  group.addCommand(
    examples(
      definitionOptions(
        collectionCommand(
          new Command('set')
            .argument('<id>', 'job id')
            .description(
              'Change a job: flags change only what they name (merge); --file replaces the whole definition.',
            ),
        ),
      ),
      [
        'takt jobs set -s billing -c nightly report --every 1d --hours 3 --minutes 30',
        'takt jobs set -s billing -c nightly report --uri https://reports.example.com/v2/run',
        'takt jobs set -s billing -c nightly report --file report.json',
      ],
    ).action(async (id: string, o: Options) =>
      withClient(ctx, o, async (client) => {
        const a = collectionAddress(ctx, o);
        let job: WireDoc;
        if (o.file !== undefined) {
          if (hasDefinitionFlags(o))
            throw new UsageError('--file: cannot be combined with definition flags (--uri, --every, ...)');
          const read = readJobFile(o.file);
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
        } else {
          const partial = jobDocFromFlags(o);
          if (Object.keys(partial).length === 0)
            throw new UsageError('nothing to change: pass definition flags (see --help) or --file');
          job = await client.patchJob(a, id, partial);
        }
        if (o.json) return printJson(ctx, job);
        ctx.io.out(`Updated job ${id}; state ${String(job['state'])}, next run ${statusFacts(job).next}.\n`);
      }),
    ),
  );

  for (const [verb, state] of [
    ['enable', 'enabled'],
    ['disable', 'disabled'],
  ] as const) {
    group.addCommand(
      examples(
        collectionCommand(
          new Command(verb)
            .argument('<id>', 'job id')
            .description(`${verb === 'enable' ? 'Enable' : 'Disable'} a job.`),
        ),
        [`takt jobs ${verb} -s billing -c nightly report`],
      ).action(async (id: string, o: Options) =>
        withClient(ctx, o, async (client) => {
          const job = await client.patchJob(collectionAddress(ctx, o), id, { state });
          if (o.json) return printJson(ctx, job);
          ctx.io.out(`Job ${id} is ${String(job['state'])}.\n`);
        }),
      ),
    );
  }

  group.addCommand(
    examples(
      collectionCommand(
        new Command('run')
          .argument('<id>', 'job id')
          .description('Run a job now, outside its schedule (Takt extension).'),
      ),
      ['takt jobs run -s billing -c nightly report'],
    ).action(async (id: string, o: Options) =>
      withClient(ctx, o, async (client) => {
        const a = collectionAddress(ctx, o);
        await client.getJob(a, id); // a missing job is a plain 404; a 404 after this means no run-now route
        try {
          await client.runJobNow(a, id);
        } catch (e) {
          if (e instanceof ApiError && (e.status === 404 || e.code === 'InvalidHttpVerb')) {
            throw new ApiError(
              e.status,
              e.code,
              'this server does not support running a job now (POST …/jobs/{id}/run)',
              e.requestId,
            );
          }
          throw e;
        }
        if (o.json) return printJson(ctx, { ran: id });
        ctx.io.out(`Job ${id} will run now; see \`takt history ${id}\`.\n`);
      }),
    ),
  );

  group.addCommand(
    examples(
      collectionCommand(
        new Command('remove')
          .alias('rm')
          .argument('<id>', 'job id')
          .description('Delete a job and its history.'),
      ),
      ['takt jobs remove -s billing -c nightly report'],
    ).action(async (id: string, o: Options) =>
      withClient(ctx, o, async (client) => {
        await client.deleteJob(collectionAddress(ctx, o), id);
        if (o.json) return printJson(ctx, { removed: id });
        ctx.io.out(`Removed job ${id}.\n`);
      }),
    ),
  );
  return examples(group, [
    'takt jobs list -s billing -c nightly',
    'takt jobs create -s billing -c nightly ping --uri https://example.com/ping --every 5m',
    'takt jobs disable -s billing -c nightly ping',
  ]);
}
