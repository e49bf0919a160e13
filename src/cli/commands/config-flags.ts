import type { Command } from 'commander';
import { CONFIG_FILE_OPTION, configSchema, flagHelp, type ConfigOption } from '../../config/index.js';

type FlagPath = {
  [K in keyof typeof configSchema]: (typeof configSchema)[K] extends ConfigOption<unknown> ? K : never;
}[keyof typeof configSchema];

/**
 * Adds the flags of configuration options, their syntax and help taken from the schema
 * (src/config/schema/), so a flag's name, default and description are declared once.
 */
export function configFlags(cmd: Command, paths: readonly FlagPath[]): Command {
  for (const path of paths) {
    const option: ConfigOption<unknown> = configSchema[path];
    if (option.spec.flag === undefined) throw new Error(`config option ${path} has no flag`);
    cmd.option(option.spec.flag, flagHelp(option));
  }
  return cmd;
}

/** `--config <file>`: the JSON config file. */
export function configFileFlag(cmd: Command): Command {
  return cmd.option(
    CONFIG_FILE_OPTION.flag,
    `${CONFIG_FILE_OPTION.doc} (default: $${CONFIG_FILE_OPTION.env})`,
  );
}
