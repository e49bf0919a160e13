/**
 * `takt jobs`: list (state filter, paging), get, create and set (job-write-commands.ts), enable,
 * disable, run and occurrences (Takt extensions), remove (docs/reference/classic-operations.md §5.1).
 */
import { Command, Option } from 'commander';
import { ApiError, UsageError } from '../client/api-error.js';
import type { WireDoc } from '../client/takt-client.js';
import type { CliContext } from '../context.js';
import { jobTarget, jobType, recurrenceText, statusFacts } from '../output/job-summary.js';
import { describeJob } from '../output/job-details.js';
import { clip, renderTable } from '../output/table.js';
import { EXIT_FAILURE } from '../context.js';
import { createCommand, nextRunText, refuseIfFinished, setCommand } from './job-write-commands.js';
import { jobCommandLine } from './command-line.js';
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

interface Options extends CollectionOptions {
  readonly count?: string;
  readonly next?: string;
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
    j['state'] === 'disabled' ? '-' : `${s.executions}/${s.failures}/${s.faulted}`,
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

export function jobsCommand(ctx: CliContext): Command {
  const group = new Command('jobs').description('Manage the jobs of a job collection.');

  group.addCommand(listCommand(ctx));
  group.addCommand(getCommand(ctx));
  group.addCommand(createCommand(ctx));
  group.addCommand(setCommand(ctx));
  for (const [verb, state] of [
    ['enable', 'enabled'],
    ['disable', 'disabled'],
  ] as const)
    group.addCommand(stateCommand(ctx, verb, state));
  group.addCommand(runCommand(ctx));
  group.addCommand(occurrencesCommand(ctx));
  group.addCommand(removeCommand(ctx));
  return examples(group, [
    'takt jobs list -s billing -c nightly',
    'takt jobs create -s billing -c nightly ping --uri https://example.com/ping --every 5m',
    'takt jobs disable -s billing -c nightly ping',
  ]);
}

/** `takt jobs list`. */
function listCommand(ctx: CliContext): Command {
  return examples(
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
      let jobs: WireDoc[];
      if (o.search === undefined) jobs = await client.listJobs(a, state, page);
      else {
        // The API cannot search: every job is read, then --skip and --top count the matches.
        const needle = o.search.toLowerCase();
        const found = (await client.listJobs(a, state)).filter((j) =>
          `${String(j['id'])} ${jobTarget(j)}`.toLowerCase().includes(needle),
        );
        const from = page.skip ?? 0;
        jobs = found.slice(from, page.top !== undefined ? from + page.top : undefined);
      }
      if (o.json) return printJson(ctx, jobs);
      ctx.io.out(renderTable(JOB_HEADERS, jobs.map(jobRow)));
    }),
  );
}

/** `takt jobs get ID`. */
function getCommand(ctx: CliContext): Command {
  return examples(
    collectionCommand(new Command('get').argument('<id>', 'job id').description('Show one job.')),
    [
      'takt jobs get -s billing -c nightly report',
      'takt jobs get -s billing -c nightly report --json > report.json',
    ],
  ).action(async (id: string, o: Options) =>
    withClient(ctx, o, async (client) => {
      const job = await client.getJob(collectionAddress(ctx, o), id);
      if (o.json) return printJson(ctx, job);
      ctx.io.out(describeJob(job));
    }),
  );
}

/** `takt jobs enable|disable ID`. */
function stateCommand(ctx: CliContext, verb: 'enable' | 'disable', state: 'enabled' | 'disabled'): Command {
  return examples(
    collectionCommand(
      new Command(verb)
        .argument('<id>', 'job id')
        .description(`${verb === 'enable' ? 'Enable' : 'Disable'} a job.`),
    ),
    [`takt jobs ${verb} -s billing -c nightly report`],
  ).action(async (id: string, o: Options) =>
    withClient(ctx, o, async (client) => {
      const a = collectionAddress(ctx, o);
      const before = String((await client.getJob(a, id))['state']);
      refuseIfFinished(o, id, before, state);
      const job = await client.patchJob(a, id, { state });
      if (o.json) return printJson(ctx, job);
      const now = String(job['state']);
      if (now !== state) {
        // Enabling a job with nothing left to run finishes it (docs/reference/scheduling-rules.md §3).
        ctx.exitCode = EXIT_FAILURE;
        return ctx.io.err(`Job ${id} was not enabled: it has no occurrence left, so it is ${now} now.\n`);
      }
      ctx.io.out(
        state === 'disabled'
          ? `Job ${id} is disabled: no occurrence starts and waiting retries are cancelled (a faulted occurrence's error action still runs) until \`${jobCommandLine(o, ['jobs', 'enable', id])}\`.\n`
          : `Job ${id} ${before === 'enabled' ? 'was already enabled' : 'is enabled'}; ${nextRunText(job).replace('it is enabled, ', '')}.\n`,
      );
    }),
  );
}

/** `takt jobs run ID`. */
function runCommand(ctx: CliContext): Command {
  return examples(
    collectionCommand(
      new Command('run')
        .argument('<id>', 'job id')
        .description('Run a job now, outside its schedule (Takt extension).'),
    ),
    ['takt jobs run -s billing -c nightly report'],
  ).action(async (id: string, o: Options) =>
    withClient(ctx, o, async (client) => {
      const a = collectionAddress(ctx, o);
      // A missing job is a plain 404; a 404 after this means no run-now route.
      const stored = await client.getJob(a, id);
      refuseIfFinished(o, id, stored['state'], 'run');
      let answer: WireDoc;
      try {
        answer = await client.runJobNow(a, id);
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
      if (o.json) return printJson(ctx, { ran: id, ...answer });
      const tag =
        typeof answer['executionTag'] === 'string' ? ` (execution tag ${answer['executionTag']})` : '';
      ctx.io.out(`Job ${id} will run now${tag}; see \`${jobCommandLine(o, ['history', id])}\`.\n`);
    }),
  );
}

/** `takt jobs occurrences ID`. */
function occurrencesCommand(ctx: CliContext): Command {
  return examples(
    collectionCommand(
      new Command('occurrences')
        .argument('<id>', 'job id')
        .description("Show a job's next run times, as its schedule will produce them (Takt extension).")
        .option('--next <n>', 'how many (1-1000, default 10)')
        // The first name of --next, kept for scripts; --next matches `takt schedule preview`, where
        // --count is the recurrence's own count.
        .addOption(new Option('--count <n>').hideHelp()),
    ),
    [
      'takt jobs occurrences -s billing -c nightly report',
      'takt jobs occurrences -s billing -c nightly report --next 3 --json',
    ],
  ).action(async (id: string, o: Options) =>
    withClient(ctx, o, async (client) => {
      if (o.next !== undefined && o.count !== undefined)
        throw new UsageError('--count: is the old name of --next; give one of them');
      const [flag, text] = o.count !== undefined ? ['--count', o.count] : ['--next', o.next];
      const n = text !== undefined ? parsePositiveInt(text, flag, 1, 1000) : undefined;
      const times = await client.occurrences(collectionAddress(ctx, o), id, n);
      if (o.json) return printJson(ctx, times);
      if (times.length === 0)
        return ctx.io.out(`Job ${id} has no upcoming occurrence (disabled or finished).\n`);
      ctx.io.out(times.map((t) => `${t}\n`).join(''));
    }),
  );
}

/** `takt jobs remove ID`. */
function removeCommand(ctx: CliContext): Command {
  return examples(
    collectionCommand(
      new Command('remove')
        // `delete` as the API and the dashboard call it.
        .aliases(['rm', 'delete'])
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
  );
}
