import { Command } from 'commander';
import { issueToken, listTokens, revokeToken } from '../../app/admin/tokens.js';
import { withAdminSession } from '../../bootstrap/admin.js';
import type { ApiToken } from '../../domain/tenant.js';
import type { CliContext } from '../context.js';
import {
  configOf,
  isoTime,
  localCommand,
  LocalUsageError,
  runLocal,
  subscriptionId,
  subscriptionOrSole,
  table,
} from './local.js';

const view = (t: ApiToken): Record<string, unknown> => ({
  id: t.id,
  subscription: t.subscriptionId,
  label: t.label ?? null,
  created: isoTime(t.createdAt),
  revoked: t.revokedAt === undefined ? null : isoTime(t.revokedAt),
});

/** A token id as `tokens list` prints it (issueToken: 16 lower-case hex characters). */
const TOKEN_ID = /^[0-9a-f]{16}$/;

/**
 * The `<id>` of `tokens revoke`, checked before the store is opened (a typo'd data directory is
 * then not created). A token pasted instead of its id is refused without repeating it: error lines
 * end up in logs.
 */
function tokenId(arg: string): string {
  const id = arg.toLowerCase();
  if (TOKEN_ID.test(id)) return id;
  if (arg.startsWith('takt_'))
    throw new LocalUsageError('<id>: that is a token, not its id; give the ID column of `takt tokens list`');
  throw new LocalUsageError(
    `<id>: must be 16 hex characters (the ID column of \`takt tokens list\`), got '${arg}'`,
  );
}

/** `takt tokens create|list|revoke`: API bearer tokens (docs/reference/classic-operations.md §2.2). */
export function tokensCommand(ctx: CliContext): Command {
  const group = new Command('tokens').description(
    'Manage API tokens (local: opens the data directory or database).',
  );

  localCommand(group.command('create'))
    .description('Issue a token for a subscription; it is shown once, only its hash is stored.')
    .option('--subscription <id>', 'the subscription the token is valid for (default: the only one)')
    .option('--label <text>', 'a note to recognise the token by')
    .option('--json', 'print JSON')
    .action(
      async (flags: { subscription?: string; label?: string; json?: boolean } & Record<string, unknown>) => {
        await runLocal(ctx, async () => {
          // A malformed GUID is refused before the store is opened.
          const given = flags.subscription !== undefined ? subscriptionId(flags.subscription) : undefined;
          if (flags.label !== undefined && flags.label.length > 200)
            throw new LocalUsageError('--label: at most 200 characters');
          const { sub, issued } = await withAdminSession(configOf(ctx, flags), async (s) => {
            const id = await subscriptionOrSole(s, given);
            return { sub: id, issued: await issueToken(s, id, flags.label) };
          });
          if (flags.json)
            ctx.io.out(`${JSON.stringify({ id: issued.id, subscription: sub, token: issued.token })}\n`);
          else
            ctx.io.out(
              `Token ${issued.id} for subscription ${sub} (shown once, store it now):\n${issued.token}\n`,
            );
        });
      },
    );

  localCommand(group.command('list'))
    .description('List tokens (never their values).')
    .option('--subscription <id>', 'only this subscription')
    .option('--json', 'print JSON')
    .action(async (flags: { subscription?: string; json?: boolean } & Record<string, unknown>) => {
      await runLocal(ctx, async () => {
        const only = flags.subscription !== undefined ? subscriptionId(flags.subscription) : undefined;
        const tokens = await withAdminSession(configOf(ctx, flags), (s) => listTokens(s, only));
        if (flags.json) ctx.io.out(`${JSON.stringify(tokens.map(view))}\n`);
        else {
          ctx.io.out(
            table(
              ['ID', 'SUBSCRIPTION', 'LABEL', 'CREATED', 'REVOKED'],
              tokens.map((t) => [
                t.id,
                t.subscriptionId,
                t.label ?? '',
                isoTime(t.createdAt),
                t.revokedAt === undefined ? '-' : isoTime(t.revokedAt),
              ]),
            ) || 'No tokens.\n',
          );
        }
      });
    });

  localCommand(group.command('revoke <id>'))
    .description('Revoke a token: requests with it get 403 at once.')
    .action(async (idArg: string, flags: Record<string, unknown>) => {
      await runLocal(ctx, async () => {
        const id = tokenId(idArg);
        await withAdminSession(configOf(ctx, flags), (s) => revokeToken(s, id));
        ctx.io.out(`Revoked token ${id}\n`);
      });
    });
  return group;
}
