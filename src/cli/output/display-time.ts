/**
 * A wire date-time as the CLI's tables show it. The API writes fractional seconds without trailing
 * zeros, as Azure Scheduler's JSON did (`…17.77Z` for 17.770 s), so rows of one column could end in
 * `.77Z` beside `.776Z`. Here a fraction shorter than milliseconds is padded to three digits; longer
 * ones (a start time given to the tick) and whole seconds are shown as written.
 */
export function displayTime(v: unknown): string {
  if (typeof v !== 'string') return '';
  const m = /^(.*T\d{2}:\d{2}:\d{2})\.(\d{1,2})(Z|[+-]\d{2}:\d{2})$/.exec(v);
  return m ? `${m[1]}.${m[2]!.padEnd(3, '0')}${m[3]}` : v;
}
