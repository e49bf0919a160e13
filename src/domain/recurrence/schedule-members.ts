/**
 * Which schedule members a recurrence unit may have (docs/recurrence.md, "Validation"): none under
 * `minute`, `weekDays` only under `week`, `monthDays` and `monthlyOccurrences` only under `month`;
 * `minutes`, `hours` and `months` under every other unit. One rule for the validator and for the
 * tools that change a unit (the CLI's `--every`, the dashboard's Repeat), which drop what no longer
 * fits instead of saving a schedule the API refuses.
 */
export function scheduleMemberFits(member: string, frequency: string): boolean {
  if (frequency === 'minute') return false;
  if (member === 'weekDays') return frequency === 'week';
  if (member === 'monthDays' || member === 'monthlyOccurrences') return frequency === 'month';
  return true;
}

/** The members of `schedule` with a value (not null, not an empty list) that `frequency` cannot have. */
export function unfitScheduleMembers(
  frequency: string,
  schedule: Readonly<Record<string, unknown>>,
): string[] {
  return Object.keys(schedule).filter((k) => {
    const v = schedule[k];
    const held = v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0);
    return held && !scheduleMemberFits(k, frequency);
  });
}
