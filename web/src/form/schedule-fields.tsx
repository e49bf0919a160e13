/**
 * When a job runs: start time, repeat unit and interval, a cron shortcut (translated into the same
 * Azure recurrence the CLI's --cron gives), the schedule lists, count, end time and time zone.
 */
import { useState } from 'preact/hooks';
import { cronToRecurrence } from '../../../src/domain/recurrence/cron.js';
import { unfitScheduleMembers } from '../../../src/domain/recurrence/schedule-members.js';
import { WEEK_DAYS as DAYS } from '../../../src/domain/recurrence/types.js';
import { recurrenceText } from '../lib/schedule-text.js';
import { Field, ListField, SelectField, TextField, useForm } from './fields.js';
import { getPath, weekDayName, type Doc, type Json } from './model.js';

const ZONES = (() => {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['UTC'];
  }
})();

/** The recurrence without the members a cron expression leaves alone: what the expression set. */
const cronPart = (r: Json | undefined): string => {
  const { count: _c, endTime: _e, timeZone: _t, ...rest } = (r as Doc | undefined) ?? {};
  return JSON.stringify(rest);
};

function CronField() {
  const f = useForm();
  const [text, setText] = useState('');
  const [error, setError] = useState('');
  const [applied, setApplied] = useState('');
  // What the expression made of the recurrence: once the fields below change it, the expression
  // no longer describes the schedule, so it is not shown as if it did.
  const [made, setMade] = useState<string | undefined>(undefined);
  const changedBelow = made !== undefined && cronPart(getPath(f.doc, 'recurrence')) !== made;
  return (
    <div class={`field wide${error ? ' invalid' : ''}`} data-field="cron">
      <label for="f-cron">Cron expression (optional shortcut)</label>
      <input
        id="f-cron"
        name="cron"
        value={changedBelow ? '' : text}
        placeholder="30 9 * * 1-5"
        autocomplete="off"
        aria-describedby="f-cron-error f-cron-hint"
        aria-invalid={error ? true : undefined}
        onInput={(e) => {
          const raw = e.currentTarget.value;
          setText(raw);
          // A refused expression blocks the save (f.invalid): the fields still hold the schedule
          // from before, and saving that would not be what the user asked for — without a start
          // time, a job that runs once, now.
          if (raw.trim() === '')
            return (setError(''), f.invalid('cron', undefined), setApplied(''), setMade(undefined));
          try {
            const r = cronToRecurrence(raw);
            const kept = (getPath(f.doc, 'recurrence') as Doc | undefined) ?? {};
            const keep = Object.fromEntries(
              Object.entries(kept).filter(([k]) => ['count', 'endTime', 'timeZone'].includes(k)),
            );
            const next = { ...(r as unknown as Doc), ...keep };
            f.set('recurrence', next);
            setError('');
            f.invalid('cron', undefined);
            setApplied(recurrenceText({ ...r, ...keep }));
            setMade(cronPart(next));
          } catch (err) {
            setError((err as Error).message);
            f.invalid('cron', (err as Error).message);
            setApplied('');
            setMade(undefined);
          }
        }}
      />
      <small class="hint" id="f-cron-hint">
        {changedBelow
          ? 'The schedule was changed below since the expression was applied: the fields say what is saved.'
          : applied
            ? `= ${applied}`
            : 'minute hour day-of-month month day-of-week; fills in the fields below'}
      </small>
      <span class="field-error" id="f-cron-error" data-error-for="cron" role={error ? 'alert' : undefined}>
        {error}
      </span>
    </div>
  );
}

function WeekDays() {
  const f = useForm();
  const path = 'recurrence.schedule.weekDays';
  const days = (getPath(f.doc, path) as string[] | undefined) ?? [];
  return (
    <Field path={path} label="On week days" hint="for weekly schedules">
      <div class="days" role="group" aria-label="On week days" id="f-recurrence-schedule-weekDays">
        {DAYS.map((d) => (
          <label class="day" key={d}>
            <input
              type="checkbox"
              name={`weekday-${d}`}
              checked={days.includes(d)}
              onChange={(e) => {
                const on = e.currentTarget.checked;
                const next = DAYS.filter((x) => (x === d ? on : days.includes(x)));
                f.set(path, next.length ? next : undefined);
              }}
            />
            {d.slice(0, 3)}
          </label>
        ))}
      </div>
    </Field>
  );
}

/**
 * The recurrence with only the schedule members the new unit can have: a weekly job's days are
 * hidden once Repeat says daily, so they must not be saved (the API would refuse them, and the user
 * could not see why). Hours and minutes stay where the unit keeps them.
 */
function withScheduleFor(r: Doc, frequency: string): Doc {
  const schedule = r['schedule'] as Doc | undefined;
  if (schedule === undefined) return r;
  const unfit = unfitScheduleMembers(frequency, schedule);
  if (unfit.length === 0) return r;
  const kept = Object.fromEntries(Object.entries(schedule).filter(([k]) => !unfit.includes(k)));
  const { schedule: _old, ...rest } = r;
  return Object.keys(kept).length > 0 ? { ...rest, schedule: kept } : rest;
}

export function ScheduleFields() {
  const f = useForm();
  const freq = (getPath(f.doc, 'recurrence.frequency') as string | undefined) ?? '';
  return (
    <>
      <TextField
        path="startTime"
        label="Start time"
        placeholder="2027-01-31T09:00:00"
        // The time zone is a member of the recurrence: a one-time job has none, so its time is UTC.
        hint={
          freq
            ? 'ISO 8601; without an offset it is in the time zone below. Empty: the job starts when saved.'
            : 'ISO 8601; without an offset it is UTC (a one-time job has no time zone). Empty: the job runs when saved.'
        }
      />
      <SelectField
        path="recurrence.frequency"
        label="Repeat"
        options={[
          ['', 'once (no recurrence)'],
          ['minute', 'every minute(s)'],
          ['hour', 'hourly'],
          ['day', 'daily'],
          ['week', 'weekly'],
          ['month', 'monthly'],
        ]}
        onPick={(v) => {
          const r = getPath(f.doc, 'recurrence') as Doc | undefined;
          f.set('recurrence', v ? { interval: 1, ...withScheduleFor(r ?? {}, v), frequency: v } : undefined);
        }}
      />
      {/* Before the unit's own fields, and shown for a one-time job too: an expression sets Repeat
          itself, as the CLI's --cron does alone. */}
      <CronField />
      {freq && (
        <>
          <TextField
            path="recurrence.interval"
            label="Every (interval)"
            type="number"
            hint={`1 = every ${freq}`}
          />
          {freq !== 'minute' && (
            <>
              <ListField
                path="recurrence.schedule.hours"
                label="At hours"
                placeholder="9, 17"
                hint="0–23, in the time zone"
              />
              <ListField
                path="recurrence.schedule.minutes"
                label="At minutes"
                placeholder="0, 30"
                hint="0–59"
              />
            </>
          )}
          {freq === 'week' && <WeekDays />}
          {freq === 'month' && (
            <>
              <ListField
                path="recurrence.schedule.monthDays"
                label="On days of the month"
                placeholder="1, 15, -1"
                hint="-1 = last day"
              />
              <ListField
                path="recurrence.schedule.monthlyOccurrences"
                label="On week days of the month"
                placeholder="fri#2, mon#-1"
                hint="day#n: the n-th (−1 = last) such day"
                item={(s) => {
                  const [day = '', n] = s.split('#');
                  const o: Doc = { day: weekDayName(day) };
                  if (n !== undefined) o['occurrence'] = /^-?\d+$/.test(n) ? Number(n) : n;
                  return o;
                }}
              />
            </>
          )}
          {freq !== 'minute' && (
            <ListField
              path="recurrence.schedule.months"
              label="In months"
              placeholder="1, 7"
              hint="1–12; empty = every month"
            />
          )}
          <TextField
            path="recurrence.count"
            label="Stop after (runs)"
            type="number"
            hint="empty = no limit"
          />
          <TextField
            path="recurrence.endTime"
            label="End time"
            placeholder="2027-12-31T00:00:00Z"
            hint="ISO 8601; empty = never"
          />
          <Field path="recurrence.timeZone" label="Time zone" hint="IANA or Windows name; empty = UTC">
            <input
              id="f-recurrence-timeZone"
              name="recurrence.timeZone"
              list="zones"
              autocomplete="off"
              value={(getPath(f.doc, 'recurrence.timeZone') as string | undefined) ?? ''}
              onInput={(e) => f.set('recurrence.timeZone', e.currentTarget.value)}
            />
            <datalist id="zones">
              {ZONES.map((z) => (
                <option key={z} value={z} />
              ))}
            </datalist>
          </Field>
        </>
      )}
    </>
  );
}
