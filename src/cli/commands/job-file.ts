/**
 * Job definitions from JSON files in the wire format (docs/reference/classic-api.md §6.8), checked locally before
 * anything is sent, so a bad file fails with the file name and the JSON path of the problem
 * (`job.json: action.request.uri: is required`). Only the structure is checked here: limits and
 * quotas that a deployment may change are left to the server, which reports them the same way.
 */
import { readFileSync } from 'node:fs';
import { SystemClock } from '../../bootstrap/system-clock.js';
import { isDomainError } from '../../domain/errors.js';
import { parseJobDefinition } from '../../wire/job/index.js';
import { UsageError } from '../client/api-error.js';

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
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    throw new UsageError(`${flag}: cannot read ${path}${typeof code === 'string' ? ` (${code})` : ''}`);
  }
  try {
    return JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text) as unknown;
  } catch (e) {
    throw new UsageError(`${path}: not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * Checks a full definition (what POST/PUT accept). `where` prefixes the JSON path in messages, e.g.
 * `job.json: ` or `export.json: cloudServices[0].jobCollections[1].jobs[2].job.`.
 */
export function checkJobDefinition(doc: unknown, where: string): void {
  try {
    parseJobDefinition(doc, {
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

/** A job file: a JSON object in the wire format; `id` and `status` members are allowed and not sent. */
export function readJobFile(path: string): { doc: Doc; id?: string } {
  const doc = readJsonFile(path, '--file');
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    throw new UsageError(`${path}: must be a JSON object (a job definition)`);
  checkJobDefinition(doc, `${path}: `);
  const { id, status: _status, ...rest } = doc as Doc;
  if (id !== undefined && typeof id !== 'string') throw new UsageError(`${path}: id: must be a string`);
  return { doc: rest, ...(typeof id === 'string' ? { id } : {}) };
}
