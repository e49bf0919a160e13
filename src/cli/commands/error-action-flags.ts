/**
 * The error action from flags (`takt jobs create|set`): an HTTP(S) request or a Storage Queue
 * message run once an occurrence has failed for good (docs/reference/scheduling-rules.md, retries and
 * the error action). The same set as Azure Scheduler's PowerShell cmdlets had (`-ErrorActionURI`,
 * `-ErrorActionStorageQueue`, …); anything else (authentication, Service Bus, a retry policy of its
 * own) is written with `--file`.
 */
import { UsageError } from '../client/api-error.js';
import { obj, str } from '../output/wire-values.js';
import { mergedHeaderFlags, methodFlag, uriFlag } from './http-flags.js';
import { parseChoice } from './remote.js';

export interface ErrorActionFlags {
  readonly errorAction?: string;
  readonly errorUri?: string;
  readonly errorMethod?: string;
  readonly errorHeader?: readonly string[];
  readonly errorBody?: string;
  readonly errorQueueAccount?: string;
  readonly errorQueueName?: string;
  readonly errorSasToken?: string;
  readonly errorMessage?: string;
}

type Doc = Record<string, unknown>;

function httpFlags(f: ErrorActionFlags): boolean {
  return (
    f.errorUri !== undefined ||
    f.errorMethod !== undefined ||
    f.errorHeader !== undefined ||
    f.errorBody !== undefined
  );
}

function queueFlags(f: ErrorActionFlags): boolean {
  return (
    f.errorQueueAccount !== undefined ||
    f.errorQueueName !== undefined ||
    f.errorSasToken !== undefined ||
    f.errorMessage !== undefined
  );
}

function httpRequest(f: ErrorActionFlags, storedRequest: Doc | undefined): Doc {
  const request: Doc = {};
  if (f.errorUri !== undefined) request['uri'] = uriFlag(f.errorUri, '--error-uri');
  if (f.errorMethod !== undefined) request['method'] = methodFlag(f.errorMethod, '--error-method');
  // On set merged into the stored error action's headers, as `--header` is; on create there are none.
  if (f.errorHeader !== undefined && f.errorHeader.length > 0)
    request['headers'] = mergedHeaderFlags(f.errorHeader, '--error-header', storedRequest);
  if (f.errorBody !== undefined) request['body'] = f.errorBody;
  return request;
}

function queueMessage(f: ErrorActionFlags): Doc {
  const m: Doc = {};
  if (f.errorQueueAccount !== undefined) m['storageAccount'] = f.errorQueueAccount;
  if (f.errorQueueName !== undefined) m['queueName'] = f.errorQueueName;
  if (f.errorSasToken !== undefined) m['sasToken'] = f.errorSasToken;
  if (f.errorMessage !== undefined) m['message'] = f.errorMessage;
  return m;
}

/**
 * The `errorAction` member the flags describe: on create a whole one (its required flags checked
 * here, naming them), on set the members to merge into the stored one — or a new one when the kind
 * changes or there was none. `null` removes it (`--error-action none`, on set). Undefined: no flag.
 * `stored` is the stored job's `action`.
 */
export function errorActionFromFlags(
  f: ErrorActionFlags,
  mode: 'create' | 'set',
  stored?: Doc,
): Doc | null | undefined {
  const http = httpFlags(f);
  const queue = queueFlags(f);
  if (f.errorAction !== undefined) {
    parseChoice(f.errorAction, '--error-action', ['none'] as const);
    if (http || queue)
      throw new UsageError('--error-action none: cannot be combined with other --error-* flags');
    if (mode === 'create')
      throw new UsageError('--error-action none: only on set (a new job has none unless given)');
    return null;
  }
  if (!http && !queue) return undefined;
  if (http && queue)
    throw new UsageError(
      '--error-uri, --error-queue-name: choose one kind of error action (HTTP or Storage Queue)',
    );
  const storedAction = obj(stored?.['errorAction']);
  const storedType = str(storedAction?.['type']).toLowerCase();
  const sameKind = http ? storedType === 'http' || storedType === 'https' : storedType === 'storagequeue';
  const whole = mode === 'create' || !sameKind;
  if (http) {
    if (whole && f.errorUri === undefined)
      throw new UsageError('--error-uri: is required for an HTTP error action');
    const storedRequest = whole ? undefined : obj(storedAction?.['request']);
    const request = httpRequest(f, storedRequest);
    if (whole && request['method'] === undefined) request['method'] = 'GET';
    const uri = f.errorUri ?? str(storedRequest?.['uri']);
    return { type: /^https:/i.test(uri) ? 'https' : 'http', request };
  }
  const message = queueMessage(f);
  if (whole) {
    for (const [flag, key] of [
      ['--error-queue-account', 'storageAccount'],
      ['--error-queue-name', 'queueName'],
      ['--error-sas-token', 'sasToken'],
    ] as const)
      if (message[key] === undefined || message[key] === '')
        throw new UsageError(`${flag}: is required for a Storage Queue error action`);
    message['message'] ??= '';
  }
  return { type: 'storageQueue', queueMessage: message };
}
