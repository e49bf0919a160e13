/**
 * `takt schedule preview`: the first occurrences of a job with a given startTime and recurrence,
 * computed locally (no server, no data directory) by the same recurrence module the engine uses.
 * The recurrence is given with the schedule flags of `takt jobs create` (`--every`, `--cron`,
 * `--hours` …, `--count`, `--time-zone`) or as wire JSON (`--recurrence`); `--next N` says how many
 * to print. The job is taken as created at `--now`, so a past `--start-time` skips earlier points
 * and a job without a start time prints `--now` itself first (docs/reference/scheduling-rules.md §4.3).
 */
import { Command, Option } from 'commander';
import { UsageError } from '../client/api-error.js';
import { scheduleOptions } from './job-options.js';
import { flagMessage } from './job-file.js';
import { examples } from './remote.js';
import { recurrenceFromFlags, type ScheduleFlags } from './schedule-flags.js';
import { SystemClock } from '../../bootstrap/system-clock.js';
import { isDomainError } from '../../domain/errors.js';
import { jsonSyntaxReason } from '../../domain/json-syntax-reason.js';
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

interface PreviewOptions extends ScheduleFlags {
  readonly recurrence?: string;
  readonly start?: string;
  readonly startTime?: string;
  readonly now?: string;
  readonly next?: string;
  readonly json?: boolean;
}

/** A bad option value: exit 2 with the message (the CLI's usage/validation code). */
class PreviewInputError extends Error {}

function parseCount(text: string | undefined): number {
  if (text === undefined) return DEFAULT_COUNT;
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < 1 || n > MAX_COUNT) {
    throw new PreviewInputError(`--next: must be an integer 1..${MAX_COUNT}, got '${text}'`);
  }
  return n;
}

/**
 * Runs a check of a recurrence built from the schedule flags, whose messages name wire fields
 * (`recurrence.timeZone: …`): the flag that set the field is named instead, as `takt jobs create`
 * names it, since the user wrote no wire field. `--recurrence` JSON keeps the paths it was written with.
 */
function namingFlags<T>(o: PreviewOptions, fromFlags: unknown, check: () => T): T {
  try {
    return check();
  } catch (e) {
    if (!isDomainError(e) || o.recurrence !== undefined) throw e;
    throw new PreviewInputError(flagMessage(e.message, { recurrence: fromFlags }, o.cron !== undefined));
  }
}

/** The recurrence from --recurrence JSON or from the schedule flags (not both). */
function parseRecurrenceOption(o: PreviewOptions): Recurrence | undefined {
  const fromFlags = recurrenceFromFlags(o);
  const text = o.recurrence;
  if (text === undefined)
    return fromFlags === undefined ? undefined : namingFlags(o, fromFlags, () => parseRecurrence(fromFlags));
  if (fromFlags !== undefined || o.once)
    throw new PreviewInputError(
      '--recurrence: cannot be combined with the schedule flags (--every, --cron, …)',
    );
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new PreviewInputError(`--recurrence: not valid JSON (${jsonSyntaxReason(e)})`);
  }
  return parseRecurrence(json);
}

/** Computes the preview lines; throws PreviewInputError or DomainError on bad input. */
export function previewSchedule(
  o: PreviewOptions,
  clockNow: () => EpochMs,
): { readonly times: string[]; readonly runsAtNow: boolean } {
  const recurrence = parseRecurrenceOption(o);
  const n = parseCount(o.next);
  if (o.start !== undefined && o.startTime !== undefined)
    throw new PreviewInputError('--start: is another name of --start-time; give one');
  const start = o.startTime ?? o.start;
  // --now is an instant; without an offset it is UTC (the job's zone applies to startTime only).
  const now = o.now === undefined ? clockNow() : parsePreciseTime(o.now, '--now').ms;
  const startTime =
    start === undefined
      ? undefined
      : parsePreciseTime(start, o.startTime !== undefined ? '--start-time' : '--start', recurrence?.timeZone);
  const def: SeriesDefinition = {
    ...(startTime ? { startTime } : {}),
    ...(recurrence ? { recurrence } : {}),
  };
  namingFlags(o, recurrenceFromFlags(o), () => validateRecurrence(def, { now, endTimeWritten: true }));
  return {
    times: preview(def, now, n).map((t) => formatDateTime(t)),
    runsAtNow: recurrence !== undefined && startTime === undefined,
  };
}

export function scheduleCommand(ctx: CliContext): Command {
  const group = new Command('schedule').description(
    'Work with recurrence schedules locally (no server needed).',
  );
  const cmd = scheduleOptions(
    new Command('preview').description(
      'Print the first occurrence times of a job with this start time and recurrence, created now.',
    ),
  )
    .option(
      '--recurrence <json>',
      'recurrence as on the wire, e.g. \'{"frequency":"day","interval":2}\' (instead of the schedule flags)',
    )
    .addOption(new Option('--start <time>', 'another name of --start-time').hideHelp())
    .option('--now <time>', 'when the job is created (ISO 8601, default: the current time)')
    .option('--next <n>', `how many occurrences to print (default ${DEFAULT_COUNT})`)
    .option('--json', 'print a JSON array instead of one time per line')
    .action((o: PreviewOptions) => {
      try {
        const { times, runsAtNow } = previewSchedule(o, () => new SystemClock().now());
        // The first line is not a slot of the schedule: say why, on stderr (stdout stays the list).
        if (runsAtNow)
          ctx.io.err(
            'note: no --start-time: the first time is --now (a recurring job without a start time runs at once, then on its schedule)\n',
          );
        ctx.io.out(o.json ? `${JSON.stringify(times)}\n` : times.map((t) => `${t}\n`).join(''));
      } catch (e) {
        if (!(e instanceof PreviewInputError) && !(e instanceof UsageError) && !isDomainError(e)) throw e;
        ctx.io.err(`error: ${e.message}\n`);
        ctx.exitCode = EXIT_USAGE;
      }
    });
  group.addCommand(
    examples(cmd, [
      'takt schedule preview --cron "30 9 * * 1-5" --time-zone Europe/Berlin --next 5',
      'takt schedule preview --every 1w --week-days mon,fri --hours 9 --minutes 0 --start-time 2030-01-07T00:00:00Z --now 2029-12-01T00:00:00Z',
      'takt schedule preview --every 2d --start-time 2015-04-07T14:00:00Z --now 2015-04-08T13:00:00Z --next 4',
      'takt schedule preview --recurrence \'{"frequency":"week","schedule":{"weekDays":["monday"],"hours":[9],"minutes":[0]},"timeZone":"W. Europe Standard Time"}\'',
      'takt schedule preview --start-time 2030-01-01T00:00:00Z --now 2029-12-01T00:00:00Z --json',
    ]),
  );
  return examples(group, ['takt schedule preview --cron "0 2 * * *" --next 3']);
}
