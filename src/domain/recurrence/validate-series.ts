/**
 * Validation of a recurrence and the start-time rules that involve it (docs/reference/scheduling-rules.md §4.1).
 * Messages name the field and the rule; the schedule/unit mismatches use Azure's own words.
 */
import { badRequest } from '../errors.js';
import { MS_PER_DAY, addMonthsClamped, civil, packedDay, packedMonth, packedYear } from './calendar.js';
import { occurrenceAtOrAfter } from './occurrences.js';
import { neverFiresReason } from './never-fires-reason.js';
import { planFor } from './plan.js';
import { beginSeries, resumeAt, type SeriesDefinition } from './series.js';
import { scheduleMemberFits } from './schedule-members.js';
import { WEEK_DAYS, type Frequency, type Recurrence } from './types.js';
import { isKnownTimeZone } from './zones.js';
import type { EpochMs } from '../time.js';

const MAX_INTERVAL: Record<Frequency, number> = { minute: 1000, hour: 1000, day: 548, week: 78, month: 18 };
/** The .NET SDK reads `count` as an Int32: a larger value would make every GET and list of the job fail there. */
const MAX_COUNT = 2_147_483_647;

const unit = (f: string): string => f.charAt(0).toUpperCase() + f.slice(1);

/** `t` plus calendar months (UTC), the day clamped to the month's end. */
function addMonthsUtc(t: EpochMs, months: number): EpochMs {
  const day = Math.floor(t / MS_PER_DAY);
  const ymd = civil(day);
  return (
    addMonthsClamped(packedYear(ymd), packedMonth(ymd), packedDay(ymd), months) * MS_PER_DAY +
    (t - day * MS_PER_DAY)
  );
}

function checkList(
  values: readonly number[] | undefined,
  field: string,
  ok: (v: number) => boolean,
  rule: string,
): void {
  for (const v of values ?? []) {
    if (!Number.isInteger(v) || !ok(v)) throw badRequest(`recurrence.schedule.${field}: ${rule}, got ${v}`);
  }
}

function validateShape(r: Recurrence): void {
  const f = r.frequency;
  if (!(f in MAX_INTERVAL))
    throw badRequest(`recurrence.frequency: must be minute, hour, day, week or month, got ${String(f)}`);
  const max = MAX_INTERVAL[f];
  if (!Number.isInteger(r.interval) || r.interval < 1 || r.interval > max) {
    throw badRequest(`recurrence.interval: must be 1..${max} for ${f}, got ${r.interval}`);
  }
  if (r.count !== undefined && (!Number.isInteger(r.count) || r.count < 1 || r.count > MAX_COUNT)) {
    throw badRequest(`recurrence.count: must be an integer from 1 to ${MAX_COUNT}, got ${r.count}`);
  }
  const s = r.schedule;
  if (s) {
    const unfit = (member: keyof typeof s): boolean =>
      (s[member]?.length ?? 0) > 0 && !scheduleMemberFits(member, f);
    if (unfit('weekDays')) throw badRequest(`Cannot set days of week with recurrence unit '${unit(f)}'.`);
    if (unfit('monthDays')) throw badRequest(`Cannot set days of month with recurrence unit '${unit(f)}'.`);
    if (unfit('monthlyOccurrences')) {
      throw badRequest(`Cannot set monthly occurrences with recurrence unit '${unit(f)}'.`);
    }
    if (unfit('minutes') || unfit('hours') || unfit('months'))
      throw badRequest('recurrence.schedule: not allowed with frequency minute');
    if (s.monthDays?.length && s.monthlyOccurrences?.length) {
      throw badRequest('recurrence.schedule: monthDays and monthlyOccurrences cannot be used together');
    }
    checkList(s.minutes, 'minutes', (v) => v >= 0 && v <= 59, 'must be 0..59');
    checkList(s.hours, 'hours', (v) => v >= 0 && v <= 23, 'must be 0..23');
    checkList(s.months, 'months', (v) => v >= 1 && v <= 12, 'must be 1..12');
    checkList(s.monthDays, 'monthDays', (v) => v !== 0 && v >= -31 && v <= 31, 'must be -31..-1 or 1..31');
    for (const d of s.weekDays ?? []) {
      if (!WEEK_DAYS.includes(d))
        throw badRequest(`recurrence.schedule.weekDays: unknown day '${String(d)}'`);
    }
    for (const [i, o] of (s.monthlyOccurrences ?? []).entries()) {
      const at = `recurrence.schedule.monthlyOccurrences[${i}]`;
      if (!WEEK_DAYS.includes(o.day)) throw badRequest(`${at}.day: unknown day '${String(o.day)}'`);
      const n = o.occurrence;
      if (n !== undefined && (!Number.isInteger(n) || n === 0 || n < -5 || n > 5)) {
        throw badRequest(`${at}.occurrence: must be -5..-1 or 1..5, got ${n}`);
      }
    }
  }
  if (r.timeZone !== undefined && !isKnownTimeZone(r.timeZone)) {
    throw badRequest(
      `recurrence.timeZone: unknown time zone '${r.timeZone}' (use an IANA or Windows zone name)`,
    );
  }
}

/** See `validateRecurrence` in index.ts. */
export function validateSeries(
  def: SeriesDefinition,
  ctx: {
    readonly now: EpochMs;
    readonly endTimeWritten: boolean;
    readonly seriesAnchor?: EpochMs;
    readonly scheduleWritten?: boolean;
  },
): void {
  const latestStart = addMonthsUtc(ctx.now, 18);
  if (def.startTime && def.startTime.ms > latestStart) {
    throw badRequest(
      `startTime: must be at most 18 months after now (${new Date(latestStart).toISOString()})`,
    );
  }
  const r = def.recurrence;
  if (!r) return;
  validateShape(r);
  if (r.endTime && ctx.endTimeWritten && r.endTime.ms <= ctx.now) {
    throw badRequest(
      `recurrence.endTime: must be in the future, got ${new Date(r.endTime.ms).toISOString()}`,
    );
  }
  // Productive: at least one occurrence before endTime and within 8 years of the later of the save
  // time and startTime. Only a write that sets startTime or recurrence must be productive: a PATCH
  // of other members (or of the state) of a job whose endTime has passed is a valid write, after
  // which the job finishes (docs/reference/scheduling-rules.md §3, §4.1).
  if (ctx.scheduleWritten === false) return;
  const from = Math.max(ctx.now, def.startTime?.ms ?? ctx.now);
  const horizon = addMonthsUtc(from, 8 * 12);
  // A PATCH that keeps the series of a job without startTime makes no run at save time (§4.3): its
  // first occurrence is where the series resumes, which is what must lie before endTime.
  const firstDue =
    ctx.seriesAnchor !== undefined && !def.startTime
      ? resumeAt(def, { anchor: ctx.seriesAnchor, seriesCount: 0 }, ctx.now)
      : beginSeries(def, ctx.now).firstDue;
  // Periods count from the anchor: startTime, else the existing series' anchor when the write keeps
  // the series (PATCH), else now (a new series begins).
  const plan = planFor(r, def.startTime ? def.startTime.ms : (ctx.seriesAnchor ?? ctx.now));
  const never = neverFiresReason(r, plan);
  if (never) throw badRequest(never);
  const iso = (t: EpochMs): string => new Date(t).toISOString();
  // Without a start time the save-time run alone would make any schedule "productive"; a schedule
  // that can never produce a slot is still a mistake, so it must have a slot within the horizon
  // too (endTime and count aside). See docs/recurrence.md.
  if (!def.startTime && plan.hasSchedule && occurrenceAtOrAfter(plan, ctx.now + 1, horizon) === undefined) {
    throw badRequest(
      `recurrence.schedule: the schedule has no occurrence within 8 years (by ${iso(horizon)})`,
    );
  }
  if (firstDue === undefined || firstDue > horizon) {
    throw badRequest(
      r.endTime && (firstDue === undefined || firstDue > r.endTime.ms)
        ? `recurrence.endTime: the schedule has no occurrence before endTime (${iso(r.endTime.ms)})`
        : `${plan.hasSchedule ? 'recurrence.schedule' : 'recurrence'}: the schedule has no occurrence within 8 years (by ${iso(horizon)})`,
    );
  }
}
