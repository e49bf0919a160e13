/**
 * `takt history <job>`: a job's history, newest first — the newest 20 unless `--top N` or `--all` —
 * with the API's filters and paging (docs/reference/classic-operations.md §5.1 #5/#6); `--follow` keeps
 * polling and prints new entries as they are recorded, oldest first, until interrupted (or after
 * `--max-entries`).
 */
import { setTimeout as delay } from 'node:timers/promises';
import { Command } from 'commander';
import { UsageError } from '../client/api-error.js';
import type { CollectionAddress } from '../client/paths.js';
import type { TaktClient, WireDoc } from '../client/takt-client.js';
import { showsLateness } from '../../domain/history.js';
import type { CliContext } from '../context.js';
import { displayTime } from '../output/display-time.js';
import { humanDuration } from '../output/human-duration.js';
import { clip, renderRow, renderTable } from '../output/table.js';
import {
  collectionAddress,
  collectionCommand,
  examples,
  parseChoice,
  parsePositiveInt,
  printJson,
  withClient,
  type CollectionOptions,
} from './remote.js';
import { str } from '../output/wire-values.js';

interface Options extends CollectionOptions {
  readonly status?: string;
  readonly state?: string;
  readonly top?: string;
  readonly skip?: string;
  readonly all?: boolean;
  readonly follow?: boolean;
  readonly interval?: string;
  readonly maxEntries?: string;
}

/** The time between two wire date-times for people (`8 ms`, `1.2 s`, `3 min 5 s`), or ''. */
function between(from: unknown, to: unknown): string {
  const a = Date.parse(str(from));
  const b = Date.parse(str(to));
  return Number.isFinite(a) && Number.isFinite(b) ? humanDuration(b - a) : '';
}

/** LATE: start − expected time, for an occurrence's first attempt of its main action only, else `-`. */
function lateness(e: WireDoc): string {
  const entry = {
    retryCount: Number(e['retryCount'] ?? 0),
    actionName: e['actionName'] === 'ErrorAction' ? ('ErrorAction' as const) : ('MainAction' as const),
  };
  return showsLateness(entry) ? between(e['expectedExecutionTime'], e['startTime']) : '-';
}

/** The newest entries shown without --top or --all. */
export const DEFAULT_TOP = 20;
/** Entries per page read by --follow (the API's largest $top); the seen-set is seeded with as many. */
const FOLLOW_WINDOW = 100;
/** Entries printed for context when --follow starts. */
const FOLLOW_CONTEXT = 10;
/** Fixed widths of --follow's columns (all but MESSAGE), so rows printed one by one line up. */
const FOLLOW_WIDTHS = [24, 9, 9, 5, 5, 11, 8, 8];

export const HISTORY_HEADERS = [
  'START',
  'STATUS',
  'STATE',
  'OCC',
  'RETRY',
  'ACTION',
  'LATE',
  'DURATION',
  'MESSAGE',
];

export function historyRow(e: WireDoc): string[] {
  return [
    displayTime(e['startTime']),
    str(e['status']) || 'completed',
    str(e['state']),
    str(e['repeatCount']),
    str(e['retryCount']),
    str(e['actionName']),
    lateness(e),
    between(e['startTime'], e['endTime']),
    clip(str(e['message']), 70),
  ];
}

/** What makes an entry unique: one per attempt (and one per postponed marker). */
export function entryKey(e: WireDoc): string {
  return [e['timestamp'], e['startTime'], e['repeatCount'], e['retryCount'], e['actionName'], e['status']]
    .map(str)
    .join('|');
}

export function historyFilter(o: { status?: string; state?: string }): string | undefined {
  if (o.status !== undefined && o.state !== undefined)
    throw new UsageError('--status: cannot be combined with --state (the API takes one filter)');
  if (o.status !== undefined)
    return `status eq ${parseChoice(o.status, '--status', ['completed', 'failed', 'postponed'] as const)}`;
  if (o.state !== undefined)
    return `state eq ${parseChoice(o.state, '--state', ['enabled', 'disabled', 'completed', 'faulted'] as const)}`;
  return undefined;
}

export function historyCommand(ctx: CliContext): Command {
  return examples(
    collectionCommand(
      new Command('history')
        .argument('<id>', 'job id')
        .description("Show a job's history, newest first; --follow prints new entries as they arrive.")
        .option('--status <status>', 'only entries with this status: completed, failed, postponed')
        .option('--state <state>', 'only entries that left the job in this state')
        .option('--top <n>', `at most n entries (1-100; default ${DEFAULT_TOP})`)
        .option('--all', 'every retained entry')
        .option('--skip <n>', 'skip the newest n entries')
        .option('-f, --follow', 'keep watching and print new entries (Ctrl-C to stop)')
        .option('--interval <seconds>', 'with --follow: whole seconds between polls, 1-3600 (default: 2)')
        .option('--max-entries <n>', 'with --follow: stop after n new entries'),
    ),
    [
      'takt history -s billing -c nightly report',
      'takt history -s billing -c nightly report --status failed --top 10',
      'takt history -s billing -c nightly report --all --json > history.json',
      'takt history -s billing -c nightly report --follow',
      'takt history -s billing -c nightly report --json --top 100 --skip 100',
    ],
  ).action(async (id: string, o: Options) =>
    withClient(ctx, o, async (client) => {
      const a = collectionAddress(ctx, o);
      const filter = historyFilter(o);
      if (o.all && o.top !== undefined) throw new UsageError('--all: cannot be combined with --top');
      checkFollowFlags(o);
      const top =
        o.top !== undefined ? parsePositiveInt(o.top, '--top', 1, 100) : o.all ? undefined : DEFAULT_TOP;
      const page = {
        ...(top !== undefined ? { top } : {}),
        ...(o.skip !== undefined ? { skip: parsePositiveInt(o.skip, '--skip', 0) } : {}),
      };
      if (o.follow) return follow(ctx, client, a, id, filter, o);
      const entries = await client.history(a, id, filter, page);
      if (o.json) return printJson(ctx, entries);
      if (entries.length === 0) return ctx.io.out('No history entries.\n');
      ctx.io.out(renderTable(HISTORY_HEADERS, entries.map(historyRow)));
    }),
  );
}

async function follow(
  ctx: CliContext,
  client: TaktClient,
  a: CollectionAddress,
  id: string,
  filter: string | undefined,
  o: Options,
): Promise<void> {
  const intervalMs = parsePositiveInt(o.interval ?? '2', '--interval', 1, 3600) * 1000;
  const max = o.maxEntries !== undefined ? parsePositiveInt(o.maxEntries, '--max-entries') : undefined;
  const seen = new Set<string>();
  const stop = new AbortController();
  const onSignal = (): void => stop.abort();
  process.once('SIGINT', onSignal);
  let printed = 0;
  const print = (e: WireDoc): void => {
    if (o.json) ctx.io.out(`${JSON.stringify(e)}\n`);
    else ctx.io.out(renderRow(historyRow(e), FOLLOW_WIDTHS));
  };
  try {
    // Every entry a poll can return is marked seen, so none of them is printed as new later; the
    // newest few are printed for context and do not count towards --max-entries.
    const initial = await client.history(a, id, filter, { top: FOLLOW_WINDOW });
    for (const e of initial) seen.add(entryKey(e));
    if (!o.json) ctx.io.out(renderRow(HISTORY_HEADERS, FOLLOW_WIDTHS));
    for (const e of initial.slice(0, FOLLOW_CONTEXT).reverse()) print(e);
    while (!stop.signal.aborted && (max === undefined || printed < max)) {
      try {
        await delay(intervalMs, undefined, { signal: stop.signal });
      } catch {
        break; // interrupted
      }
      const fresh = (await unseenEntries(ctx, client, a, id, filter, seen)).reverse();
      for (const e of fresh) {
        seen.add(entryKey(e));
        if (max !== undefined && printed >= max) break;
        print(e);
        printed += 1;
      }
    }
  } finally {
    process.removeListener('SIGINT', onSignal);
  }
}

/**
 * The entries recorded since the last poll, newest first. More than a page of them can be recorded
 * between two polls (`jobs run` in a loop, many retries), so pages are read further back until one
 * holds an entry already seen. Reaching the end of the retained history without one means the
 * server trimmed every seen entry (it keeps `historyMaxEntries` per job), and new ones may have gone
 * with them: more than that many recorded between two polls cannot all be printed, and a warning says so.
 */
async function unseenEntries(
  ctx: CliContext,
  client: TaktClient,
  a: CollectionAddress,
  id: string,
  filter: string | undefined,
  seen: ReadonlySet<string>,
): Promise<WireDoc[]> {
  const fresh = new Map<string, WireDoc>();
  for (let skip = 0; ; skip += FOLLOW_WINDOW) {
    const page = await client.history(a, id, filter, { top: FOLLOW_WINDOW, skip });
    // An entry recorded while paging pushes the older ones down, so a page may repeat a few.
    for (const e of page) if (!seen.has(entryKey(e))) fresh.set(entryKey(e), e);
    if (page.some((e) => seen.has(entryKey(e)))) break;
    if (page.length < FOLLOW_WINDOW) {
      // No seen entry is retained any more: the oldest new ones may have gone with them.
      if (seen.size > 0 && fresh.size > 0)
        ctx.io.err(
          'warning: every entry seen before was trimmed (the server keeps historyMaxEntries per job); new entries recorded before these may have been trimmed unprinted\n',
        );
      break;
    }
  }
  return [...fresh.values()];
}

/** A flag that does not fit is refused, never dropped (docs/cli.md): the poll's flags, the page's flags. */
function checkFollowFlags(o: Options): void {
  if (!o.follow) {
    if (o.interval !== undefined) throw new UsageError('--interval: only with --follow');
    if (o.maxEntries !== undefined) throw new UsageError('--max-entries: only with --follow');
    return;
  }
  for (const [given, flag] of [
    [o.top, '--top'],
    [o.skip, '--skip'],
    [o.all, '--all'],
  ] as const) {
    if (given !== undefined && given !== false) {
      throw new UsageError(
        `${flag}: cannot be combined with --follow (it prints the newest entries for context, then each new one; use --max-entries to stop)`,
      );
    }
  }
}
