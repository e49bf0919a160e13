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
        await migrateStore(config);
        ctx.io.out(`Schema up to date: ${describeStore(config)}\n`);
      });
    });
}
