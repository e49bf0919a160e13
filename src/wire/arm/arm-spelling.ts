/**
 * ARM spellings in the messages of the shared classic rules (docs/api.md, "ARM surface (Microsoft.Scheduler)"). The job
 * parser, the recurrence rules, the query parser and the use cases write enum values the classic
 * way (`https`, `storageQueue`, `fixed`, `week`, `monday`, `enabled`); an ARM client sends and reads
 * the swagger's (`Https`, `StorageQueue`, `Fixed`, `Week`, `Monday`, `Enabled`), so its messages
 * must name those. Only the message shapes that name enum values are rewritten, and in them only the
 * classic enum words: prose (`an absolute http or https URI`, `every 1 minute`) and the value the
 * client sent (`got 'Ftp'`) stay as they are.
 */
import { WEEK_DAYS } from '../../domain/recurrence/types.js';

/** Every classic enum value a shared message can name, and its ARM spelling. */
const ARM_WORDS: ReadonlyMap<string, string> = new Map(
  [
    'http',
    'https',
    'storageQueue',
    'serviceBusQueue',
    'serviceBusTopic',
    'none',
    'fixed',
    'minute',
    'hour',
    'day',
    'week',
    'month',
    'year',
    ...WEEK_DAYS,
    'enabled',
    'disabled',
    'completed',
    'faulted',
    'failed',
    'postponed',
  ].map((w) => [w, w.charAt(0).toUpperCase() + w.slice(1)]),
);

const respell = (span: string): string => span.replace(/[A-Za-z]+/g, (w) => ARM_WORDS.get(w) ?? w);

/**
 * The shapes of the shared messages that name enum values. Each matches exactly the span to
 * respell (lookarounds hold the context), so the rest of the message is never touched.
 */
const ENUM_SPANS: readonly RegExp[] = [
  // parseEnum: `action.type: must be one of http, https, …, got 'Ftp'` (not the value sent).
  /(?<=: must be one of ).*?(?=, got )/g,
  // The recurrence parser: `frequency: unknown value "x" (allowed: minute, hour, …)`.
  /(?<=\(allowed: )[^)]*(?=\))/g,
  // `frequency: 'year' is not supported (minute, hour, day, week or month)`.
  /(?<=: )'year' is not supported \([^)]*\)/g,
  // Action types: `queueMessage: is required for action type storageQueue`, `… when the action type is https`.
  /(?<=(?:for action type|when the action type is) )[A-Za-z]+/g,
  // Job state: `only enabled or disabled can be set, got 'completed'` (the value as parsed, lower case),
  // `cannot be removed; send enabled or disabled`, `The job 'j' is completed; a finished job …`.
  /(?<=state: only )enabled or disabled can be set, got '[a-z]+'/g,
  /(?<=; send )enabled or disabled/g,
  /(?<= is )(?:completed|faulted)(?=; a finished job)/g,
  // Recurrence rules: `interval: must be 1..1000 for minute`, `schedule: not allowed with frequency minute`.
  /(?<=interval: must be \d+\.\.\d+ for )[a-z]+/g,
  /(?<=not allowed with frequency )[a-z]+/g,
  // The query parser: `$filter: must be 'state eq enabled|disabled|…' or 'status eq …', got '…'`.
  /(?<=\$filter: must be ).*?(?=, got )/g,
];

/**
 * A job's fields inside a collection's plan conflict (`The job 'j' would violate the new plan or
 * quota: recurrence: …`) are its ARM fields, under `properties`.
 */
const EMBEDDED_JOB_FIELD =
  /(?<=would violate the new plan or quota: )(?=(?:startTime|action|recurrence)[.[:])/;

/** `message` with ARM's enum spellings and job field paths; unchanged when it names none. */
export function armSpelling(message: string): string {
  let out = message;
  for (const span of ENUM_SPANS) out = out.replace(span, respell);
  return out.replace(EMBEDDED_JOB_FIELD, 'properties.');
}
