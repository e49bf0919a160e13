/**
 * `takt collections`: list, get (with quota usage), create, set (plan, quota, label), suspend, resume, remove
 * (docs/reference/classic-operations.md §5.3). Suspend/resume use the classic "set the state of all jobs" operation
 * (#9): suspend disables every job, resume enables every job.
 */
import { Command } from 'commander';
import { ApiError, UsageError } from '../client/api-error.js';
import type { CollectionAddress } from '../client/paths.js';
import type { TaktClient } from '../client/takt-client.js';
import type { CollectionView } from '../client/xml-views.js';
import type { CliContext } from '../context.js';
import { renderFields, renderTable } from '../output/table.js';
import { collectionWrite, decodeLabel, quotaText, type CollectionFlags } from './collection-flags.js';
import { checkNewName } from './flag-values.js';
import { examples, printJson, remoteCommand, withClient, type RemoteOptions } from './remote.js';

interface Options extends RemoteOptions, CollectionFlags {
  readonly cloudService?: string;
  readonly ifMatch?: string;
}

function cloudServiceOf(ctx: CliContext, o: Options): string {
  const cs = o.cloudService ?? ctx.env['TAKT_CLOUD_SERVICE'];
  if (cs === undefined || cs === '')
    throw new UsageError('--cloud-service: is required (or set TAKT_CLOUD_SERVICE)');
  return cs;
}

const withCs = (cmd: Command, required = true): Command =>
  remoteCommand(
    cmd.option(
      '-s, --cloud-service <name>',
      `cloud service${required ? '' : ' (default: all)'} (default: $TAKT_CLOUD_SERVICE)`,
    ),
  );

const withWriteFlags = (cmd: Command): Command =>
  cmd
    .option('--plan <plan>', 'Free, Standard or Premium')
    .option('--max-jobs <n>', 'quota: most jobs in the collection')
    .option('--max-recurrence <every>', 'quota: shortest recurrence, e.g. 1h, 15m, 1d or Hour:1')
    .option('--max-occurrence <n>', 'quota: stored and shown, not enforced')
    .option('--label <text>', 'label (sent base64-encoded, as the SDKs do)');

export interface CollectionUsage {
  readonly jobs: number;
  readonly enabled: number;
  readonly maxJobs: number | undefined;
}

/** Jobs in the collection against its effective maximum (quota, else the plan's from the provider properties). */
export async function collectionUsage(
  client: TaktClient,
  a: CollectionAddress,
  jc: CollectionView,
): Promise<CollectionUsage> {
  const jobs = await client.listJobs(a);
  let maxJobs = jc.quota.maxJobCount;
  const planMax = Number((await client.providerProperties())[`PlanDetail:${jc.plan}:Quota:MaxJobCount`]);
  if (Number.isFinite(planMax) && planMax > 0)
    maxJobs = maxJobs === undefined ? planMax : Math.min(maxJobs, planMax);
  return { jobs: jobs.length, enabled: jobs.filter((j) => j['state'] === 'enabled').length, maxJobs };
}

export function collectionsCommand(ctx: CliContext): Command {
  const group = new Command('collections')
    .alias('jc')
    .description('Manage job collections (plan, quota, state).');

  group.addCommand(listCommand(ctx));
  group.addCommand(getCommand(ctx));
  group.addCommand(createCommand(ctx));
  group.addCommand(setCommand(ctx));
  for (const [verb, state, what] of [
    ['suspend', 'disabled', 'Disable every job of the collection.'],
    [
      'resume',
      'enabled',
      'Enable every job of the collection (completed and faulted jobs stay as they are).',
    ],
  ] as const)
    group.addCommand(stateCommand(ctx, verb, state, what));
  group.addCommand(removeCommand(ctx));
  return examples(group, [
    'takt collections list',
    'takt collections create -s billing nightly --plan Standard',
    'takt collections suspend -s billing nightly',
  ]);
}

/** `takt collections list`. */
function listCommand(ctx: CliContext): Command {
  return examples(
    withCs(new Command('list').description('List job collections (of one cloud service, or of all).'), false),
    ['takt collections list', 'takt collections list -s billing --json'],
  ).action(async (o: Options) =>
    withClient(ctx, o, async (client) => {
      const cs = o.cloudService ?? ctx.env['TAKT_CLOUD_SERVICE'];
      const services =
        cs !== undefined ? [await client.getCloudService(cs)] : await client.listCloudServices();
      const list = services.flatMap((s) => s.collections);
      if (o.json) return printJson(ctx, list);
      ctx.io.out(
        renderTable(
          ['CLOUD SERVICE', 'COLLECTION', 'PLAN', 'QUOTA', 'STATE'],
          list.map((c) => [c.cloudService, c.name, c.plan, quotaText(c.quota), c.state]),
        ),
      );
    }),
  );
}

/** `takt collections get NAME`. */
function getCommand(ctx: CliContext): Command {
  return examples(
    withCs(
      new Command('get')
        .argument('<name>', 'job collection name')
        .description('Show a job collection with its quota usage.'),
    ),
    ['takt collections get -s billing nightly'],
  ).action(async (name: string, o: Options) =>
    withClient(ctx, o, async (client) => {
      const a = { cloudService: cloudServiceOf(ctx, o), collection: name };
      const jc = await client.getCollection(a);
      const usage = await collectionUsage(client, a, jc);
      if (o.json) return printJson(ctx, { ...jc, usage });
      ctx.io.out(
        renderFields([
          ['Cloud service', jc.cloudService],
          ['Name', jc.name],
          ['Plan', jc.plan],
          ['Quota', quotaText(jc.quota)],
          [
            'Jobs',
            `${usage.jobs}${usage.maxJobs !== undefined ? ` of ${usage.maxJobs}` : ''} (${usage.enabled} enabled)`,
          ],
          ['State', jc.state],
          ['Region', jc.geoRegion ?? '-'],
          ['Label', decodeLabel(jc.label) || '-'],
          ['ETag', jc.etag ?? '-'],
        ]),
      );
    }),
  );
}

/** `takt collections create NAME`. */
function createCommand(ctx: CliContext): Command {
  return examples(
    withWriteFlags(
      withCs(
        new Command('create')
          .argument('<name>', 'job collection name')
          .description('Create a job collection (default plan Standard).'),
      ),
    ),
    [
      'takt collections create -s billing nightly --plan Standard',
      'takt collections create -s billing hourly --plan Free --max-jobs 3 --max-recurrence 2h',
    ],
  ).action(async (name: string, o: Options) =>
    withClient(ctx, o, async (client) => {
      checkNewName(name, '<name>');
      const a = { cloudService: cloudServiceOf(ctx, o), collection: name };
      const body = collectionWrite(o);
      // The wire PUT is create-or-replace; `create` must not silently rewrite an existing
      // collection's plan, quota and label (as `jobs create` refuses an existing id).
      if ((await client.findCollection(a)) !== undefined)
        throw new ApiError(
          409,
          'ConflictError',
          `job collection '${name}' already exists in ${a.cloudService} (use \`takt collections set\` to change it)`,
          undefined,
        );
      await client.putCollection(a, body);
      if (o.json) return printJson(ctx, await client.getCollection(a));
      ctx.io.out(`Created job collection ${name} in ${a.cloudService}.\n`);
    }),
  );
}

/** `takt collections set NAME`. */
function setCommand(ctx: CliContext): Command {
  return examples(
    withWriteFlags(
      withCs(
        new Command('set')
          .argument('<name>', 'job collection name')
          .description(
            'Change plan, quota or label. Quota flags replace the whole quota; a plan change without quota flags clears it.',
          )
          .option('--clear-quota', 'remove the quota (the plan limits apply)')
          .option('--if-match <etag>', 'only if the collection still has this ETag'),
      ),
    ),
    [
      'takt collections set -s billing nightly --plan Premium',
      'takt collections set -s billing nightly --max-jobs 20 --max-recurrence 5m',
    ],
  ).action(async (name: string, o: Options) =>
    withClient(ctx, o, async (client) => {
      checkNewName(name, '<name>');
      const a = { cloudService: cloudServiceOf(ctx, o), collection: name };
      const body = collectionWrite(o);
      if (Object.keys(body).length === 0)
        throw new UsageError(
          'nothing to change: pass --plan, --max-jobs, --max-recurrence, --max-occurrence, --clear-quota or --label',
        );
      await client.getCollection(a); // 404 before an update that would otherwise create it
      await client.putCollection(a, body, o.ifMatch);
      const jc = await client.getCollection(a);
      if (o.json) return printJson(ctx, jc);
      ctx.io.out(`Updated job collection ${name}: plan ${jc.plan}, quota ${quotaText(jc.quota)}.\n`);
    }),
  );
}

/** `takt collections suspend|resume NAME`: every job of the collection disabled or enabled. */
function stateCommand(
  ctx: CliContext,
  verb: 'suspend' | 'resume',
  state: 'disabled' | 'enabled',
  what: string,
): Command {
  return examples(withCs(new Command(verb).argument('<name>', 'job collection name').description(what)), [
    `takt collections ${verb} -s billing nightly`,
  ]).action(async (name: string, o: Options) =>
    withClient(ctx, o, async (client) => {
      const jobs = await client.setAllJobStates(
        { cloudService: cloudServiceOf(ctx, o), collection: name },
        state,
      );
      if (o.json) return printJson(ctx, jobs);
      const changed = jobs.filter((j) => j['state'] === state).length;
      ctx.io.out(
        `${verb === 'suspend' ? 'Suspended' : 'Resumed'} ${name}: ${changed} of ${jobs.length} jobs ${state}.\n`,
      );
    }),
  );
}

/** `takt collections remove NAME`. */
function removeCommand(ctx: CliContext): Command {
  return examples(
    withCs(
      new Command('remove')
        // `delete` as the API and the dashboard call it.
        .aliases(['rm', 'delete'])
        .argument('<name>', 'job collection name')
        .description('Delete a job collection with all its jobs and their history.')
        .option('--if-match <etag>', 'only if the collection still has this ETag'),
    ),
    ['takt collections remove -s billing nightly'],
  ).action(async (name: string, o: Options) =>
    withClient(ctx, o, async (client) => {
      await client.deleteCollection({ cloudService: cloudServiceOf(ctx, o), collection: name }, o.ifMatch);
      if (o.json) return printJson(ctx, { removed: name });
      ctx.io.out(`Removed job collection ${name}.\n`);
    }),
  );
}
