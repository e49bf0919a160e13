import { Command } from 'commander';
import {
  createSubscription,
  listSubscriptions,
  setSubscriptionEnabled,
} from '../../app/admin/subscriptions.js';
import { withAdminSession } from '../../bootstrap/admin.js';
import { isDomainError } from '../../domain/errors.js';
import type { Subscription } from '../../domain/tenant.js';
import type { CliContext } from '../context.js';
import {
  configOf,
  isoTime,
  localCommand,
  LocalUsageError,
  runLocal,
  subscriptionId,
  table,
} from './local.js';

const view = (s: Subscription): Record<string, unknown> => ({
  id: s.id,
  enabled: s.enabled,
  registered: s.registered,
  created: isoTime(s.createdAt),
});

/** `takt subscriptions create|list|disable|enable` on the local store. */
export function subscriptionsCommand(ctx: CliContext): Command {
  const group = new Command('subscriptions').description(
    'Manage subscriptions (local: opens the data directory or database).',
  );

  localCommand(group.command('create'))
    .description('Create a subscription, registered for the scheduler.')
    .option('--id <guid>', 'use this id instead of a random GUID')
    .option('--json', 'print JSON')
    .action(async (flags: { id?: string; json?: boolean } & Record<string, unknown>) => {
      await runLocal(ctx, async () => {
        const config = configOf(ctx, flags);
        const id = flags.id !== undefined ? subscriptionId(flags.id, '--id') : undefined;
        const sub = await withAdminSession(config, (s) => createSubscription(s, id)).catch((e: unknown) => {
          // The id was the user's choice: a taken one is a usage error naming the flag.
          throw isDomainError(e) && e.code === 'ConflictError'
            ? new LocalUsageError(`--id: ${e.message}`)
            : e;
        });
        ctx.io.out(flags.json ? `${JSON.stringify(view(sub))}\n` : `Created subscription ${sub.id}\n`);
      });
    });

  localCommand(group.command('list'))
    .description('List subscriptions.')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean } & Record<string, unknown>) => {
      await runLocal(ctx, async () => {
        const subs = await withAdminSession(configOf(ctx, flags), listSubscriptions);
        if (flags.json) ctx.io.out(`${JSON.stringify(subs.map(view))}\n`);
        else {
          ctx.io.out(
            table(
              ['ID', 'ENABLED', 'REGISTERED', 'CREATED'],
              subs.map((s) => [s.id, String(s.enabled), String(s.registered), isoTime(s.createdAt)]),
            ) || 'No subscriptions.\n',
          );
        }
      });
    });

  for (const [name, enabled] of [
    ['disable', false],
    ['enable', true],
  ] as const) {
    localCommand(group.command(`${name} <id>`))
      .description(
        enabled
          ? 'Enable a subscription.'
          : 'Disable a subscription: its requests get 403 ForbiddenError, its jobs wait until it is enabled.',
      )
      .action(async (idArg: string, flags: Record<string, unknown>) => {
        await runLocal(ctx, async () => {
          const id = subscriptionId(idArg, '<id>');
          await withAdminSession(configOf(ctx, flags), (s) => setSubscriptionEnabled(s, id, enabled));
          ctx.io.out(
            enabled
              ? `Enabled subscription ${id}: its requests are served and its jobs run again, what fell due meanwhile first (a suspended collection's once resumed).\n`
              : `Disabled subscription ${id}: its requests get 403 and its jobs wait until \`takt subscriptions enable ${id}\`.\n`,
          );
        });
      });
  }
  return group;
}
