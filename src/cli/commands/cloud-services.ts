/** `takt cloud-services`: list, get, create, remove (docs/reference/classic-operations.md §5.4). */
import { Command } from 'commander';
import { UsageError } from '../client/api-error.js';
import type { CloudServiceView } from '../client/xml-views.js';
import type { CliContext } from '../context.js';
import { renderFields, renderTable } from '../output/table.js';
import { examples, printJson, remoteCommand, withClient, type RemoteOptions } from './remote.js';
import { checkNewName } from './flag-values.js';

interface CreateOptions extends RemoteOptions {
  readonly label?: string;
  readonly description?: string;
  readonly region?: string;
  readonly email?: string;
}

export function cloudServicesCommand(ctx: CliContext): Command {
  const group = new Command('cloud-services')
    .alias('cs')
    .description('Manage cloud services (the containers of job collections).');

  group.addCommand(listCommand(ctx));
  group.addCommand(getCommand(ctx));
  group.addCommand(createCommand(ctx));
  group.addCommand(removeCommand(ctx));
  return examples(group, [
    'takt cloud-services list',
    'takt cloud-services create billing --region "West Europe"',
  ]);
}

/** `takt cloud-services list`. */
function listCommand(ctx: CliContext): Command {
  return examples(
    remoteCommand(new Command('list').description('List the cloud services of the subscription.')),
    ['takt cloud-services list', 'takt cs list --json'],
  ).action(async (o: RemoteOptions) =>
    withClient(ctx, o, async (client) => {
      const list = await client.listCloudServices();
      if (o.json) return printJson(ctx, list);
      ctx.io.out(
        renderTable(
          ['NAME', 'REGION', 'COLLECTIONS', 'LABEL'],
          list.map((cs) => [cs.name, cs.geoRegion, String(cs.collections.length), cs.label]),
        ),
      );
    }),
  );
}

/** `takt cloud-services get NAME`. */
function getCommand(ctx: CliContext): Command {
  return examples(
    remoteCommand(
      new Command('get')
        .argument('<name>', 'cloud service name')
        .description('Show one cloud service and its job collections.'),
    ),
    ['takt cloud-services get billing'],
  ).action(async (name: string, o: RemoteOptions) =>
    withClient(ctx, o, async (client) => {
      const cs = await client.getCloudService(name);
      if (o.json) return printJson(ctx, cs);
      ctx.io.out(describeCloudService(cs));
    }),
  );
}

/** `takt cloud-services create NAME --region R`. */
function createCommand(ctx: CliContext): Command {
  return examples(
    remoteCommand(
      new Command('create')
        .argument('<name>', 'cloud service name (1-100 letters, digits, - _ . and space)')
        .description('Create a cloud service.')
        .requiredOption('--region <region>', 'geo region, e.g. "West Europe"')
        .option('--label <text>', 'label (1-100 characters; default: the name)')
        .option('--description <text>', 'description (0-1024 characters; default: none)')
        .option('--email <address>', 'contact e-mail'),
    ),
    [
      'takt cloud-services create billing --region "West Europe"',
      'takt cs create ops --region "North Europe" --label "Ops jobs" --email ops@example.com',
    ],
  ).action(async (name: string, o: CreateOptions) =>
    withClient(ctx, o, async (client) => {
      checkNewName(name, '<name>');
      const label = o.label ?? name;
      if (label.length < 1 || label.length > 100)
        throw new UsageError(
          o.label === undefined
            ? `<name>: must be 1 to 100 characters (it is the label too unless --label is given), got ${label.length}`
            : `--label: must be 1 to 100 characters, got ${label.length}`,
        );
      const description = o.description ?? '';
      if (description.length > 1024)
        throw new UsageError(`--description: must be at most 1024 characters, got ${description.length}`);
      await client.createCloudService(name, {
        label,
        description,
        geoRegion: o.region ?? '',
        ...(o.email !== undefined ? { email: o.email } : {}),
      });
      if (o.json) return printJson(ctx, await client.getCloudService(name));
      ctx.io.out(`Created cloud service ${name}.\n`);
    }),
  );
}

/** `takt cloud-services remove NAME`. */
function removeCommand(ctx: CliContext): Command {
  return examples(
    remoteCommand(
      new Command('remove')
        // `delete` as the API and the dashboard call it.
        .aliases(['rm', 'delete'])
        .argument('<name>', 'cloud service name')
        .description('Delete a cloud service with its job collections, their jobs and history.')
        .option('--if-match <etag>', 'only if the cloud service still has this ETag'),
    ),
    [
      'takt cloud-services remove billing',
      'takt cs rm billing --if-match fa6e2047-2f59-4c7c-a30c-ca3197f34a9f',
    ],
  ).action(async (name: string, o: RemoteOptions & { ifMatch?: string }) =>
    withClient(ctx, o, async (client) => {
      await client.deleteCloudService(name, o.ifMatch);
      if (o.json) return printJson(ctx, { removed: name });
      ctx.io.out(`Removed cloud service ${name}.\n`);
    }),
  );
}

export function describeCloudService(cs: CloudServiceView): string {
  const head = renderFields([
    ['Name', cs.name],
    ['Label', cs.label || '-'],
    ['Description', cs.description || '-'],
    ['Region', cs.geoRegion],
    ...(cs.email !== undefined ? ([['Email', cs.email]] as const) : []),
    ...(cs.etag !== undefined ? ([['ETag', cs.etag]] as const) : []),
  ]);
  if (cs.collections.length === 0) return `${head}\nNo job collections.\n`;
  return `${head}\n${renderTable(
    ['COLLECTION', 'PLAN', 'STATE'],
    cs.collections.map((c) => [c.name, c.plan, c.state]),
  )}`;
}
