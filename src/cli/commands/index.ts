import type { Command } from 'commander';
import type { CliContext } from '../context.js';

/** Every `takt` sub-command registers itself here (one file per command group). */
export function registerCommands(_program: Command, _ctx: CliContext): void {
  // Command groups are added by their own modules.
}
