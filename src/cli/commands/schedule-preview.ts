/**
 * `takt schedule preview`: the first occurrences of a job with a given startTime and recurrence,
 * computed locally (no server, no data directory) by the same recurrence module the engine uses.
 * The job is taken as created at `--now`, so a past `--start` skips earlier points and a job
 * without a start time prints `--now` itself first (docs/reference/behaviour.md §4.3).
 */
import { Command } from 'commander';
import { SystemClock } from '../../bootstrap/system-clock.js';
import { isDomainError } from '../../domain/errors.js';
import {
  preview,
  validateRecurrence,
  type Recurrence,
  type SeriesDefinition,
} from '../../domain/recurrence/index.js';
import type { EpochMs } from '../../domain/time.js';
import { formatDateTime, parsePreciseTime } from '../../wire/datetime.js';
import { parseRecurrence } from '../../wire/recurrence-json.js';
import { EXIT_USAGE, type CliContext } from '../context.js';

const DEFAULT_COUNT = 10;
/** Enough for a year of 15-minute slots; a guard against a typo such as --count 1e9. */
const MAX_COUNT = 100_000;

interface PreviewOptions {
  readonly recurrence?: string;
  readonly start?: string;
  readonly now?: string;
  readonly count?: string;
  readonly json?: boolean;
}

/** A bad option value: exit 2 with the message (the CLI's usage/validation code). */
class PreviewInputError extends Error {}

function parseCount(text: string | undefined): number {
  if (text === undefined) return DEFAULT_COUNT;
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < 1 || n > MAX_COUNT) {
    throw new PreviewInputError(`--count: must be an integer 1..${MAX_COUNT}, got '${text}'`);
  }
  return n;
}

function parseRecurrenceOption(text: string | undefined): Recurrence | undefined {
  if (text === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new PreviewInputError(
      `--recurrence: not valid JSON (${e instanceof Error ? e.message : String(e)})`,
    );
  }
  return parseRecurrence(json);
}

/** Computes the preview lines; throws PreviewInputError or DomainError on bad input. */
export function previewSchedule(o: PreviewOptions, clockNow: () => EpochMs): { readonly times: string[] } {
  const recurrence = parseRecurrenceOption(o.recurrence);
  const n = parseCount(o.count);
  // --now is an instant; without an offset it is UTC (the job's zone applies to startTime only).
  const now = o.now === undefined ? clockNow() : parsePreciseTime(o.now, '--now').ms;
  const startTime =
    o.start === undefined ? undefined : parsePreciseTime(o.start, '--start', recurrence?.timeZone);
  const def: SeriesDefinition = {
    ...(startTime ? { startTime } : {}),
    ...(recurrence ? { recurrence } : {}),
  };
  validateRecurrence(def, { now, endTimeWritten: true });
  return { times: preview(def, now, n).map((t) => formatDateTime(t)) };
}

export function scheduleCommand(ctx: CliContext): Command {
  const group = new Command('schedule').description(
    'Work with recurrence schedules locally (no server needed).',
  );
  group.addCommand(
    new Command('preview')
      .description(
        'Print the first occurrence times of a job with this start time and recurrence, created now.',
      )
      .option(
        '--recurrence <json>',
        'recurrence as on the wire, e.g. \'{"frequency":"day","interval":2}\' (omit for a one-time job)',
      )
      .option(
        '--start <time>',
        "the job's startTime (ISO 8601; without an offset: UTC, or wall-clock in recurrence.timeZone)",
      )
      .option('--now <time>', 'when the job is created (ISO 8601, default: the current time)')
      .option('--count <n>', `how many occurrences to print (default ${DEFAULT_COUNT})`)
      .option('--json', 'print a JSON array instead of one time per line')
      .addHelpText(
        'after',
        [
          '',
          'Examples:',
          '  takt schedule preview --recurrence \'{"frequency":"day","interval":2}\' --start 2015-04-07T14:00:00Z --now 2015-04-08T13:00:00Z --count 4',
          '  takt schedule preview --recurrence \'{"frequency":"week","schedule":{"weekDays":["monday"],"hours":[9],"minutes":[0]},"timeZone":"W. Europe Standard Time"}\'',
          '  takt schedule preview --start 2030-01-01T00:00:00Z --now 2029-12-01T00:00:00Z --json',
          '',
        ].join('\n'),
      )
      .action((o: PreviewOptions) => {
        try {
          const { times } = previewSchedule(o, () => new SystemClock().now());
          ctx.io.out(o.json ? `${JSON.stringify(times)}\n` : times.map((t) => `${t}\n`).join(''));
        } catch (e) {
          if (!(e instanceof PreviewInputError) && !isDomainError(e)) throw e;
          ctx.io.err(`error: ${e.message}\n`);
          ctx.exitCode = EXIT_USAGE;
        }
      }),
  );
  return group;
}
