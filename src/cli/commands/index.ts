import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { cloudServicesCommand } from './cloud-services.js';
import { collectionsCommand } from './collections.js';
import { exportCommand, importCommand } from './export-import.js';
import { historyCommand } from './history.js';
import { jobsCommand } from './jobs.js';
import { backupCommand } from './backup.js';
import { certsCommand } from './certs.js';
import { keysCommand } from './keys.js';
import { addLocalExamples } from './local-examples.js';
import { migrateCommand } from './migrate.js';
import { scheduleCommand } from './schedule-preview.js';
import { serveCommand } from './serve.js';
import { subscriptionsCommand } from './subscriptions.js';
import { tokensCommand } from './tokens.js';

/** Every `takt` sub-command registers itself here (one file per command group). */
export function registerCommands(program: Command, ctx: CliContext): void {
  // Command groups are added by their own modules.
  // Local commands: they run a node, or open the data directory / database directly.
  program.addCommand(serveCommand(ctx));
  program.addCommand(migrateCommand(ctx));
  program.addCommand(subscriptionsCommand(ctx));
  program.addCommand(certsCommand(ctx));
  program.addCommand(tokensCommand(ctx));
  program.addCommand(keysCommand(ctx));
  program.addCommand(backupCommand(ctx));
  // Remote commands: they call a running Takt over its HTTP API (docs/cli.md).
  program.addCommand(cloudServicesCommand(ctx));
  program.addCommand(collectionsCommand(ctx));
  program.addCommand(jobsCommand(ctx));
  program.addCommand(historyCommand(ctx));
  program.addCommand(exportCommand(ctx));
  program.addCommand(importCommand(ctx));
  // Offline helpers: no server, no data directory.
  program.addCommand(scheduleCommand(ctx));
  addLocalExamples(program);
  // Commands built with `new Command()` do not inherit the program's output, exit and help settings.
  for (const c of program.commands) inheritSettings(c, program);
}

function inheritSettings(cmd: Command, parent: Command): void {
  cmd.copyInheritedSettings(parent);
  for (const sub of cmd.commands) inheritSettings(sub, cmd);
}
