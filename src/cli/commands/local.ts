/**
 * What the commands that work on a local data directory or database share (`serve`, `migrate`,
 * `subscriptions`, `certs`, `tokens`): the options naming the store, config loading with the same
 * precedence as `takt serve`, and one error policy — one line on standard error, exit 2 for bad
 * flags or configuration, 1 for anything else, never a stack trace.
 */
import type { Command } from 'commander';
import type { AdminDeps } from '../../app/admin/admin-deps.js';
import { listSubscriptions } from '../../app/admin/subscriptions.js';
import { ConfigError, loadConfig, type TaktConfig } from '../../config/index.js';
import { configFileFlag, configFlags } from './config-flags.js';
import { EXIT_FAILURE, EXIT_USAGE, type CliContext } from '../context.js';

/** A bad argument: exit code 2. */
export class LocalUsageError extends Error {}

/** Adds `--data-dir`, `--database-url` and `--config`. */
export function localCommand(cmd: Command): Command {
  return configFileFlag(configFlags(cmd, ['dataDir', 'databaseUrl']));
}

export function configOf(ctx: CliContext, flags: Readonly<Record<string, unknown>>): TaktConfig {
  return loadConfig({ flags, env: ctx.env, cwd: ctx.cwd });
}

/** Runs a command body under the error policy. */
export async function runLocal(ctx: CliContext, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (e) {
    const usage = e instanceof ConfigError || e instanceof LocalUsageError;
    ctx.io.err(`error: ${e instanceof Error ? e.message : String(e)}\n`);
    ctx.exitCode = usage ? EXIT_USAGE : EXIT_FAILURE;
  }
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A subscription id flag: a GUID, lower-cased. */
export function subscriptionId(value: string | undefined, flag = '--subscription'): string {
  if (value === undefined) throw new LocalUsageError(`${flag}: is required`);
  if (!GUID.test(value)) throw new LocalUsageError(`${flag}: must be a GUID, got '${value}'`);
  return value.toLowerCase();
}

/**
 * `--subscription` of `tokens create` and `certs add`: `given` (already checked by `subscriptionId`,
 * before the store opened), or without it the store's only subscription (a laptop's first start
 * makes one); with several, the flag is required.
 */
export async function subscriptionOrSole(deps: AdminDeps, given: string | undefined): Promise<string> {
  if (given !== undefined) return given;
  const all = await listSubscriptions(deps);
  if (all.length === 1) return all[0]!.id;
  if (all.length === 0)
    throw new LocalUsageError(
      '--subscription: this store has no subscription yet: create one first (`takt subscriptions create`)',
    );
  throw new LocalUsageError(
    `--subscription: is required: this store has ${all.length} subscriptions (\`takt subscriptions list\`)`,
  );
}

/** Aligned columns for human output. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return '';
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]): string =>
    r
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

export const isoTime = (ms: number | undefined): string =>
  ms === undefined ? '-' : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
