/** Flags of `takt collections create|set` → the XML body fields (docs/reference/classic-operations.md §7.3). */
import type { Plan, Quota, QuotaFrequency } from '../../domain/collection.js';
import { PLANS } from '../../domain/collection.js';
import { UsageError } from '../client/api-error.js';
import type { CollectionWrite } from '../client/xml-views.js';
import { parseChoice, parsePositiveInt } from './remote.js';

export interface CollectionFlags {
  readonly plan?: string;
  readonly maxJobs?: string;
  readonly maxOccurrence?: string;
  readonly maxRecurrence?: string;
  readonly clearQuota?: boolean;
  readonly label?: string;
}

const FREQUENCIES: readonly QuotaFrequency[] = ['Minute', 'Hour', 'Day', 'Week', 'Month', 'Year'];

/** `--max-recurrence 1h`, `15m`, `2d`, `1w`, `1mo`, `1y`, or `Hour:1`. */
export function parseMaxRecurrence(text: string): NonNullable<Quota['maxRecurrence']> {
  const t = text.trim();
  const colon = /^([A-Za-z]+):(\d+)$/.exec(t);
  if (colon) {
    return {
      frequency: parseChoice(colon[1] ?? '', '--max-recurrence', FREQUENCIES),
      interval: parsePositiveInt(colon[2] ?? '', '--max-recurrence'),
    };
  }
  const m =
    /^(\d+)\s*(m|min|minute|minutes|h|hour|hours|d|day|days|w|week|weeks|mo|month|months|y|year|years)$/i.exec(
      t,
    );
  if (!m)
    throw new UsageError(
      `--max-recurrence: must look like 1h, 15m, 2d, 1w, 1mo, 1y or Hour:1, got '${text}'`,
    );
  const unit = (m[2] ?? '').toLowerCase();
  const frequency: QuotaFrequency = unit.startsWith('mo')
    ? 'Month'
    : unit.startsWith('m')
      ? 'Minute'
      : unit.startsWith('h')
        ? 'Hour'
        : unit.startsWith('d')
          ? 'Day'
          : unit.startsWith('w')
            ? 'Week'
            : 'Year';
  return { frequency, interval: parsePositiveInt(m[1] ?? '', '--max-recurrence') };
}

/** The body fields the flags ask for; quota flags together form the new quota (it replaces the old). */
export function collectionWrite(f: CollectionFlags): CollectionWrite {
  const plan: Plan | undefined = f.plan !== undefined ? parseChoice(f.plan, '--plan', PLANS) : undefined;
  const quota: { -readonly [K in keyof Quota]: Quota[K] } = {};
  if (f.maxJobs !== undefined)
    quota.maxJobCount = parsePositiveInt(f.maxJobs, '--max-jobs', 1, 2_147_483_647);
  if (f.maxOccurrence !== undefined)
    quota.maxJobOccurrence = parsePositiveInt(f.maxOccurrence, '--max-occurrence', 1, 2_147_483_647);
  if (f.maxRecurrence !== undefined) quota.maxRecurrence = parseMaxRecurrence(f.maxRecurrence);
  const hasQuota = Object.keys(quota).length > 0;
  if (hasQuota && f.clearQuota)
    throw new UsageError(
      '--clear-quota: cannot be combined with --max-jobs, --max-occurrence or --max-recurrence',
    );
  return {
    ...(plan !== undefined ? { plan } : {}),
    ...(hasQuota ? { quota } : f.clearQuota ? { quota: {} } : {}),
    // The wire label is base64 (the SDKs encode it); people type plain text.
    ...(f.label !== undefined ? { label: Buffer.from(f.label, 'utf8').toString('base64') } : {}),
  };
}

/** The label as people wrote it, when the base64 decodes to plain text; else as stored. */
export function decodeLabel(label: string | undefined): string {
  if (label === undefined) return '';
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(label)) return label;
  const text = Buffer.from(label, 'base64').toString('utf8');
  return Buffer.from(text, 'utf8').toString('base64') === label && isPrintable(text) ? text : label;
}

export function quotaText(q: Quota): string {
  const parts: string[] = [];
  if (q.maxJobCount !== undefined) parts.push(`max jobs ${q.maxJobCount}`);
  if (q.maxRecurrence) {
    const { interval, frequency } = q.maxRecurrence;
    parts.push(`at most every ${interval} ${frequency.toLowerCase()}${interval === 1 ? '' : 's'}`);
  }
  if (q.maxJobOccurrence !== undefined) parts.push(`max occurrences ${q.maxJobOccurrence}`);
  return parts.length === 0 ? 'plan defaults' : parts.join(', ');
}

function isPrintable(text: string): boolean {
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    if (c < 0x20 || c === 0x7f || c === 0xfffd) return false;
  }
  return true;
}
