/**
 * Job definitions from JSON files in the wire format (docs/reference/classic-operations.md §6.8), checked locally before
 * anything is sent, so a bad file fails with the file name and the JSON path of the problem
 * (`job.json: action.request.uri: is required`). Only the structure is checked here: limits and
 * quotas that a deployment may change are left to the server, which reports them the same way.
 */
import { SystemClock } from '../../bootstrap/system-clock.js';
import { isDomainError } from '../../domain/errors.js';
import type { PlainJobDefinition } from '../../domain/job.js';
import { jsonSyntaxReason } from '../../domain/json-syntax-reason.js';
import { definitionToWireDoc, parseJobDefinition } from '../../wire/job/index.js';
import { readText } from './flag-values.js';
import { ignoredMembers } from './ignored-members.js';
import { UsageError } from '../client/api-error.js';
import { obj } from '../output/wire-values.js';

type Doc = Record<string, unknown>;

/** Limits high enough that only the structure is judged locally. */
const STRUCTURE_ONLY = {
  maxDefinitionChars: Number.MAX_SAFE_INTEGER,
  maxUriChars: Number.MAX_SAFE_INTEGER,
  maxHeaders: Number.MAX_SAFE_INTEGER,
  maxHeaderChars: Number.MAX_SAFE_INTEGER,
  maxBodyChars: Number.MAX_SAFE_INTEGER,
  maxMessageChars: Number.MAX_SAFE_INTEGER,
};

/** Reads and parses a JSON file; syntax errors name the file and the position. */
export function readJsonFile(path: string, flag: string): unknown {
  const text = readText(path, flag);
  try {
    return JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text) as unknown;
  } catch (e) {
    throw new UsageError(`${path}: not valid JSON: ${jsonSyntaxReason(e)}`);
  }
}

/**
 * Checks a full definition (what POST/PUT accept). `where` prefixes the JSON path in messages, e.g.
 * `job.json: ` or `export.json: cloudServices[0].jobCollections[1].jobs[2].job.`.
 */
/** Wire paths of a job built from flags, and the flag that set each (for messages that name it). */
const FLAG_OF_PATH: readonly (readonly [string, string])[] = [
  ['startTime', '--start-time'],
  ['recurrence.endTime', '--end-time'],
  ['recurrence.count', '--count'],
  ['recurrence.interval', '--every'],
  ['recurrence.frequency', '--every'],
  ['recurrence.timeZone', '--time-zone'],
  ['action.request.uri', '--uri'],
  ['action.request.method', '--method'],
  ['action.request.body', '--body'],
  ['action.retryPolicy.retryInterval', '--retry-interval'],
  ['action.retryPolicy.retryCount', '--retry-count'],
  ['action.request.authentication.username', '--username'],
  ['action.request.authentication.password', '--password'],
  ['action.request.authentication.pfx', '--pfx'],
  ['action.request.authentication.tenant', '--tenant'],
  ['action.request.authentication.audience', '--audience'],
  ['action.request.authentication.clientId', '--client-id'],
  ['action.request.authentication.secret', '--secret'],
  ['action.request.authentication', '--auth'],
  ['action.queueMessage.storageAccount', '--queue-account'],
  ['action.queueMessage.queueName', '--queue-name'],
  ['action.queueMessage.sasToken', '--sas-token'],
  ['action.queueMessage.message', '--message'],
  ['action.serviceBusQueueMessage.namespace', '--sb-namespace'],
  ['action.serviceBusQueueMessage.queueName', '--sb-queue'],
  ['action.serviceBusQueueMessage.message', '--message'],
  ['action.serviceBusQueueMessage.authentication.sasKeyName', '--sas-key-name'],
  ['action.serviceBusQueueMessage.authentication.sasKey', '--sas-key'],
  ['action.serviceBusTopicMessage.namespace', '--sb-namespace'],
  ['action.serviceBusTopicMessage.topicPath', '--sb-topic'],
  ['action.serviceBusTopicMessage.message', '--message'],
  ['action.serviceBusTopicMessage.authentication.sasKeyName', '--sas-key-name'],
  ['action.serviceBusTopicMessage.authentication.sasKey', '--sas-key'],
  ['action.errorAction.request.uri', '--error-uri'],
  ['action.errorAction.request.method', '--error-method'],
  ['action.errorAction.request.body', '--error-body'],
  ['action.errorAction.queueMessage.storageAccount', '--error-queue-account'],
  ['action.errorAction.queueMessage.queueName', '--error-queue-name'],
  ['action.errorAction.queueMessage.sasToken', '--error-sas-token'],
  ['action.errorAction.queueMessage.message', '--error-message'],
];

/** The schedule's members and the flags that set them (all `--cron` when the job came from one). */
const FLAG_OF_SCHEDULE: readonly (readonly [string, string])[] = [
  ['recurrence.schedule.minutes', '--minutes'],
  ['recurrence.schedule.hours', '--hours'],
  ['recurrence.schedule.weekDays', '--week-days'],
  ['recurrence.schedule.monthDays', '--month-days'],
  ['recurrence.schedule.months', '--months'],
  ['recurrence.schedule', '--every'],
];

/** Messages about the schedule that name no member (docs/reference/scheduling-rules.md), by their words. */
const FLAG_OF_WORDS: readonly (readonly [RegExp, string])[] = [
  [/days of week/i, '--week-days'],
  [/days of month/i, '--month-days'],
];

/** The server's words for a schedule with `frequency: minute`, and what the flags' user needs to read. */
const MINUTE_SCHEDULE = 'recurrence.schedule: not allowed with frequency minute';

/**
 * checkJobDefinition for a job built from flags: a message about a field a flag sets names the flag
 * (`--start-time: 'tomorrow' is not a valid ISO 8601 date-time`); a schedule built by `--cron` names
 * `--cron`; a message no flag can be found for says `flags:`.
 */
export function checkJobFlags(doc: unknown, fromCron = false): void {
  try {
    checkJobDefinition(doc, '');
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    throw new UsageError(flagMessage(e.message, doc, fromCron));
  }
}

/**
 * A message about the wire job `doc` built from flags, naming the flag that set the field it is
 * about (shared with `takt schedule preview`, whose flags are the same).
 */
export function flagMessage(m: string, doc: unknown, fromCron: boolean): string {
  if (m === MINUTE_SCHEDULE) {
    return `${fromCron ? '--cron' : scheduleFlags(doc)}: a schedule (--minutes, --hours, --week-days, --month-days, --months) cannot be combined with --every in minutes; use --every 1h or longer`;
  }
  const exact = ([path]: readonly [string, string]) => m.startsWith(`${path}: `);
  const inside = ([path]: readonly [string, string]) => m.startsWith(`${path}[`) || m.startsWith(`${path}.`);
  const cron = (flag: string) => (fromCron ? '--cron' : flag);
  const field = FLAG_OF_PATH.find(exact);
  if (field) return `${field[1]}${m.slice(field[0].length)}`;
  const member = FLAG_OF_SCHEDULE.find(exact);
  if (member) return `${cron(member[1])}${m.slice(member[0].length)}`;
  // Deeper (`monthDays[2]`, `monthlyOccurrences[0].day`): the flag, and the message whole.
  const within = FLAG_OF_SCHEDULE.find(inside);
  if (within) return `${cron(within[1])}: ${m}`;
  const word = FLAG_OF_WORDS.find(([words]) => words.test(m));
  if (word) return `${cron(word[1])}: ${m}`;
  return `flags: ${m}`;
}

export function checkJobDefinition(doc: unknown, where: string): PlainJobDefinition {
  try {
    return parseJobDefinition(doc, {
      mode: 'create',
      limits: STRUCTURE_ONLY,
      now: new SystemClock().now(),
      minRetryIntervalTicks: 0,
      endTimeWritten: false,
    });
  } catch (e) {
    if (isDomainError(e)) throw new UsageError(`${where}${e.message}`);
    throw e;
  }
}

/**
 * What `takt jobs get --json` prints but a write does not take: `id` (returned separately),
 * `status`, a finished `state` (completed/faulted: a replaced job begins a new series, enabled
 * unless the file says disabled) and the certificate facts the server adds to a client-certificate
 * authentication. Accepted and ignored, so `get --json > f; set --file f` works in every state.
 */
export function withoutReadOnly(doc: Doc): Doc {
  const copy = JSON.parse(JSON.stringify(doc)) as Doc;
  delete copy['id'];
  delete copy['status'];
  const state = typeof copy['state'] === 'string' ? copy['state'].toLowerCase() : undefined;
  if (state === 'completed' || state === 'faulted') delete copy['state'];
  for (const action of [obj(copy['action']), obj(obj(copy['action'])?.['errorAction'])]) {
    const auth = obj(obj(action?.['request'])?.['authentication']);
    if (auth)
      for (const k of ['certificateThumbprint', 'certificateExpiration', 'certificateSubjectName'])
        delete auth[k];
  }
  return copy;
}

/**
 * A job file: a JSON object in the wire format; the read-only members of a GET are dropped.
 * `ignored`: the paths of members the definition does not have, which the API would ignore.
 */
export function readJobFile(path: string): { doc: Doc; id?: string; ignored: string[] } {
  const raw = readJsonFile(path, '--file');
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new UsageError(`${path}: must be a JSON object (a job definition)`);
  const id = (raw as Doc)['id'];
  if (id !== undefined && typeof id !== 'string') throw new UsageError(`${path}: id: must be a string`);
  const doc = withoutReadOnly(raw as Doc);
  const ignored = ignoredMembers(doc, definitionToWireDoc(checkJobDefinition(doc, `${path}: `)));
  return { doc, ...(typeof id === 'string' ? { id } : {}), ignored };
}

/** The schedule flags a job built from flags used (for a message that is about all of them). */
function scheduleFlags(doc: unknown): string {
  const schedule = obj(obj(obj(doc)?.['recurrence'])?.['schedule']) ?? {};
  const used = FLAG_OF_SCHEDULE.filter(
    ([path]) => path !== 'recurrence.schedule' && schedule[path.split('.')[2] ?? ''] !== undefined,
  ).map(([, flag]) => flag);
  return used.length > 0 ? used.join(', ') : '--every';
}
