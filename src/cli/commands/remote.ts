/**
 * What every command that talks to a running Takt shares: the connection options, the collection
 * address, output mode, and one error policy — API errors print the Azure code and message (never a
 * stack trace) and map to exit codes:
 *   0 ok · 1 the API refused the request · 2 bad flags or input file · 3 not found ·
 *   4 cannot connect, or authentication failed.
 */
import { Option, type Command } from 'commander';
import { ApiError, ConnectionError, UsageError } from '../client/api-error.js';
import { loadProfile, type ConnectionFlags } from '../client/profile.js';
import type { CollectionAddress } from '../client/paths.js';
import { TaktClient } from '../client/takt-client.js';
import { EXIT_FAILURE, EXIT_USAGE, type CliContext } from '../context.js';
import { DomainError } from '../../domain/errors.js';

export const EXIT_NOT_FOUND = 3;
export const EXIT_CONNECTION = 4;

export interface RemoteOptions extends ConnectionFlags {
  readonly json?: boolean;
  readonly timeout?: string;
}

export interface CollectionOptions extends RemoteOptions {
  readonly cloudService?: string;
  readonly collection?: string;
}

/** Adds the connection and output options to a command that calls the API. */
export function remoteCommand(cmd: Command): Command {
  return cmd
    .option('--json', 'print the result as JSON (for scripts)')
    .option('--profile <file>', 'connection profile (default: $TAKT_PROFILE, else ./data/connection.json)')
    .option('--url <url>', 'base URL of the Takt API, e.g. https://127.0.0.1:8443')
    .option('--subscription <id>', 'subscription id (GUID)')
    .option('--cert <file>', 'client certificate (PEM)')
    .option('--key <file>', 'private key of the client certificate (PEM)')
    .option('--ca <file>', 'CA certificate that signed the server certificate (PEM)')
    .option(
      '--token <token>',
      'API token (sent as Authorization: Bearer; default: $TAKT_TOKEN, else the profile)',
    )
    .addOption(new Option('--timeout <seconds>', 'seconds to wait for each answer').default('30', '30'));
}

/** `-s/--cloud-service` and `-c/--collection`, defaulting to $TAKT_CLOUD_SERVICE / $TAKT_COLLECTION. */
export function collectionCommand(cmd: Command): Command {
  return remoteCommand(
    cmd
      .option('-s, --cloud-service <name>', 'cloud service (default: $TAKT_CLOUD_SERVICE)')
      .option('-c, --collection <name>', 'job collection (default: $TAKT_COLLECTION)'),
  );
}

export function collectionAddress(ctx: CliContext, o: CollectionOptions): CollectionAddress {
  const cloudService = o.cloudService ?? ctx.env['TAKT_CLOUD_SERVICE'];
  const collection = o.collection ?? ctx.env['TAKT_COLLECTION'];
  if (cloudService === undefined || cloudService === '')
    throw new UsageError('--cloud-service: is required (or set TAKT_CLOUD_SERVICE)');
  if (collection === undefined || collection === '')
    throw new UsageError('--collection: is required (or set TAKT_COLLECTION)');
  return { cloudService, collection };
}

/** Loads the profile, runs `fn` with a client, reports any failure and sets the exit code. */
export async function withClient(
  ctx: CliContext,
  o: RemoteOptions,
  fn: (client: TaktClient) => Promise<void>,
): Promise<void> {
  let client: TaktClient | undefined;
  try {
    const timeout = parsePositiveInt(o.timeout ?? '30', '--timeout');
    client = new TaktClient(loadProfile(o, ctx.env, ctx.cwd), timeout * 1000);
    await fn(client);
  } catch (e) {
    reportError(ctx, e);
  } finally {
    client?.close();
  }
}

export function reportError(ctx: CliContext, e: unknown): void {
  ctx.exitCode = exitCodeOf(e);
  ctx.io.err(`error: ${describeError(e)}\n`);
}

export function describeError(e: unknown): string {
  if (e instanceof ApiError) {
    return `${e.code}: ${e.message}${e.requestId !== undefined ? ` (request id ${e.requestId})` : ''}`;
  }
  if (e instanceof UsageError || e instanceof ConnectionError || e instanceof DomainError) return e.message;
  // Anything else is a bug in the CLI; still no stack trace for the user.
  return e instanceof Error ? e.message : String(e);
}

export function exitCodeOf(e: unknown): number {
  if (e instanceof ApiError) {
    if (e.status === 404) return EXIT_NOT_FOUND;
    if (e.status === 401 || e.status === 403) return EXIT_CONNECTION;
    return EXIT_FAILURE;
  }
  if (e instanceof UsageError || e instanceof DomainError) return EXIT_USAGE;
  if (e instanceof ConnectionError) return EXIT_CONNECTION;
  return EXIT_FAILURE;
}

export function parsePositiveInt(text: string, flag: string, min = 1, max = Number.MAX_SAFE_INTEGER): number {
  const n = /^\d+$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`;
    throw new UsageError(`${flag}: must be an integer ${range}, got '${text}'`);
  }
  return n;
}

/** Case-insensitive choice among `values`; returns the canonical form. */
export function parseChoice<T extends string>(text: string, flag: string, values: readonly T[]): T {
  const hit = values.find((v) => v.toLowerCase() === text.trim().toLowerCase());
  if (hit === undefined) throw new UsageError(`${flag}: must be one of ${values.join(', ')}, got '${text}'`);
  return hit;
}

/** Writes JSON (2-space indented) with a final newline. */
export function printJson(ctx: CliContext, value: unknown): void {
  ctx.io.out(`${JSON.stringify(value, null, 2)}\n`);
}

/** `--help` examples block. */
export function examples(cmd: Command, lines: readonly string[]): Command {
  return cmd.addHelpText('after', `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`);
}
