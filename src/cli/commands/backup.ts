import { Command } from 'commander';
import { BackupUsageError, backupStore } from '../../bootstrap/backup.js';
import type { CliContext } from '../context.js';
import { LocalUsageError, configOf, localCommand, runLocal } from './local.js';

/**
 * `takt backup --data-dir DIR --out FILE`: a consistent copy of the SQLite store while `takt serve`
 * keeps running. Restore = stop the node, put the copy in place of DIR/takt.db (removing any
 * takt.db-wal / takt.db-shm), start again (docs/operations.md, Backups).
 */
export function backupCommand(ctx: CliContext): Command {
  return localCommand(new Command('backup'))
    .description('Copy the SQLite store to a file while takt serve keeps running (online backup).')
    .requiredOption('--out <file>', 'where to write the copy (must not exist unless --force)')
    .option('--force', 'replace --out if it exists')
    .addHelpText(
      'after',
      '\nExamples:\n  $ takt backup --data-dir /var/lib/takt --out /backups/takt-$(date +%F).db\n',
    )
    .action(async (flags: Record<string, unknown> & { out: string; force?: boolean }) => {
      await runLocal(ctx, async () => {
        const { out, force, ...rest } = flags;
        try {
          const report = await backupStore(configOf(ctx, rest), out, { overwrite: force === true });
          ctx.io.out(`Backed up ${report.source} to ${report.file} (${report.pages} pages)\n`);
        } catch (e) {
          throw e instanceof BackupUsageError ? new LocalUsageError(e.message) : e;
        }
      });
    });
}
