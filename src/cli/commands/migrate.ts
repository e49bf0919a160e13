import { Command } from 'commander';
import { describeStore, migrateStore } from '../../bootstrap/admin.js';
import type { CliContext } from '../context.js';
import { configOf, localCommand, runLocal } from './local.js';

/** `takt migrate`: applies pending schema migrations (under the store's lock) and exits. */
export function migrateCommand(ctx: CliContext): Command {
  return localCommand(new Command('migrate'))
    .description('Apply pending database migrations (takt serve also does this on start).')
    .action(async (flags: Record<string, unknown>) => {
      await runLocal(ctx, async () => {
        const config = configOf(ctx, flags);
        const applied = await migrateStore(config);
        // Says what this run did: a store that was already current is not reported as migrated.
        ctx.io.out(
          applied === 0
            ? `Schema already up to date: ${describeStore(config)}\n`
            : `Applied ${applied} migration${applied === 1 ? '' : 's'}; schema up to date: ${describeStore(config)}\n`,
        );
      });
    });
}
